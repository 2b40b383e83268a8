"""Row checks for tabular input, compiled once per file from the mapping and the shapes.

A :class:`TableChecker` is built from a :class:`~ecograph.mapping.tables.TableMapping`,
the file's header and the :class:`~ecograph.validation.shapes.CompiledShapes`.
Its :meth:`~TableChecker.node` / :meth:`~TableChecker.edge` turn one record
(a list of cells) into a :class:`NodeDraft` / :class:`EdgeDraft`, or raise
:class:`RowError` listing *every* problem of the record (column, reason,
value, severity). Cross-row checks (known ids, domain and range, duplicates,
cycles) are the loader's job.

Bad input rules applied here (data model, "What bad input gets"):

- a malformed value in an optional descriptive column of a node table
  (:data:`OPTIONAL_CELLS`) rejects the cell, not the row: the node loads
  without that property and the problem is a ``warning``;
- industry codes are normalised (``3841``, ``C38``, ``38`` → ``C3841``,
  ``C38``) with :func:`~ecograph.validation.checks.normalise_industry`;
- a cell holding a control character (U+0000–U+001F except tab, newline and
  carriage return, U+007F) or a U+FEFF, and an id holding a zero-width
  character, is an error located at its column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from rdflib import RDFS

from ecograph.mapping.rows import PropValue
from ecograph.mapping.tables import EDGE_ATTR_OVERRIDES, ColumnMap, TableMapping
from ecograph.mapping.terms import ECO_NS
from ecograph.validation.checks import (
    CellError,
    Parser,
    compile_parser,
    normalise_industry,
    parse_date,
    parse_indicator,
    parse_year,
)
from ecograph.validation.shapes import CompiledShapes
from ecograph.vocab import Label, RelType, ancestors

__all__ = ["OPTIONAL_CELLS", "EdgeDraft", "NodeDraft", "Problem", "RowError", "TableChecker",
           "snake_case"]

#: Optional descriptive columns whose malformed value rejects the cell, not the row.
OPTIONAL_CELLS = frozenset({"founded", "employees", "revenue", "rd_expense", "level",
                            "industry", "province", "city"})
#: (column, reason, value, severity); severity is ``"error"`` or ``"warning"``.
Problem = tuple[str, str, str, str]
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_BAD_ID_CHARS = re.compile("[\u200b-\u200f\u2060\ufeff]")
_ANY_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff]")
_INDUSTRY_COLUMNS = frozenset({"industry", "code"})

_NON_WORD = re.compile(r"[^0-9a-zA-Z_]+")
_UNTIL = "until"
_REL_TYPES: dict[str, RelType] = {str(rel): rel for rel in RelType}

_Cells = Callable[[Sequence[str]], tuple[str, ...]]
# (cells of the plan's columns, per column: (prop, column, parser; None = keep the text))
_Plan = tuple[_Cells, tuple[tuple[str, str, Parser | None], ...]]
_INDICATOR = str(ECO_NS.indicator)


class RowError(ValueError):
    """A record failed a check; ``problems`` lists every problem found in it.

    ``column`` / ``reason`` / ``value`` are those of the first problem;
    ``node_id`` and ``label`` are what the record said its id and class were
    (for the duplicate-id check of a rejected row).
    """

    def __init__(self, column: str, reason: str, value: str = "", *,
                 problems: list[Problem] | None = None, node_id: str = "",
                 label: Label | None = None) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason
        self.value = value
        self.problems: list[Problem] = problems or [(column, reason, value, "error")]
        self.node_id = node_id
        self.label = label

    @classmethod
    def of(cls, problems: list[Problem], node_id: str = "",
           label: Label | None = None) -> RowError:
        """Return the error of a record with ``problems`` (the first error leads)."""
        first = next(p for p in problems if p[3] == "error")
        return cls(first[0], first[1], first[2], problems=problems, node_id=node_id,
                   label=label)


@dataclass(slots=True)
class NodeDraft:
    """A checked node record: id, class, props and the derived references."""

    id: str
    label: Label
    props: dict[str, PropValue]
    refs: list[tuple[str, RelType, str]] = field(default_factory=list)
    chain: tuple[str, str] | None = None
    warnings: list[Problem] = field(default_factory=list)
    #: Derived edges *into* this node: (column, rel, source id) — an observation's
    #: owner (``HAS_STATS``) or an event's participants (``PARTICIPATES_IN``).
    owners: list[tuple[str, RelType, str]] = field(default_factory=list)


@dataclass(slots=True)
class EdgeDraft:
    """A checked edge record; its ends are resolved later."""

    rel: RelType
    source: str
    target: str
    props: dict[str, PropValue]


def _getter(indexes: Sequence[int]) -> _Cells:
    """Return a function giving the cells at ``indexes`` of a record, as a tuple.

    Examples
    --------
    >>> _getter([2, 0])(["a", "b", "c"]), _getter([1])(["a", "b"]), _getter([])(["a"])
    (('c', 'a'), ('b',), ())
    """
    if len(indexes) >= 2:
        return itemgetter(*indexes)
    if len(indexes) == 1:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return lambda cells: ()


def _visible(text: str) -> str:
    """Return ``text`` with its control and invisible characters written as escapes.

    Examples
    --------
    >>> _visible("甲\\x00公司"), _visible("E\\ufeff1")
    ('甲\\\\x00公司', 'E\\\\ufeff1')
    """
    return _ANY_BAD.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def snake_case(column: str) -> str:
    """Return the snake_case property name of an unknown column.

    Examples
    --------
    >>> snake_case("Patent Count"), snake_case("unifiedSocialCreditCode")
    ('patent_count', 'unified_social_credit_code')
    """
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", column.strip())
    return _NON_WORD.sub("_", text).strip("_").lower() or "column"


class TableChecker:
    """Checks and maps the records of one file.

    Examples
    --------
    >>> from ecograph.mapping.tables import TABLES
    >>> from ecograph.validation.shapes import load_shapes
    >>> checker = TableChecker(TABLES["organizations"], ["id", "name", "type", "employees"],
    ...                        load_shapes())
    >>> checker.node(["a", "甲", "Enterprise", "12"]).props
    {'name': '甲', 'employees': 12}
    >>> checker.node(["b", "乙", "Spaceship", ""])
    Traceback (most recent call last):
    ...
    ecograph.validation.tabular.RowError: unknown type 'Spaceship' (not a kind of Organization)
    """

    def __init__(self, table: TableMapping, header: Sequence[str], shapes: CompiledShapes) -> None:
        self.table = table
        self.shapes = shapes
        names = [h.strip().lstrip("\ufeff") for h in header]
        self.names = names
        counted = Counter(n for n in names if n)
        self.duplicates = [n for n, count in counted.items() if count > 1]
        self.columns: list[tuple[int, ColumnMap]] = []
        self.extras: list[tuple[int, str, str]] = []
        known = {c.column for c in table.columns}
        for index, name in enumerate(names):
            if name in known:
                self.columns.extend((index, c) for c in table.columns if c.column == name)
            elif name:
                self.extras.append((index, name, snake_case(name)))
        present = {c.column for _, c in self.columns}
        self.missing = [c.column for c in table.columns if c.required and c.column not in present]
        self.width = len(names)
        # per label (None: edge attributes, then per relationship type)
        self._plans: dict[tuple[Label | None, RelType | None], _Plan] = {}
        self._ends = [(index, col.column, col.role) for index, col in self.columns
                      if col.role in ("id", "target", "rel_type")]
        self._fast_ends = self._single_ends()
        self._order = [(lesser.rsplit("#", 1)[-1], greater.rsplit("#", 1)[-1], message)
                       for lesser, greater, message in shapes.order_pairs]
        self._index_of = {col.column: index for index, col in self.columns}
        self._industry_at = sorted({index for index, col in self.columns
                                    if col.column in _INDUSTRY_COLUMNS})
        self._id_at = [index for index, col in self.columns if col.role in ("id", "target")]
        # the cell rule is for descriptive columns of parks and organisations; in the
        # v2 tables (org_stats …) a bad statistic rejects the row
        self._optional = table.entity == "node" and table.base in (
            Label.Organization, Label.Park, Label.ChainSegment)
        self._structure = [(index, col, col.role) for index, col in self.columns
                           if col.role != "value"]
        base = table.base
        self._classes: dict[str, Label] = {
            str(x): x for x in Label if base is not None and base in ancestors(x)}
        self._label_required = {
            label: any(c.min_count and p == str(RDFS.label)
                       for p, c in shapes.props_for(label).items())
            for label in Label
        }
        self._required_values = [col for _, col in self.columns
                                 if col.required and col.role == "value"]
        self._target_allowed: frozenset[str] | None = None
        for col in table.columns:
            if col.role == "target" and col.term is not None and base is not None:
                check = shapes.props_for(base).get(str(col.term))
                self._target_allowed = check.allowed if check is not None else None
        self._target_column = next((c.column for c in table.columns if c.role == "target"),
                                   "target")

    def _single_ends(self) -> tuple[int, int, int] | None:
        """Return the (source, target, type or -1) indexes when each end column occurs once."""
        found: dict[str, list[int]] = {"id": [], "target": [], "rel_type": []}
        for index, _column, role in self._ends:
            found[role].append(index)
        if len(found["id"]) != 1 or len(found["target"]) != 1 or len(found["rel_type"]) > 1:
            return None
        return found["id"][0], found["target"][0], (found["rel_type"] or [-1])[0]

    def _plan(self, label: Label | None, rel: RelType | None = None) -> _Plan:
        """Return the value columns of ``label`` with their compiled parsers (cached).

        Compiled once per file and label (edge attributes: per relationship
        type, whose terms :data:`~ecograph.mapping.tables.EDGE_ATTR_OVERRIDES`
        may change): a getter that takes the plan's cells out of a record in
        one call, and per cell the prop, the column and the parser (``None``
        for a plain string, kept as it is).
        """
        cached = self._plans.get((label, rel))
        if cached is not None:
            return cached
        checks = self.shapes.props_for(label) if label is not None else self.shapes.edge_props
        overrides = EDGE_ATTR_OVERRIDES.get(rel, {}) if rel is not None else {}
        indexes: list[int] = []
        meta: list[tuple[str, str, Parser | None]] = []
        for index, col in self.columns:
            if col.role == "value" and col.term is not None:
                term = str(overrides.get(col.column, col.term))
                parse = compile_parser(checks.get(term), end_of_year=col.column == _UNTIL)
                if term == _INDICATOR:
                    parse = parse_indicator
                indexes.append(index)
                meta.append((col.prop or col.column, col.column, None if parse is str else parse))
        plan = (_getter(indexes), tuple(meta))
        self._plans[(label, rel)] = plan
        return plan

    def _padded(self, cells: Sequence[str]) -> Sequence[str]:
        """Return ``cells`` with empty cells added up to the header's width."""
        short = self.width - len(cells)
        return [*cells, *("",) * short] if short > 0 else cells

    def _fill(self, cells: Sequence[str], width: int, label: Label | None,
              props: dict[str, PropValue], problems: list[Problem],
              rel: RelType | None = None) -> None:
        """Parse the value and extra columns of ``cells`` (padded; ``width`` its real length).

        Each bad cell adds a problem: a ``warning`` for an optional descriptive
        column of a node table (the property is left out), else an ``error``.
        """
        plan = self._plans.get((label, rel))
        getter, meta = plan if plan is not None else self._plan(label, rel)
        raws = getter(cells)
        # compress skips the empty cells without a Python step each
        for (prop, column, parse), raw in compress(zip(meta, raws, strict=False), raws):
            raw = raw.strip()
            if raw:
                if parse is None:
                    props[prop] = raw
                    continue
                try:
                    props[prop] = parse(raw)
                except CellError as exc:
                    severity = "warning" if self._optional and column in OPTIONAL_CELLS \
                        else "error"
                    problems.append((column, str(exc), raw, severity))
        if self.extras:
            for index, _name, prop in self.extras:
                raw = cells[index].strip()
                if raw and prop not in props:
                    props[prop] = raw
        if label is None:
            for lesser, greater, message in self._order:
                high = props.get(greater)
                if high is None:
                    continue
                low = props.get(lesser)
                if low is not None and str(high) < str(low):
                    index = self._index_of.get(greater, -1)
                    raw = cells[index].strip() if 0 <= index < width else str(high)
                    problems.append((greater, message, raw, "error"))
        elif self._label_required[label] and "name" not in props and \
                not any(p[0] == "name" for p in problems):
            problems.append(("name", "missing required value", "", "error"))

    def _scan(self, cells: Sequence[str], problems: list[Problem]) -> list[str] | None:
        """Check the characters and industry codes of a record.

        Returns a copy of ``cells`` with bad cells blanked and industry codes
        normalised, or ``None`` when the record needs no change (the common case:
        one regular-expression search over the joined record).
        """
        joined = ",".join(cells)
        bad = _BAD_CHARS.search(joined) is not None
        fixed: list[str] | None = None
        if bad:
            fixed = list(cells)
            for index, cell in enumerate(cells):
                found = _BAD_CHARS.search(cell)
                if found is not None:
                    column = self.names[index] if index < len(self.names) else f"#{index + 1}"
                    kind = "invisible character" if found.group() == "\ufeff" \
                        else "control character"
                    problems.append((column, f"{kind} U+{ord(found.group()):04X} at "
                                     f"position {found.start() + 1} (not allowed in a cell)",
                                     _visible(cell[:80]), "error"))
                    fixed[index] = ""
        for index in self._id_at:
            cell = cells[index]
            found = _BAD_ID_CHARS.search(cell)
            if found is not None and (fixed is None or fixed[index]):
                fixed = fixed if fixed is not None else list(cells)
                problems.append((self.names[index], "invisible character "
                                 f"U+{ord(found.group()):04X} at position "
                                 f"{found.start() + 1} of an id", _visible(cell), "error"))
                fixed[index] = ""
        for index in self._industry_at:
            raw = (fixed if fixed is not None else cells)[index].strip()
            if not raw:
                continue
            try:
                code = normalise_industry(raw)
            except CellError as exc:
                column = self.names[index]
                severity = "warning" if self._optional and column in OPTIONAL_CELLS else "error"
                problems.append((column, str(exc), raw, severity))
                code = ""
            if code != raw:
                fixed = fixed if fixed is not None else list(cells)
                fixed[index] = code
        return fixed

    def node(self, cells: Sequence[str]) -> NodeDraft:
        """Map one record of a node table (raises :class:`RowError`)."""
        table = self.table
        node_id = ""
        label = table.default_label
        props: dict[str, PropValue] = {}
        refs: list[tuple[str, RelType, str]] = []
        owners: list[tuple[str, RelType, str]] = []
        chain_id, chain_name = "", ""
        width = len(cells)
        cells = self._padded(cells)
        problems: list[Problem] = []
        fixed = self._scan(cells, problems)
        if fixed is not None:
            cells = fixed
        blanked = {p[0] for p in problems}
        class_ok = True
        for index, col, role in self._structure:
            raw = cells[index].strip()
            if not raw:
                if col.required and col.column not in blanked:
                    problems.append((col.column, "missing required value", "", "error"))
                    class_ok = class_ok and role != "class"
                continue
            if role == "id":
                node_id = raw
            elif role == "class":
                found = self._classes.get(raw)
                if found is None:
                    problems.append((col.column, f"unknown {col.column} {raw!r} "
                                     f"(not a kind of {table.base})", raw, "error"))
                    class_ok = False
                    continue
                label = found
            elif role == "name":
                props[col.prop or "name"] = raw
            elif role == "ref" and col.rel is not None:
                refs.append((col.column, col.rel, raw))
            elif role == "list":
                try:
                    props[col.prop or col.column] = self._list(col, raw, label)
                except RowError as exc:
                    problems.append((exc.column, exc.reason, exc.value, "error"))
            elif role == "chain":
                chain_id = raw
            elif role == "chain_name":
                chain_name = raw
            elif role == "refs" and col.rel is not None:
                refs.extend((col.column, col.rel, part.strip())
                            for part in raw.split(";") if part.strip())
            elif role == "owner" and col.rel is not None:
                props[col.prop or col.column] = raw
                owners.append((col.column, col.rel, raw))
            elif role == "members" and col.rel is not None:
                members = list(dict.fromkeys(p.strip() for p in raw.split(";") if p.strip()))
                if len(members) < 2:
                    problems.append((col.column, f"an event needs at least two distinct "
                                     f"participants, got {len(members)}", raw, "error"))
                owners.extend((col.column, col.rel, member) for member in members)
            elif role == "when":
                self._when(col, raw, props, problems)
        if label is None and class_ok:
            problems.append(("type", "missing required value", "", "error"))
        self._fill(cells, width, label or table.base or table.default_label, props, problems)
        if table.id_columns:
            node_id = self._composite_id(props, problems)
        for col in self._required_values:
            if (col.prop or col.column) not in props and \
                    not any(p[0] == col.column for p in problems):
                problems.append((col.column, "missing required value", "", "error"))
        if label is None or any(p[3] == "error" for p in problems):
            raise RowError.of(problems, node_id, label)
        draft = NodeDraft(node_id, label, props, refs, warnings=problems, owners=owners)
        if chain_id:
            draft.chain = (chain_id, chain_name)
            refs.insert(0, ("chain", RelType.SEGMENT_OF, chain_id))
        return draft

    @staticmethod
    def _when(col: ColumnMap, raw: str, props: dict[str, PropValue],
              problems: list[Problem]) -> None:
        """Read a date-or-year cell: a full date is ``date`` (and ``year``), a year ``year``."""
        try:
            year = parse_year(raw)
        except CellError:
            try:
                when = parse_date(raw)
            except CellError as exc:
                problems.append((col.column, str(exc), raw, "error"))
                return
            props[col.prop or col.column] = when
            props.setdefault("year", int(when[:4]))
            return
        props.setdefault("year", year)

    def _composite_id(self, props: dict[str, PropValue], problems: list[Problem]) -> str:
        """Return the ``@``-joined id of a table with ``id_columns`` ("" when a part is missing).

        A missing part is a problem of its column unless the column already has one.
        """
        parts: list[str] = []
        named = {p[0] for p in problems}
        for column in self.table.id_columns:
            col = self.table.column(column)
            value = props.get(col.prop or column) if col is not None else None
            if value is None or value == "":
                if column not in named:
                    problems.append((column, "missing required value", "", "error"))
                parts.append("")
                continue
            parts.append(str(value))
        return "@".join(parts) if all(parts) else ""

    def _list(self, col: ColumnMap, raw: str, label: Label | None) -> list[str]:
        label = label or self.table.base  # an unknown type: check against the base class
        check = self.shapes.props_for(label).get(str(col.term)) if label is not None else None
        values = sorted({part.strip() for part in raw.split(";") if part.strip()})
        if check is not None and check.allowed is not None:
            for value in values:
                if value not in check.allowed:
                    singular = col.column.rstrip("s")
                    raise RowError(col.column, f"unknown {singular} name {value!r}", value)
        return values

    def edge(self, cells: Sequence[str]) -> EdgeDraft:
        """Map one record of an edge table (raises :class:`RowError`)."""
        return EdgeDraft(*self.edge_parts(cells))

    def edge_parts(self, cells: Sequence[str]) -> tuple[RelType, str, str, dict[str, PropValue]]:
        """Return ``(rel, source, target, props)`` of one edge record, as :meth:`edge` does.

        The loader's per-row entry point: a tuple, no draft object. Rows whose
        ends are all present take a short path; any other row goes through the
        general one, which finds the first bad end column in header order.

        Examples
        --------
        >>> from ecograph.mapping.tables import TABLES
        >>> from ecograph.validation.shapes import load_shapes
        >>> checker = TableChecker(TABLES["relations"], ["source", "target", "type", "since"],
        ...                        load_shapes())
        >>> checker.edge_parts(["a", "b", "SUPPLIES", "2019"])
        (<RelType.SUPPLIES: 'SUPPLIES'>, 'a', 'b', {'since': '2019-01-01'})
        >>> checker.edge_parts(["a", "", "SUPPLIES"])
        Traceback (most recent call last):
        ...
        ecograph.validation.tabular.RowError: missing required value
        """
        width = len(cells)
        if width < self.width:
            cells = self._padded(cells)
        problems: list[Problem] = []
        fixed = self._scan(cells, problems)
        if fixed is not None:
            cells = fixed
        if problems:
            return self._edge_general(cells, width, problems)
        fast = self._fast_ends
        if fast is not None:
            source_at, target_at, type_at = fast
            source = cells[source_at].strip()
            target = cells[target_at].strip()
            rel = self.table.edge_type if type_at < 0 else _REL_TYPES.get(cells[type_at].strip())
            allowed = self._target_allowed
            if source and target and rel is not None and (allowed is None or target in allowed):
                props: dict[str, PropValue] = {}
                self._fill(cells, width, None, props, problems, rel)
                if problems:
                    raise RowError.of(problems)
                return rel, source, target, props
        return self._edge_general(cells, width, problems)

    def _edge_general(self, cells: Sequence[str], width: int, problems: list[Problem],
                      ) -> tuple[RelType, str, str, dict[str, PropValue]]:
        source = target = ""
        rel = self.table.edge_type
        blanked = {p[0] for p in problems}
        for index, column, role in self._ends:
            raw = cells[index].strip()
            if not raw:
                if column not in blanked:
                    problems.append((column, "missing required value", "", "error"))
                continue
            if role == "id":
                source = raw
            elif role == "target":
                allowed = self._target_allowed
                if allowed is not None and raw not in allowed:
                    problems.append((column, f"unknown {column} {raw!r} (allowed: "
                                     f"{', '.join(sorted(allowed))})", raw, "error"))
                    continue
                target = raw
            else:
                found = _REL_TYPES.get(raw)
                if found is None:
                    problems.append((column, f"unknown relation type {raw!r}", raw, "error"))
                    continue
                rel = found
        if rel is None and not problems:
            problems.append(("type", "missing required value", "", "error"))
        props: dict[str, PropValue] = {}
        self._fill(cells, width, None, props, problems, rel)
        if problems or rel is None:
            raise RowError.of(problems)
        return rel, source, target, props
