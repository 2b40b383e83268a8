"""Per-call index of one park and one chain, built once for chain analyses.

Reading the projection is the expensive part of a chain analysis, so
:func:`build_chain_index` visits only what the metrics need, once: the park
closure's ``LOCATED_IN`` edges, the chain's ``SEGMENT_OF`` / ``IN_SEGMENT`` /
``FEEDS`` edges and the ``SUPPLIES`` edges incident to the park firms of the
chain. No full scan of the graph's edges is made, so the cost grows with the
size of the chain and the park, not with the size of the graph.

Terms (``../shared/spec/metrics.md`` section 1):

- *park members*: organisations ``LOCATED_IN`` the park or a sub-park;
- *park firms of C*: park members ``IN_SEGMENT`` some segment of chain C;
- *region firms*: organisations ``IN_SEGMENT`` a segment, restricted to the
  reference region R when one is given (all organisations otherwise).

Region-wide counts from the store
---------------------------------
A park-scoped projection (:mod:`ecograph.stores.park_scope`) holds the park,
its neighbourhood and the candidates that can rank, not every firm of the
region, so it carries the region's counts, computed by the store as of the
scope's date, in ``graph.graph["region_firms"]``: per chain,
``{"segments": {segment: firms}, "total": distinct firms}``. The index takes
its region counts from there (:class:`RegionCounts`). Asking a scoped graph
for a chain, date or reference region it was not scoped for raises
:class:`~ecograph.errors.ParameterError` instead of giving wrong quotients.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.common import (
    as_number,
    chain_segments,
    edge_weight,
    is_current,
    park_members,
    require_node,
)
from ecograph.errors import ParameterError
from ecograph.vocab import Label, RelType, Stage

__all__ = [
    "ChainIndex",
    "RegionCounts",
    "SupplyEdge",
    "adjacency",
    "build_chain_index",
    "example_graph",
    "scoped_region",
]

#: NetworkX adjacency of a multigraph: node → neighbour → edge key → attrs.
Adjacency = dict[str, dict[str, dict[Any, dict[str, Any]]]]

_IN_SEGMENT = str(RelType.IN_SEGMENT)
_FEEDS = str(RelType.FEEDS)
_SUPPLIES = str(RelType.SUPPLIES)


@dataclass(frozen=True)
class SupplyEdge:
    """One current ``SUPPLIES`` edge ``source → target``.

    ``weight`` is 1.0 when absent; ``amount`` None when unknown.
    """

    source: str
    target: str
    weight: float
    amount: float | None = None


@dataclass(frozen=True)
class RegionCounts:
    """Firms of the reference region per segment of a chain, and distinct over the chain."""

    segments: Mapping[str, int]
    total: int

    @classmethod
    def of_sets(cls, firms: Mapping[str, Collection[str]]) -> RegionCounts:
        """Count per-segment firm sets (an organisation in two segments counts once in total).

        Examples
        --------
        >>> RegionCounts.of_sets({"s1": {"a", "b"}, "s2": {"b"}})
        RegionCounts(segments={'s1': 2, 's2': 1}, total=2)
        """
        return cls({seg: len(orgs) for seg, orgs in firms.items()},
                   len({org for orgs in firms.values() for org in orgs}))


def scoped_region(graph: nx.MultiDiGraph, chain: str, as_of: date | None,
                  region: object) -> RegionCounts | None:
    """The store's region counts of a park-scoped projection (None: the graph is whole).

    Examples
    --------
    >>> g = nx.MultiDiGraph(scope={"as_of": "2024-01-01"},
    ...                     region_firms={"C": {"segments": {"s1": 7}, "total": 7}})
    >>> scoped_region(g, "C", date(2024, 1, 1), None)
    RegionCounts(segments={'s1': 7}, total=7)
    >>> scoped_region(g, "D", date(2024, 1, 1), None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ecograph.errors.ParameterError: this park-scoped graph was not scoped for chain 'D' ...
    """
    scope = graph.graph.get("scope")
    if scope is None:
        return None
    counts = graph.graph.get("region_firms", {})
    if chain not in counts:
        raise ParameterError(
            f"this park-scoped graph was not scoped for chain {chain!r} (scoped: "
            f"{', '.join(sorted(counts)) or 'no chain'}); project it with chain={chain!r} "
            "or use the whole graph")
    scoped_day = scope.get("as_of")
    if as_of is None or scoped_day != as_of.isoformat():
        raise ParameterError(f"this park-scoped graph was scoped as of {scoped_day}, "
                             f"not {as_of}: project it for that date")
    if region is not None:
        raise ParameterError("a reference region other than the whole graph needs the "
                             "whole projection, not a park-scoped one")
    found = counts[chain]
    return RegionCounts(dict(found["segments"]), int(found["total"]))


@dataclass(frozen=True)
class ChainIndex:
    """What the chain metrics read from the graph, for one park and one chain.

    Attributes
    ----------
    park, chain : str
        The ids analysed.
    members : frozenset of str
        Park members (organisations ``LOCATED_IN`` the park closure).
    segments : mapping of str to Stage or None
        Segments of the chain in chain order (stage, then id) and their stage.
    names : mapping of str to str
        Display name of each segment.
    park_firms : mapping of str to frozenset of str
        Per segment, the park members ``IN_SEGMENT`` it.
    region : RegionCounts
        Firms of the reference region ``IN_SEGMENT`` each segment, and over the
        chain (from the graph, or the store's counts of a park scope).
    segment_orgs : mapping of str to frozenset of str
        Per segment, every organisation of the graph ``IN_SEGMENT`` it
        (candidates, leakage).
    org_segments : mapping of str to frozenset of str
        Per organisation in some segment of the chain, its segments of the chain.
    primary : mapping of str to str
        Park firm → segment of the chain flagged ``primary`` on ``IN_SEGMENT``.
    feeds : tuple of (str, str)
        ``FEEDS`` pairs with both ends segments of the chain, sorted.
    supplies : tuple of SupplyEdge
        Current ``SUPPLIES`` edges with at least one end a park firm of the chain.
    as_of : date or None
        Only edges current at this date were read (None: every edge).
    """

    park: str
    chain: str
    members: frozenset[str]
    segments: Mapping[str, Stage | None]
    names: Mapping[str, str]
    park_firms: Mapping[str, frozenset[str]]
    region: RegionCounts
    segment_orgs: Mapping[str, frozenset[str]]
    org_segments: Mapping[str, frozenset[str]]
    primary: Mapping[str, str]
    feeds: tuple[tuple[str, str], ...]
    supplies: tuple[SupplyEdge, ...]
    as_of: date | None = None

    @property
    def park_chain_firms(self) -> frozenset[str]:
        """Park firms of the chain: park members in any segment of it."""
        return frozenset(f for firms in self.park_firms.values() for f in firms)


def adjacency(graph: nx.MultiDiGraph) -> tuple[Adjacency, Adjacency]:
    """Return the successor and predecessor dicts of a multigraph, read-only by contract.

    These are NetworkX's own ``{node: {neighbour: {key: attrs}}}`` dicts; the
    public views (``graph.succ``) wrap them in mapping proxies that cost several
    times more per step, which matters on the walks over 10^5–10^6 edges here.
    Callers must not mutate them.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="k", type="SUPPLIES")
    >>> succ, pred = adjacency(g)
    >>> succ["a"], list(pred["b"])
    ({'b': {'k': {'type': 'SUPPLIES'}}}, ['a'])
    """
    if not isinstance(graph, (nx.MultiDiGraph, nx.MultiGraph)):
        raise TypeError("chain analyses need a networkx MultiDiGraph projection")
    succ: Adjacency = graph._succ if graph.is_directed() else graph._adj
    pred: Adjacency = graph._pred if graph.is_directed() else graph._adj
    return succ, pred


def _region_set(graph: nx.MultiDiGraph, region: str | Collection[str] | None,
                as_of: date | None) -> set[str] | None:
    if region is None:
        return None
    if isinstance(region, str):
        return park_members(graph, region, as_of=as_of)
    return set(region)


def build_chain_index(
    graph: nx.MultiDiGraph,
    park: str,
    chain: str,
    *,
    region: str | Collection[str] | None = None,
    as_of: date | None = None,
) -> ChainIndex:
    """Read everything the chain metrics need for ``park`` and ``chain``, once.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection (``docs/design.md``).
    park, chain : str
        Park id and chain id; unknown ids raise :class:`~ecograph.errors.NotFoundError`.
    region : str or collection of str, optional
        Reference region R for location quotients: a park id (its members) or a
        collection of organisation ids. Default: every organisation.
    as_of : date, optional
        Only ``LOCATED_IN``, ``IN_SEGMENT`` and ``SUPPLIES`` edges current at
        this date count (metrics.md section 0); None reads every edge.

    Examples
    --------
    >>> idx = build_chain_index(example_graph(), "P", "C")
    >>> sorted(idx.members), dict(idx.park_firms)["s1"]
    (['a', 'b', 'c'], frozenset({'a'}))
    >>> [(e.source, e.target) for e in idx.supplies]
    [('a', 'b'), ('x', 'a')]
    """
    require_node(graph, chain, Label.IndustryChain)
    stored = scoped_region(graph, chain, as_of, region)
    members = frozenset(park_members(graph, park, as_of=as_of))
    region_set = _region_set(graph, region, as_of)
    order: dict[Stage | None, int] = {stage: i for i, stage in enumerate(Stage)}
    segments = dict(sorted(chain_segments(graph, chain).items(),
                           key=lambda item: (order.get(item[1], len(order)), item[0])))

    names: dict[str, str] = {}
    park_firms: dict[str, frozenset[str]] = {}
    region_firms: dict[str, set[str]] = {}
    segment_orgs: dict[str, frozenset[str]] = {}
    org_segments: dict[str, set[str]] = {}
    primary: dict[str, str] = {}
    feeds: set[tuple[str, str]] = set()
    for seg in segments:
        names[seg] = str(graph.nodes[seg].get("name", seg))
        orgs: set[str] = set()
        for org, _, attrs in graph.in_edges(seg, data=True):
            if attrs.get("type") != _IN_SEGMENT or not is_current(attrs, as_of):
                continue
            orgs.add(org)
            org_segments.setdefault(org, set()).add(seg)
            if attrs.get("primary") is True and org in members:
                primary[org] = seg
        segment_orgs[seg] = frozenset(orgs)
        park_firms[seg] = frozenset(orgs & members)
        region_firms[seg] = orgs if region_set is None else orgs & region_set
        for _, target, attrs in graph.out_edges(seg, data=True):
            if attrs.get("type") == _FEEDS and target in segments and target != seg:
                feeds.add((seg, target))

    chain_firms = {f for firms in park_firms.values() for f in firms}
    supplies: list[SupplyEdge] = []
    succ, pred = adjacency(graph)
    for firm in sorted(chain_firms):
        for target, keyed in succ[firm].items():
            for attrs in keyed.values():
                if attrs.get("type") == _SUPPLIES and is_current(attrs, as_of):
                    supplies.append(SupplyEdge(firm, target, edge_weight(attrs),
                                               as_number(attrs.get("amount"))))
        for source, keyed in pred[firm].items():
            # edges between two park firms of C were taken from the source side
            if source in chain_firms:
                continue
            for attrs in keyed.values():
                if attrs.get("type") == _SUPPLIES and is_current(attrs, as_of):
                    supplies.append(SupplyEdge(source, firm, edge_weight(attrs),
                                               as_number(attrs.get("amount"))))
    supplies.sort(key=lambda e: (e.source, e.target))

    return ChainIndex(
        park=park,
        chain=chain,
        members=members,
        segments=segments,
        names=names,
        park_firms=park_firms,
        region=stored or RegionCounts.of_sets(region_firms),
        segment_orgs=segment_orgs,
        org_segments={org: frozenset(segs) for org, segs in org_segments.items()},
        primary=primary,
        feeds=tuple(sorted(feeds)),
        supplies=tuple(supplies),
        as_of=as_of,
    )


def example_graph() -> nx.MultiDiGraph:
    """Return the small hand-made graph used by the examples of the chain analyses.

    Park ``P`` (members ``a``, ``b``, ``c``; ``c`` sits in no segment), chain ``C``
    with segments ``s1`` (upstream) → ``s2`` (midstream) → ``s3`` (downstream).
    ``a`` is in ``s1``, ``b`` in ``s2``; outside the park ``x`` is in ``s1``
    and ``y`` in ``s3`` (a ``LittleGiant``). Supplies: ``a → b``, ``x → a``;
    ``y`` collaborates with ``b``.

    Examples
    --------
    >>> g = example_graph()
    >>> g.number_of_nodes(), g.number_of_edges()
    (11, 17)
    """
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}), name="Park P")
    g.add_node("Q", label="Park", labels=frozenset({"Park"}), name="Park Q")
    g.add_node("C", label="IndustryChain", labels=frozenset({"IndustryChain"}), name="Chain C")
    for seg, stage in (("s1", "upstream"), ("s2", "midstream"), ("s3", "downstream")):
        g.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}),
                   name=f"Segment {seg}", stage=stage)
        g.add_edge(seg, "C", type="SEGMENT_OF")
    g.add_edge("s1", "s2", type="FEEDS")
    g.add_edge("s2", "s3", type="FEEDS")
    org_labels = frozenset({"Organization", "Enterprise"})
    for org, park, quals in (("a", "P", []), ("b", "P", []), ("c", "P", []),
                             ("x", "Q", []), ("y", "Q", ["LittleGiant"])):
        g.add_node(org, label="Enterprise", labels=org_labels, name=f"Firm {org}",
                   qualifications=quals)
        g.add_edge(org, park, type="LOCATED_IN")
    for org, seg in (("a", "s1"), ("b", "s2"), ("x", "s1"), ("y", "s3")):
        g.add_edge(org, seg, type="IN_SEGMENT")
    g.add_edge("a", "b", type="SUPPLIES", weight=2.0)
    g.add_edge("x", "a", type="SUPPLIES")
    g.add_edge("y", "b", type="COLLABORATES_WITH")
    return g
