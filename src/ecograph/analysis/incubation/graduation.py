"""Graduation criteria of the national incubator rules (科技企业孵化器管理办法, 2018).

A firm in incubation may graduate when it meets **any** of:

1. ``HighTechEnterprise`` — recognised high-tech enterprise (qualification
   ``HighTechEnterprise`` on the node).
2. ``financing`` — cumulative financing ≥ 5,000,000 CNY (500 万元): the sum of
   the ``amount`` of every ``INVESTS_IN`` edge into the firm dated on or before
   ``today`` (undated edges count). Relation ``amount`` has no unit in the data
   model; it is read in 万元 like the organisation money columns (``revenue``,
   ``rd_expense``). Acquisition rounds are not financing and are left out.
3. ``revenue`` — revenue over the last two years ≥ 10,000,000 CNY (1,000 万元).
   The graph holds one annual ``revenue`` figure (万元, the latest year). Read
   conservatively, the unknown earlier year counts as 0, so the rule met here
   is ``revenue ≥ 1000`` 万元 on its own (never ``2 × revenue``).
4. ``acquired_or_listed`` — the qualification ``Listed``; or an ``INVESTS_IN``
   edge into the firm whose ``round`` names an acquisition or an IPO
   (see :data:`ACQUISITION_ROUNDS`, :data:`LISTING_ROUNDS`); or a truthy node
   property ``acquired`` / non-empty ``acquired_by``.

:data:`GRADUATION_RULES` states each rule as applied; outputs echo it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.common import as_number, parse_date, qualifications
from ecograph.vocab import Qualification, RelType

__all__ = [
    "ACQUISITION_ROUNDS",
    "CRITERIA",
    "FINANCING_THRESHOLD_WAN",
    "GRADUATION_RULES",
    "LISTING_ROUNDS",
    "REVENUE_THRESHOLD_WAN",
    "GraduationCheck",
    "graduation_check",
]

#: 5,000,000 CNY in 万元.
FINANCING_THRESHOLD_WAN = 500.0
#: 10,000,000 CNY in 万元 (compared with the latest annual revenue alone).
REVENUE_THRESHOLD_WAN = 1000.0
#: ``INVESTS_IN.round`` values (lower-cased) read as an acquisition.
ACQUISITION_ROUNDS = frozenset({"acquisition", "acquired", "m&a", "merger", "并购", "收购", "兼并"})
#: ``INVESTS_IN.round`` values (lower-cased) read as a listing.
LISTING_ROUNDS = frozenset({"ipo", "listing", "上市", "挂牌"})
#: Criterion names, in the order of the 2018 rules.
CRITERIA: tuple[str, ...] = ("HighTechEnterprise", "financing", "revenue", "acquired_or_listed")
#: Each criterion as this module applies it (echoed in outputs).
GRADUATION_RULES: dict[str, str] = {
    "HighTechEnterprise": "qualification HighTechEnterprise (recognised 高新技术企业)",
    "financing": "sum of INVESTS_IN.amount into the firm (万元, dated on or before today) >= 500"
    " (5,000,000 CNY); acquisition rounds excluded",
    "revenue": "latest annual revenue (万元) >= 1000 on its own: the two-year total of"
    " 10,000,000 CNY with the unknown earlier year counted as 0",
    "acquired_or_listed": "qualification Listed, an INVESTS_IN round naming an acquisition or"
    " IPO, or node property acquired / acquired_by",
}

_INVESTS_IN = str(RelType.INVESTS_IN)
_TRUTHY = frozenset({"true", "yes", "1", "y", "是"})


@dataclass(frozen=True)
class GraduationCheck:
    """Which graduation criteria a firm meets, with the figures behind them."""

    firm: str
    criteria: tuple[str, ...]
    financing_wan: float
    revenue_wan: float | None
    evidence: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        """True when at least one criterion is met."""
        return bool(self.criteria)


def graduation_check(
    graph: nx.MultiDiGraph, firm: str, *, today: date | None = None
) -> GraduationCheck:
    """Check ``firm`` against the 2018 national incubator graduation criteria.

    Parameters
    ----------
    graph
        The NetworkX projection.
    firm
        Organisation id (an unknown id meets nothing).
    today
        Investments dated after ``today`` are not counted (default: today).

    Returns
    -------
    GraduationCheck
        Criteria met (names from :data:`CRITERIA`), cumulative financing and
        revenue in 万元, and one line of evidence per criterion met.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("f", label="Enterprise", revenue=1200.0, qualifications=["TechSME"])
    >>> _ = g.add_edge("v", "f", type="INVESTS_IN", amount=300.0, date="2022-05-01")
    >>> _ = g.add_edge("w", "f", type="INVESTS_IN", amount=200.0, date="2023-05-01")
    >>> check = graduation_check(g, "f", today=date(2024, 1, 1))
    >>> check.criteria, check.financing_wan
    (('financing', 'revenue'), 500.0)
    """
    today = today or date.today()
    if firm not in graph:
        return GraduationCheck(firm, (), 0.0, None, ())
    attrs = graph.nodes[firm]
    quals = qualifications(attrs.get("qualifications"))
    met: list[str] = []
    evidence: list[str] = []

    if str(Qualification.HighTechEnterprise) in quals:
        met.append("HighTechEnterprise")
        evidence.append("qualification HighTechEnterprise")

    financing = 0.0
    deal: str | None = None
    for investor, _, edge in graph.in_edges(firm, data=True):
        if edge.get("type") != _INVESTS_IN:
            continue
        when = parse_date(edge.get("date"))
        if when is not None and when > today:
            continue
        round_name = str(edge.get("round", "")).strip().lower()
        if round_name in ACQUISITION_ROUNDS:
            deal = deal or f"acquisition by {investor}"
            continue
        if round_name in LISTING_ROUNDS:
            deal = deal or f"listing ({edge.get('round')})"
        amount = as_number(edge.get("amount"))
        if amount is not None:
            financing += amount
    if financing >= FINANCING_THRESHOLD_WAN:
        met.append("financing")
        evidence.append(f"cumulative financing {financing:g} 万元 >= {FINANCING_THRESHOLD_WAN:g}")

    revenue = as_number(attrs.get("revenue"))
    if revenue is not None and revenue >= REVENUE_THRESHOLD_WAN:
        met.append("revenue")
        evidence.append(f"annual revenue {revenue:g} 万元 >= {REVENUE_THRESHOLD_WAN:g}")

    if str(Qualification.Listed) in quals:
        deal = "qualification Listed"
    elif deal is None and (
        str(attrs.get("acquired", "")).strip().lower() in _TRUTHY or attrs.get("acquired_by")
    ):
        deal = "acquired (node property)"
    if deal is not None:
        met.append("acquired_or_listed")
        evidence.append(deal)

    return GraduationCheck(firm, tuple(met), financing, revenue, tuple(evidence))
