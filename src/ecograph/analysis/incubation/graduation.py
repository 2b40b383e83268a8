"""Graduation criteria of the national incubator rules (科技企业孵化器管理办法, 2018).

A firm in an active stay may graduate when it meets **any** of (``metrics.md`` §2):

1. ``HighTechEnterprise``: it holds the qualification at ``as_of``
   (``qualifications.csv`` history, else the ``qualifications`` property).
2. ``financing``: cumulative angel or venture financing ≥ 500 万元: the sum of
   ``amount`` over ``INVESTS_IN`` edges from ``AngelFund`` or
   ``VentureCapitalFund`` organisations whose date (``date``, else ``since``)
   is on or before ``as_of``; acquisition rounds are not financing. When the
   known sum falls short but such an investment has no date or no amount, the
   criterion is ``unknown``.
3. ``revenue``: revenue of the last two complete years at ``as_of`` together
   ≥ 1,000 万元, read from ``org_stats``; a year is complete once its 31
   December is on or before ``as_of`` (so at 2024-06-30 the years are 2022 and
   2023, at 2024-12-31 they are 2023 and 2024); ``unknown`` when either year's
   revenue is missing.
4. ``acquired_or_listed``: an ``INVESTS_IN`` edge into the firm with round
   ``acquisition`` dated on or before ``as_of``, or the qualification
   ``Listed`` at ``as_of``.

Each criterion is ``met``, ``not_met`` or ``unknown``; a firm is eligible when
one is ``met``. :data:`GRADUATION_RULES` states each rule as applied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.common import as_number, has_label, parse_date
from ecograph.analysis.observations import QualificationSpan, qualifications_at

__all__ = [
    "ACQUISITION_ROUNDS",
    "CRITERIA",
    "FINANCING_THRESHOLD_WAN",
    "GRADUATION_RULES",
    "REVENUE_THRESHOLD_WAN",
    "GraduationCheck",
    "graduation_check",
    "investment_date",
    "revenue_years",
]

#: 5,000,000 CNY in 万元.
FINANCING_THRESHOLD_WAN = 500.0
#: 10,000,000 CNY in 万元 (two years together).
REVENUE_THRESHOLD_WAN = 1000.0
#: ``INVESTS_IN.round`` values (lower-cased) read as an acquisition.
ACQUISITION_ROUNDS = frozenset({"acquisition", "acquired", "m&a", "并购", "收购"})
#: Criterion names, in the order of the 2018 rules.
CRITERIA: tuple[str, ...] = ("HighTechEnterprise", "financing", "revenue", "acquired_or_listed")
#: Each criterion as this module applies it (echoed in outputs).
GRADUATION_RULES: dict[str, str] = {
    "HighTechEnterprise": "holds HighTechEnterprise (高新技术企业) at as_of",
    "financing": "sum of INVESTS_IN.amount (万元) from AngelFund / VentureCapitalFund dated"
    " (date, else since) on or before as_of >= 500; unknown when short and an angel/venture"
    " investment lacks a date or an amount",
    "revenue": "org_stats revenue of the last two complete years at as_of together >= 1000"
    " 万元; unknown when either year is missing",
    "acquired_or_listed": "INVESTS_IN round acquisition dated on or before as_of, or Listed"
    " at as_of",
}

_INVESTS_IN = "INVESTS_IN"
_EARLY_INVESTORS = ("AngelFund", "VentureCapitalFund")


@dataclass(frozen=True)
class GraduationCheck:
    """Each criterion's status for one firm, with the figures behind them."""

    firm: str
    status: dict[str, str]
    financing_wan: float
    revenue_years: dict[int, float | None]
    revenue_wan: float | None
    evidence: tuple[str, ...]

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria met, in rule order."""
        return tuple(c for c in CRITERIA if self.status.get(c) == "met")

    @property
    def eligible(self) -> bool:
        """True when at least one criterion is met."""
        return bool(self.criteria)


def revenue_years(as_of: date) -> tuple[int, int]:
    """The last two complete years at ``as_of`` (a year is complete on its 31 December).

    Examples
    --------
    >>> revenue_years(date(2024, 6, 30)), revenue_years(date(2024, 12, 31))
    ((2022, 2023), (2023, 2024))
    """
    last = as_of.year if as_of >= date(as_of.year, 12, 31) else as_of.year - 1
    return (last - 1, last)


def investment_date(attrs: Mapping[str, object]) -> date | None:
    """The date of an ``INVESTS_IN`` edge: ``date``, else ``since`` (metrics.md section 0).

    Examples
    --------
    >>> investment_date({"date": "2021-05-01", "since": "2019-01-01"})
    datetime.date(2021, 5, 1)
    >>> investment_date({"since": "2024-03-01"}), investment_date({})
    (datetime.date(2024, 3, 1), None)
    """
    return parse_date(attrs.get("date")) or parse_date(attrs.get("since"))


def graduation_check(
    graph: nx.MultiDiGraph,
    firm: str,
    *,
    as_of: date,
    stats: Mapping[str, Mapping[int, Mapping[str, float]]] | None = None,
    spans: Mapping[str, Iterable[QualificationSpan]] | None = None,
) -> GraduationCheck:
    """Check ``firm`` against the 2018 national incubator graduation criteria.

    Parameters
    ----------
    graph
        The NetworkX projection.
    firm
        Organisation id.
    as_of
        Reference date.
    stats, spans
        ``org_year_stats(graph)`` and ``qualification_spans(graph)``, passed
        when checking many firms (read from ``graph`` when None).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("f", label="Enterprise", qualifications=["TechSME"])
    >>> g.add_node("v", labels=frozenset({"Organization", "Fund", "VentureCapitalFund"}))
    >>> _ = g.add_edge("v", "f", type="INVESTS_IN", amount=300.0, date="2022-05-01")
    >>> _ = g.add_edge("v", "f", type="INVESTS_IN", amount=200.0, since="2023-05-01")
    >>> check = graduation_check(g, "f", as_of=date(2024, 1, 1),
    ...                          stats={"f": {2022: {"revenue": 600.0}}})
    >>> check.status
    {'HighTechEnterprise': 'not_met', 'financing': 'met', 'revenue': 'unknown', \
'acquired_or_listed': 'not_met'}
    """
    if stats is None or spans is None:
        from ecograph.analysis.observations import org_year_stats, qualification_spans

        stats = org_year_stats(graph) if stats is None else stats
        spans = qualification_spans(graph) if spans is None else spans
    held = qualifications_at(graph, firm, as_of, spans) if firm in graph else frozenset()
    status: dict[str, str] = {}
    evidence: list[str] = []

    status["HighTechEnterprise"] = "met" if "HighTechEnterprise" in held else "not_met"
    if status["HighTechEnterprise"] == "met":
        evidence.append("持有高新技术企业资质 / holds HighTechEnterprise")

    amounts: list[float] = []
    doubtful, deal = False, None
    for investor, _, edge in graph.in_edges(firm, data=True) if firm in graph else ():
        if edge.get("type") != _INVESTS_IN:
            continue
        when = investment_date(edge)
        is_deal = str(edge.get("round", "")).strip().lower() in ACQUISITION_ROUNDS
        if is_deal:
            if when is not None and when <= as_of and deal is None:
                deal = f"被 {investor} 收购 / acquired by {investor} ({when.isoformat()})"
            continue
        if not any(has_label(graph, investor, lab) for lab in _EARLY_INVESTORS):
            continue
        amount = as_number(edge.get("amount"))
        if when is not None and when > as_of:
            continue
        if when is None or amount is None:
            doubtful = True
            continue
        amounts.append(amount)
    financing = math.fsum(amounts)  # exactly rounded: the same in any edge order
    if financing >= FINANCING_THRESHOLD_WAN:
        status["financing"] = "met"
        evidence.append(f"天使/创投累计融资 {financing:g} 万元 ≥ 500 / angel+VC financing")
    else:
        status["financing"] = "unknown" if doubtful else "not_met"

    years = revenue_years(as_of)
    own = (stats or {}).get(firm, {})
    by_year = {y: own.get(y, {}).get("revenue") for y in years}
    revenue: float | None = None
    if any(v is None for v in by_year.values()):
        status["revenue"] = "unknown"
    else:
        revenue = sum(v for v in by_year.values() if v is not None)
        status["revenue"] = "met" if revenue >= REVENUE_THRESHOLD_WAN else "not_met"
        if status["revenue"] == "met":
            evidence.append(f"{years[0]}–{years[1]} 年营收合计 {revenue:g} 万元 ≥ 1000 / "
                            "two-year revenue")

    if deal is None and "Listed" in held:
        deal = "已上市 / Listed"
    status["acquired_or_listed"] = "met" if deal is not None else "not_met"
    if deal is not None:
        evidence.append(deal)
    return GraduationCheck(firm, status, financing, by_year, revenue, tuple(evidence))
