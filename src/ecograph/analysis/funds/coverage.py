"""Fund coverage of park firms, amounts and the early-stage share (metrics.md section 3).

Over a group of park firms F (all park firms, F_P(C) of a leading chain C, or
the park firms of one segment), with the *current* ``INVESTS_IN`` edges into
them (date from ``date``, else ``since``; ``until`` not passed):

- ``coverage`` = firms with at least one current investment / |F|, and the same
  ratio per investor type (``by_type``) and per whether the investor serves
  the park (``by_serving``: ``serving`` / ``not_serving``);
- ``amount``: the sum of known amounts (万元), overall, per type and per
  serving split, with ``investments`` and ``amount_unknown`` counts;
- ``early_share``: investments into firms under 3 years old at the investment
  date (投早) / investments whose date and the firm's ``founded`` are known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ecograph.analysis.funds.serving import INVESTOR_TYPES
from ecograph.analysis.ratios import Ratio, make_ratio

__all__ = ["EARLY_YEARS", "Coverage", "Investment", "coverage", "is_early"]

#: A firm under this many years old at the investment date is early (投早).
EARLY_YEARS = 3


@dataclass(frozen=True, slots=True)
class Investment:
    """One current ``INVESTS_IN`` edge into a park firm."""

    investor: str
    firm: str
    type: str
    serving: bool
    amount: float | None
    date: date | None
    early: bool | None


@dataclass(frozen=True)
class Coverage:
    """Coverage, amounts and early share over one group of park firms."""

    firms: int
    coverage: Ratio
    by_type: dict[str, Ratio]
    by_serving: dict[str, Ratio]
    investments: int
    amount: float | None
    amount_unknown: int
    amount_by_type: dict[str, float]
    amount_by_serving: dict[str, float]
    early_share: Ratio
    early_share_serving: Ratio


def is_early(founded: date | None, when: date | None) -> bool | None:
    """True when the firm is under :data:`EARLY_YEARS` years old on ``when``.

    Examples
    --------
    >>> is_early(date(2020, 3, 1), date(2023, 2, 28)), is_early(date(2020, 3, 1), date(2023, 3, 1))
    (True, False)
    >>> is_early(None, date(2023, 1, 1)) is None
    True
    """
    if founded is None or when is None:
        return None
    try:
        birthday = founded.replace(year=founded.year + EARLY_YEARS)
    except ValueError:  # 29 February
        birthday = date(founded.year + EARLY_YEARS, 3, 1)
    return when < birthday


def _early(items: list[Investment]) -> Ratio:
    known = [i for i in items if i.early is not None]
    return make_ratio(sum(1 for i in known if i.early), len(known))


def coverage(firms: Iterable[str],
             investments: Mapping[str, list[Investment]]) -> Coverage:
    """Coverage of ``firms`` by their current ``investments`` (firm → list).

    Examples
    --------
    >>> inv = {"a": [Investment("v", "a", "venture", True, 100.0, None, None)]}
    >>> c = coverage(["a", "b"], inv)
    >>> c.coverage.value, c.by_type["venture"].value, c.by_serving["not_serving"].value
    (0.5, 0.5, 0.0)
    """
    group = sorted(set(firms))
    n = len(group)
    items = [i for f in group for i in investments.get(f, ())]
    covered = {i.firm for i in items}
    by_type = {t: make_ratio(len({i.firm for i in items if i.type == t}), n)
               for t in INVESTOR_TYPES}
    by_serving = {
        "serving": make_ratio(len({i.firm for i in items if i.serving}), n),
        "not_serving": make_ratio(len({i.firm for i in items if not i.serving}), n),
    }
    known = [i for i in items if i.amount is not None]
    amount = sum(i.amount or 0.0 for i in known) if known else None
    amount_by_type = {t: sum(i.amount or 0.0 for i in known if i.type == t)
                      for t in INVESTOR_TYPES}
    amount_by_serving = {"serving": sum(i.amount or 0.0 for i in known if i.serving),
                         "not_serving": sum(i.amount or 0.0 for i in known if not i.serving)}
    return Coverage(n, make_ratio(len(covered), n), by_type, by_serving, len(items), amount,
                    len(items) - len(known), amount_by_type, amount_by_serving,
                    _early(items), _early([i for i in items if i.serving]))
