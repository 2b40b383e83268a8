"""Per-cell parsers compiled from :class:`~ecograph.validation.shapes.PropCheck`.

``compile_parser(check)`` returns a function ``str -> PropValue`` that parses
the cell per ``sh:datatype`` and applies ``sh:in``, ``sh:pattern`` and
``sh:minInclusive``; it raises :class:`CellError` with a readable reason.
Dates are normalised to ``YYYY-MM-DD``; a bare year becomes ``YYYY-01-01``, or
``YYYY-12-31`` for ``until`` (``end_of_year=True``). A date parser remembers the
values it has accepted (a bounded cache: a column holds few distinct dates), so
each distinct value is parsed once per file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache, partial
from math import isfinite

from ecograph.mapping.rows import PropValue
from ecograph.validation.shapes import PropCheck

__all__ = ["INT64_MAX", "CellError", "Parser", "compile_parser", "indicator_ids",
           "normalise_industry", "parse_bool", "parse_date", "parse_year"]

XSD = "http://www.w3.org/2001/XMLSchema#"
Parser = Callable[[str], PropValue]

_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f"})
_DATE_CACHE = 8192  # distinct accepted values remembered per date parser
#: Largest integer a cell may hold: the stores keep 64-bit signed integers.
INT64_MAX = 2**63 - 1
_INDUSTRY = re.compile(r"^([A-Ta-t])?([0-9]{2,4})?$")
# GB/T 4754-2017: the section (门类) letter of each division (大类), by the first division.
_SECTIONS = (("A", 1), ("B", 6), ("C", 13), ("D", 44), ("E", 47), ("F", 51), ("G", 53),
             ("H", 61), ("I", 63), ("J", 66), ("K", 70), ("L", 71), ("M", 73), ("N", 76),
             ("O", 80), ("P", 83), ("Q", 84), ("R", 86), ("S", 91), ("T", 97))


class CellError(ValueError):
    """A cell failed a check; ``str(exc)`` is the reason."""


def parse_date(raw: str, *, end_of_year: bool = False) -> str:
    """Normalise an ISO date or a year to ``YYYY-MM-DD``.

    Examples
    --------
    >>> parse_date("2019"), parse_date("2019", end_of_year=True), parse_date("2019-03-04")
    ('2019-01-01', '2019-12-31', '2019-03-04')
    >>> parse_date("2019-02-30")
    Traceback (most recent call last):
    ...
    ecograph.validation.checks.CellError: not a date (YYYY-MM-DD or YYYY): '2019-02-30'
    """
    if _YEAR.match(raw):
        return f"{raw}-12-31" if end_of_year else f"{raw}-01-01"
    if _DATE.match(raw):
        try:
            date.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return raw
    if len(raw) > 10 and _DATE.match(raw[:10]) and raw[10] in "T ":
        return parse_date(raw[:10])
    raise CellError(f"not a date (YYYY-MM-DD or YYYY): {raw!r}")


def parse_year(raw: str) -> int:
    """Parse a calendar year (``xsd:gYear``): four digits, ``2022`` (``2022.0`` from a workbook).

    Examples
    --------
    >>> parse_year("2022"), parse_year("2022.0")
    (2022, 2022)
    >>> parse_year("22")
    Traceback (most recent call last):
    ...
    ecograph.validation.checks.CellError: not a year (YYYY): '22'
    """
    text = raw[:-2] if raw.endswith(".0") else raw
    if not _YEAR.match(text):
        raise CellError(f"not a year (YYYY): {raw!r}")
    return int(text)


@lru_cache(maxsize=1)
def indicator_ids() -> frozenset[str]:
    """Return the ids of the shipped indicators (``ontology/indicators/*.csv``, column ``id``).

    ``tier_targets_*.csv`` (targets, not indicators) names its indicators in
    the column ``indicator``; those ids count too.

    Examples
    --------
    >>> "hz.1.5" in indicator_ids(), "gx.5.1.2" in indicator_ids(), "x.9" in indicator_ids()
    (True, True, False)
    """
    import csv

    from ecograph.resources import ONTOLOGY_DIR

    found: set[str] = set()
    for path in sorted((ONTOLOGY_DIR / "indicators").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in ("id", "indicator"):
                    value = (row.get(column) or "").strip()
                    if value:
                        found.add(value)
    return frozenset(found)


def parse_indicator(raw: str) -> str:
    """Check an indicator id against :func:`indicator_ids`.

    Examples
    --------
    >>> parse_indicator("hz.1.5")
    'hz.1.5'
    >>> try:
    ...     parse_indicator("hz.99")
    ... except CellError as exc:
    ...     print(exc)
    unknown indicator id 'hz.99' (not in ontology/indicators/*.csv)
    """
    if raw not in indicator_ids():
        raise CellError(f"unknown indicator id {raw!r} (not in ontology/indicators/*.csv)")
    return raw


def normalise_industry(raw: str) -> str:
    """Return the letter-prefixed GB/T 4754-2017 code of ``raw`` (``3841`` → ``C3841``).

    A code is a section letter (门类) and/or a division (大类, 2 digits), group
    (中类, 3) or class (小类, 4); the letter is derived from the division when
    it is left out, and must agree with it when given.

    Examples
    --------
    >>> [normalise_industry(c) for c in ("3841", "C3841", "C38", "38", "c384", "C")]
    ['C3841', 'C3841', 'C38', 'C38', 'C384', 'C']
    >>> normalise_industry("A3841")
    Traceback (most recent call last):
    ...
    ecograph.validation.checks.CellError: industry code 'A3841': division 38 is in section C, not A
    >>> normalise_industry("99")
    Traceback (most recent call last):
    ...
    ecograph.validation.checks.CellError: not a GB/T 4754-2017 industry code: '99' (no division 99)
    """
    found = _INDUSTRY.match(raw.strip())
    if found is None or not raw.strip():
        raise CellError(f"not a GB/T 4754-2017 industry code (e.g. C3841, 3841, C38): {raw!r}")
    letter, digits = found.group(1), found.group(2) or ""
    if not digits:
        return str(letter).upper()
    division = int(digits[:2])
    section = ""
    for name, first in _SECTIONS:
        if division >= first:
            section = name
    if not section or division > 97:
        raise CellError(f"not a GB/T 4754-2017 industry code: {raw!r} (no division {division:02d})")
    if letter is not None and letter.upper() != section:
        raise CellError(f"industry code {raw!r}: division {division:02d} is in section "
                        f"{section}, not {letter.upper()}")
    return section + digits


def parse_bool(raw: str) -> bool:
    """Parse ``true``/``false`` (also ``1``/``0``, ``yes``/``no``).

    Examples
    --------
    >>> parse_bool("TRUE"), parse_bool("0")
    (True, False)
    """
    low = raw.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise CellError(f"not a boolean (true/false): {raw!r}")


def _parse_int(raw: str) -> int:
    try:
        number = int(raw)
    except ValueError:
        try:
            value = float(raw)
        except ValueError:
            raise CellError(f"not an integer: {raw!r}") from None
        if not value.is_integer():
            raise CellError(f"not an integer: {raw!r}") from None
        number = int(value)
    if -INT64_MAX - 1 <= number <= INT64_MAX:
        return number
    raise CellError(f"integer out of range (64-bit, at most {INT64_MAX}): {raw!r}")


def _parse_float(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise CellError(f"not a number: {raw!r}") from None
    if not isfinite(value):
        raise CellError(f"not a finite number: {raw!r}")
    return value


def compile_parser(check: PropCheck | None, *, end_of_year: bool = False) -> Parser:
    """Return the cell parser for ``check`` (plain string when ``None``).

    Examples
    --------
    >>> from ecograph.validation.shapes import load_shapes
    >>> from ecograph.vocab import ECO, Label
    >>> emp = compile_parser(load_shapes().props_for(Label.Enterprise)[ECO + "employees"])
    >>> emp("120")
    120
    >>> emp("many")
    Traceback (most recent call last):
    ...
    ecograph.validation.checks.CellError: not an integer: 'many'
    >>> lvl = compile_parser(load_shapes().props_for(Label.Incubator)[ECO + "level"])
    >>> try:
    ...     lvl("galactic")
    ... except CellError as exc:
    ...     print(exc)
    'galactic' not in allowed values: municipal, national, other, provincial
    """
    if check is None:
        return str
    datatype = check.datatype
    base: Parser
    number: Callable[[str], float] | None = None
    if datatype == XSD + "integer":
        base = number = _parse_int
    elif datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        base = number = _parse_float
    elif datatype == XSD + "date":
        base = partial(parse_date, end_of_year=True) if end_of_year else parse_date
    elif datatype == XSD + "boolean":
        base = parse_bool
    elif datatype == XSD + "gYear":
        base = parse_year
    else:
        base = str
    parser = _constrained(base, check, number)
    if datatype == XSD + "date":
        # Only accepted values are cached (a raising call stores nothing).
        return lru_cache(maxsize=_DATE_CACHE)(parser)
    return parser


def _constrained(base: Parser, check: PropCheck,
                 number: Callable[[str], float] | None) -> Parser:
    """Wrap ``base`` with the ``sh:in``, ``sh:pattern`` and ``sh:minInclusive`` checks.

    The checks run in that order after ``base``; the common single-check cases
    get a closure of their own (same reasons, fewer steps per cell). ``number``
    is ``base`` when it is a numeric parser.
    """
    allowed, pattern, low = check.allowed, check.pattern, check.min_inclusive
    if allowed is None and pattern is None and low is None:
        return base
    listed = ", ".join(sorted(allowed)) if allowed is not None else ""
    if allowed is not None and pattern is None and low is None and base is str:
        def parse_allowed(raw: str) -> PropValue:
            if raw not in allowed:
                raise CellError(f"{raw!r} not in allowed values: {listed}")
            return raw

        return parse_allowed
    if low is not None and allowed is None and pattern is None and number is _parse_float:
        def parse_float_at_least(raw: str) -> PropValue:  # _parse_float, then the bound
            try:
                value = float(raw)
            except ValueError:
                raise CellError(f"not a number: {raw!r}") from None
            if not isfinite(value):
                raise CellError(f"not a finite number: {raw!r}")
            if value < low:
                raise CellError(f"{raw!r} is below the minimum {low:g}")
            return value

        return parse_float_at_least
    if low is not None and allowed is None and pattern is None and number is not None:
        def parse_at_least(raw: str) -> PropValue:
            value = number(raw)
            if value < low:
                raise CellError(f"{raw!r} is below the minimum {low:g}")
            return value

        return parse_at_least

    def parse(raw: str) -> PropValue:
        value = base(raw)
        if allowed is not None and raw not in allowed:
            raise CellError(f"{raw!r} not in allowed values: {listed}")
        if pattern is not None and not pattern.search(raw):
            raise CellError(f"{raw!r} does not match {pattern.pattern}")
        if low is not None and isinstance(value, (int, float)) and value < low:
            raise CellError(f"{raw!r} is below the minimum {low:g}")
        return value

    return parse
