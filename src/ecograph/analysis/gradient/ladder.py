"""The park's gradient (梯度培育) at ``as_of`` (metrics.md section 3), put together.

- ``tiers``: park firms holding each qualification (tiers, growth labels,
  Listed) with their share of the park firms; a firm holding several counts
  under each. ``highest_tier``: park firms by the highest tier they hold
  (``none`` for no tier), so these add up to the park firms.
- ``chains``: the same counts over F_P(C) for each leading chain C, and per
  segment of C (park firms currently ``IN_SEGMENT`` it).
- ``years`` and ``promotions`` (:mod:`~ecograph.analysis.gradient.history`).
- ``next_tier_pool`` and ``candidates`` (:mod:`~ecograph.analysis.gradient.pool`).

Qualifications held at ``as_of`` come from ``qualifications.csv`` history when
the firm has one for that qualification, else from the stated
``qualifications`` property (``qualifications_at``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.common import (
    chain_segments,
    is_current,
    leading_chains,
    node_name,
    park_members,
    require_node,
    resolve_as_of,
    to_plain,
)
from ecograph.analysis.gradient.history import Promotion, YearCounts, year_counts
from ecograph.analysis.gradient.pool import PoolFirm, pool_firm
from ecograph.analysis.gradient.tiers import LABELS, RD_BANDS, TIER_NAMES, TIERS, tier_rank
from ecograph.analysis.observations import (
    QualificationSpan,
    org_year_stats,
    qualification_spans,
    qualifications_at,
)
from ecograph.analysis.ratios import Ratio, make_ratio
from ecograph.vocab import Label

__all__ = ["ChainGradient", "GradientReport", "GroupCounts", "TierCount", "gradient"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TierCount:
    """Park firms holding ``qualification``; ``share`` of the park firms."""

    qualification: str
    name_zh: str
    kind: str
    firms: int
    share: Ratio


@dataclass(frozen=True)
class GroupCounts:
    """Counts per qualification over one group of park firms (a segment)."""

    id: str
    name: str | None
    firms: int
    counts: dict[str, int]


@dataclass(frozen=True)
class ChainGradient:
    """Counts per qualification over F_P(C) and per segment of C."""

    chain: str
    name: str | None
    firms: int
    counts: dict[str, int]
    segments: list[GroupCounts]


@dataclass(frozen=True)
class GradientReport:
    """Everything metrics.md section 3 asks of the gradient, as plain frozen data."""

    park: str
    as_of: date
    park_firms: int
    tiers: list[TierCount]
    highest_tier: dict[str, int]
    chains: list[ChainGradient]
    years: list[YearCounts]
    promotions: list[Promotion]
    next_tier_pool: list[PoolFirm]
    candidates: list[PoolFirm]
    params: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        result: dict[str, Any] = to_plain(self)
        return result


def _counts(held: Mapping[str, frozenset[str]], firms: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(LABELS, 0)
    for firm in firms:
        for q in held.get(firm, frozenset()):
            if q in counts:
                counts[q] += 1
    return counts


def _segment_firms(graph: nx.MultiDiGraph, segment: str, firms: set[str],
                   as_of: date) -> set[str]:
    return {org for org, _, attrs in graph.in_edges(segment, data=True)
            if attrs.get("type") == "IN_SEGMENT" and org in firms and is_current(attrs, as_of)}


def _is_org(graph: nx.MultiDiGraph, node: str) -> bool:
    labels = graph.nodes[node].get("labels")
    return labels is None or str(Label.Organization) in labels


def gradient(graph: nx.MultiDiGraph, park: str, *,
             as_of: date | str | None = None) -> GradientReport:
    """The park's firms by gradient tier, per leading chain, per year, and the next-tier pool.

    Parameters
    ----------
    graph
        The NetworkX projection.
    park
        Park id (sub-parks included).
    as_of
        Reference date (default today).

    Raises
    ------
    NotFoundError
        Unknown park.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> g.add_node("e", label="Enterprise", qualifications=["TechSME"])
    >>> _ = g.add_edge("e", "P", type="LOCATED_IN")
    >>> r = gradient(g, "P", as_of="2024-01-01")
    >>> [(t.qualification, t.firms) for t in r.tiers][:3], r.highest_tier["TechSME"]
    ([('InnovativeSME', 0), ('TechSME', 1), ('HighTechEnterprise', 0)], 1)
    >>> [(p.firm, p.meets) for p in r.candidates]
    [('e', None)]
    """
    require_node(graph, park, Label.Park)
    day = resolve_as_of(as_of)
    spans = qualification_spans(graph)
    members = {m for m in park_members(graph, park, as_of=day) if _is_org(graph, m)}
    held = {m: qualifications_at(graph, m, day, spans) for m in members}
    total = len(members)
    counts = _counts(held, members)
    tiers = [TierCount(q, TIER_NAMES[q], "tier" if q in TIERS else (
        "listed" if q == "Listed" else "growth"), counts[q], make_ratio(counts[q], total))
        for q in LABELS]
    highest = dict.fromkeys((*TIERS, "none"), 0)
    for m in members:
        ranks = [r for q in held[m] if (r := tier_rank(q)) is not None]
        highest[TIERS[max(ranks)] if ranks else "none"] += 1
    chains: list[ChainGradient] = []
    for chain in leading_chains(graph, park):
        segs = chain_segments(graph, chain)
        seg_rows = []
        in_chain: set[str] = set()
        for seg in segs:
            firms = _segment_firms(graph, seg, members, day)
            in_chain |= firms
            seg_rows.append(GroupCounts(seg, node_name(graph, seg), len(firms),
                                        _counts(held, firms)))
        chains.append(ChainGradient(chain, node_name(graph, chain), len(in_chain),
                                    _counts(held, in_chain), seg_rows))
    park_spans: dict[str, list[QualificationSpan]] = {
        m: spans[m] for m in members | _past_members(graph, park, day) if m in spans}
    years, promos = year_counts(park_spans, lambda d: {
        m for m in park_members(graph, park, as_of=d) if _is_org(graph, m)}, day)
    stats = org_year_stats(graph)
    candidates = [pool_firm(m, node_name(graph, m), stats.get(m, {}), day) for m in sorted(members)
                  if "TechSME" in held[m] and "HighTechEnterprise" not in held[m]]
    report = GradientReport(
        park=park, as_of=day, park_firms=total, tiers=tiers, highest_tier=highest,
        chains=chains, years=years, promotions=promos,
        next_tier_pool=[c for c in candidates if c.meets], candidates=candidates,
        params={"rd_bands": [to_plain(b) for b in RD_BANDS],
                "rd_year": "latest org_stats year up to as_of's year",
                "tiers": list(TIERS)},
    )
    logger.info("gradient %s: %d park firms, %d in the next-tier pool", park, total,
                len(report.next_tier_pool))
    return report


def _past_members(graph: nx.MultiDiGraph, park: str, day: date) -> set[str]:
    """Organisations ever ``LOCATED_IN`` the park (for the per-year counts)."""
    return {m for m in park_members(graph, park) if _is_org(graph, m)}
