"""园区+基金 of a park at ``as_of`` (metrics.md section 3), put together.

- ``funds``: the funds serving the park and by which routes
  (:mod:`~ecograph.analysis.funds.serving`), each with its current investments
  into park firms and their known amount;
- ``overall``, ``chains`` (each leading chain's F_P(C)) and their
  ``segments``: fund coverage, amounts and the early share
  (:mod:`~ecograph.analysis.funds.coverage`);
- ``gap_segments``: the gaps of each leading chain (missing, weak or
  import-dependent segments, from :func:`ecograph.analysis.chain.linkage.chain_linkage`)
  with the current fund investments into any organisation of the segment;
  ``unfunded_gaps`` are those no fund has a current investment in (the spec's
  list), ``unserved_gaps`` those no fund *serving the park* has invested in.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.chain.linkage import chain_linkage
from ecograph.analysis.common import (
    as_number,
    chain_segments,
    has_label,
    is_current,
    leading_chains,
    node_name,
    park_closure,
    park_members,
    parse_date,
    require_node,
    resolve_as_of,
    to_plain,
)
from ecograph.analysis.funds.coverage import Coverage, Investment, coverage, is_early
from ecograph.analysis.funds.serving import ServingFund, investor_type, serving_funds
from ecograph.analysis.incubation.graduation import investment_date
from ecograph.vocab import Label

__all__ = ["ChainFunds", "FundRow", "FundsReport", "GapSegment", "SegmentFunds", "park_funds"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FundRow:
    """A fund serving the park and what it has invested in park firms (current)."""

    fund: str
    name: str | None
    type: str
    routes: tuple[str, ...]
    investments: int
    firms: int
    amount: float | None


@dataclass(frozen=True)
class SegmentFunds:
    """Fund coverage of the park firms of one segment."""

    segment: str
    name: str | None
    coverage: Coverage


@dataclass(frozen=True)
class ChainFunds:
    """Fund coverage of F_P(C) for a leading chain, and per segment."""

    chain: str
    name: str | None
    coverage: Coverage
    segments: list[SegmentFunds]


@dataclass(frozen=True)
class GapSegment:
    """A gap segment of a leading chain and the funds invested in its organisations."""

    chain: str
    segment: str
    name: str | None
    status: str
    action: str
    organisations: int
    fund_investments: int
    serving_fund_investments: int
    funded: bool
    funded_by_serving: bool


@dataclass(frozen=True)
class FundsReport:
    """Everything metrics.md section 3 asks of 园区+基金."""

    park: str
    as_of: date
    park_firms: int
    funds: list[FundRow]
    overall: Coverage
    chains: list[ChainFunds]
    gap_segments: list[GapSegment]
    unfunded_gaps: list[GapSegment]
    unserved_gaps: list[GapSegment]
    params: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        result: dict[str, Any] = to_plain(self)
        return result


def _in_segment(graph: nx.MultiDiGraph, segment: str, as_of: date) -> set[str]:
    return {org for org, _, a in graph.in_edges(segment, data=True)
            if a.get("type") == "IN_SEGMENT" and is_current(a, as_of)}


def _investments(graph: nx.MultiDiGraph, firm: str, serving: set[str],
                 as_of: date) -> list[Investment]:
    founded = parse_date(graph.nodes[firm].get("founded"))
    found: list[Investment] = []
    for investor, _, a in graph.in_edges(firm, data=True):
        if a.get("type") != "INVESTS_IN" or not is_current(a, as_of, start="date"):
            continue
        when = investment_date(a)
        found.append(Investment(investor, firm, investor_type(graph, investor),
                                investor in serving, as_number(a.get("amount")), when,
                                is_early(founded, when)))
    return found


def _fund_rows(funds: list[ServingFund], invested: dict[str, list[Investment]]) -> list[FundRow]:
    by_fund: dict[str, list[Investment]] = defaultdict(list)
    for items in invested.values():
        for i in items:
            by_fund[i.investor].append(i)
    rows = []
    for f in funds:
        own = by_fund.get(f.fund, [])
        known = [i.amount for i in own if i.amount is not None]
        rows.append(FundRow(f.fund, f.name, f.type, f.routes, len(own),
                            len({i.firm for i in own}), sum(known) if known else None))
    return rows


def park_funds(graph: nx.MultiDiGraph, park: str, *,
               as_of: date | str | None = None) -> FundsReport:
    """The funds serving ``park``, their coverage of its leading chains, and unfunded gaps.

    Raises
    ------
    NotFoundError
        Unknown park.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> g.add_node("v", labels=frozenset({"Organization", "Fund", "VentureCapitalFund"}))
    >>> g.add_node("e", labels=frozenset({"Organization", "Enterprise"}), founded="2022")
    >>> _ = g.add_edge("e", "P", type="LOCATED_IN")
    >>> _ = g.add_edge("v", "P", type="SERVES_PARK")
    >>> _ = g.add_edge("v", "e", type="INVESTS_IN", amount=800.0, date="2023-05-01")
    >>> r = park_funds(g, "P", as_of="2024-01-01")
    >>> [(f.fund, f.routes, f.amount) for f in r.funds]
    [('v', ('serves_park',), 800.0)]
    >>> r.overall.coverage.value, r.overall.by_serving["serving"].value, r.overall.early_share.value
    (1.0, 1.0, 1.0)
    """
    require_node(graph, park, Label.Park)
    day = resolve_as_of(as_of)
    parks = park_closure(graph, park)
    members = park_members(graph, park, as_of=day)
    firms = {m for m in members if has_label(graph, m, Label.Organization)
             or graph.nodes[m].get("labels") is None}
    funds = serving_funds(graph, parks, members, day)
    serving = {f.fund for f in funds}
    invested = {f: _investments(graph, f, serving, day) for f in sorted(firms)}
    chains: list[ChainFunds] = []
    gaps: list[GapSegment] = []
    for chain in leading_chains(graph, park):
        seg_rows: list[SegmentFunds] = []
        in_chain: set[str] = set()
        for seg in chain_segments(graph, chain):
            orgs = _in_segment(graph, seg, day)
            local = orgs & firms
            in_chain |= local
            seg_rows.append(SegmentFunds(seg, node_name(graph, seg), coverage(local, invested)))
        chains.append(ChainFunds(chain, node_name(graph, chain), coverage(in_chain, invested),
                                 seg_rows))
        for gap in chain_linkage(graph, park, chain, as_of=day, top_candidates=0).gaps:
            orgs = _in_segment(graph, gap.segment, day)
            fund_edges = [(s, t) for t in orgs for s, _, a in graph.in_edges(t, data=True)
                          if a.get("type") == "INVESTS_IN" and has_label(graph, s, "Fund")
                          and is_current(a, day, start="date")]
            by_serving = sum(1 for s, _ in fund_edges if s in serving)
            gaps.append(GapSegment(chain, gap.segment, gap.name, gap.status, str(gap.action),
                                   len(orgs), len(fund_edges), by_serving, bool(fund_edges),
                                   by_serving > 0))
    report = FundsReport(
        park=park, as_of=day, park_firms=len(firms), funds=_fund_rows(funds, invested),
        overall=coverage(firms, invested), chains=chains, gap_segments=gaps,
        unfunded_gaps=[g for g in gaps if not g.funded],
        unserved_gaps=[g for g in gaps if not g.funded_by_serving],
        params={"early_years": 3, "amount_unit": "万元",
                "investment_date": "date, else since",
                "routes": ["located", "operated", "serves_park"]},
    )
    logger.info("funds %s: %d serving funds, %d unfunded gaps", park, len(report.funds),
                len(report.unfunded_gaps))
    return report
