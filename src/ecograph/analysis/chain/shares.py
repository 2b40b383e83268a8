"""Shares over supply edges and segment links, with numerator, denominator and basis.

metrics.md section 0: the *basis* of a share over supply edges is ``amount``
when every edge in its denominator carries an ``amount``, else ``count``; a
zero denominator gives null. Section 1: purchases are the current ``SUPPLIES``
edges into park firms of the chain; import shares, leakage, local sourcing and
local sales are read from them here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from ecograph.analysis.chain.index import ChainIndex, SupplyEdge
from ecograph.analysis.common import ratio

__all__ = [
    "Leakage",
    "Share",
    "import_shares",
    "link_realization",
    "local_sales_share",
    "local_sourcing_share",
    "purchases",
    "segment_leakage",
    "supply_share",
]

Basis = Literal["amount", "count", "links", "segments"]


@dataclass(frozen=True)
class Share:
    """A ratio with what it was computed from (``value`` None for a zero denominator)."""

    value: float | None
    numerator: float
    denominator: float
    basis: Basis


@dataclass(frozen=True)
class Leakage:
    """Purchases from outside suppliers in a segment: count and known amount (万元)."""

    count: int
    amount: float | None


def supply_share(edges: Iterable[SupplyEdge], counts: Callable[[SupplyEdge], bool]) -> Share:
    """Share of ``edges`` for which ``counts`` holds, on the amount or count basis.

    Examples
    --------
    >>> es = [SupplyEdge("a", "b", 1.0, 30.0), SupplyEdge("x", "b", 1.0, 10.0)]
    >>> supply_share(es, lambda e: e.source == "a")
    Share(value=0.75, numerator=30.0, denominator=40.0, basis='amount')
    >>> supply_share([*es, SupplyEdge("y", "b", 1.0)], lambda e: e.source == "a").basis
    'count'
    >>> supply_share([], lambda e: True)
    Share(value=None, numerator=0.0, denominator=0.0, basis='count')
    """
    edges = list(edges)
    if edges and all(e.amount is not None for e in edges):
        # fsum: the same to the last digit in any order of parallel edges
        num = math.fsum(e.amount or 0.0 for e in edges if counts(e))
        den = math.fsum(e.amount or 0.0 for e in edges)
        return Share(ratio(num, den), num, den, "amount")
    hits = float(sum(1 for e in edges if counts(e)))
    return Share(ratio(hits, len(edges)), hits, float(len(edges)), "count")


def purchases(index: ChainIndex) -> list[SupplyEdge]:
    """Current ``SUPPLIES`` edges whose target is a park firm of the chain.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> [(e.source, e.target) for e in purchases(build_chain_index(example_graph(), "P", "C"))]
    [('a', 'b'), ('x', 'a')]
    """
    firms = index.park_chain_firms
    return [e for e in index.supplies if e.target in firms]


def import_shares(index: ChainIndex) -> dict[str, tuple[Share, int]]:
    """Per segment s: share of purchases from suppliers in s whose supplier is outside the park.

    Returns ``{segment: (share, import_edges)}`` with ``import_edges`` the
    number of those outside purchases.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> shares = import_shares(build_chain_index(example_graph(), "P", "C"))
    >>> shares["s1"], shares["s3"][0].value
    ((Share(value=0.5, numerator=1.0, denominator=2.0, basis='count'), 1), None)
    """
    by_segment: dict[str, list[SupplyEdge]] = {seg: [] for seg in index.segments}
    for edge in purchases(index):
        for seg in index.org_segments.get(edge.source, ()):
            by_segment[seg].append(edge)
    members = index.members
    result: dict[str, tuple[Share, int]] = {}
    for seg, edges in by_segment.items():
        outside = sum(1 for e in edges if e.source not in members)
        result[seg] = (supply_share(edges, lambda e: e.source not in members), outside)
    return result


def segment_leakage(index: ChainIndex) -> dict[str, Leakage]:
    """Per segment s: purchases whose supplier is in s and outside the park (count, amount).

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> segment_leakage(build_chain_index(example_graph(), "P", "C"))["s1"]
    Leakage(count=1, amount=None)
    """
    counts = dict.fromkeys(index.segments, 0)
    amounts: dict[str, float | None] = dict.fromkeys(index.segments)
    for edge in purchases(index):
        if edge.source in index.members:
            continue
        for seg in index.org_segments.get(edge.source, ()):
            counts[seg] += 1
            if edge.amount is not None:
                amounts[seg] = (amounts[seg] or 0.0) + edge.amount
    return {seg: Leakage(counts[seg], amounts[seg]) for seg in index.segments}


def local_sourcing_share(index: ChainIndex) -> Share:
    """本地配套率: share of purchases whose supplier is a park firm (of any chain).

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> local_sourcing_share(build_chain_index(example_graph(), "P", "C")).value
    0.5
    """
    return supply_share(purchases(index), lambda e: e.source in index.members)


def local_sales_share(index: ChainIndex) -> Share:
    """Share of current sales of park firms of the chain whose customer is a park firm.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> local_sales_share(build_chain_index(example_graph(), "P", "C")).value
    1.0
    """
    firms = index.park_chain_firms
    sales = [e for e in index.supplies if e.source in firms]
    return supply_share(sales, lambda e: e.target in index.members)


def link_realization(index: ChainIndex) -> Share:
    """上下游配套衔接率 over the ``FEEDS`` links s → t of the chain where t has park firms.

    A link is realised when a current ``SUPPLIES`` edge runs from a park firm
    in s to a park firm in t; a link whose upstream segment is missing counts
    as not realised.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> link_realization(build_chain_index(example_graph(), "P", "C"))
    Share(value=1.0, numerator=1.0, denominator=1.0, basis='links')
    """
    eligible = [(s, t) for s, t in index.feeds if index.park_firms[t]]
    realized: set[tuple[str, str]] = set()
    for edge in index.supplies:
        if edge.source in index.members and edge.target in index.members:
            for s in index.org_segments.get(edge.source, ()):
                for t in index.org_segments.get(edge.target, ()):
                    realized.add((s, t))
    hits = float(sum(link in realized for link in eligible))
    return Share(ratio(hits, len(eligible)), hits, float(len(eligible)), "links")
