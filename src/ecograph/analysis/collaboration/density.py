"""Collaboration of a park (``metrics.md`` v2 section 4).

Reading of the spec, fixed here:

- *Park organisations* are the ``Organization`` nodes currently ``LOCATED_IN``
  the park or a sub-park. *Events* are ``collaborations.csv`` rows (two or more
  participants) and ``COLLABORATES_WITH`` rows (events of two), read by
  :mod:`ecograph.analysis.collaboration.events`. An event joins every pair of
  its participants; a *tie* is a distinct unordered pair of different
  organisations joined by at least one event, parallel ties merged with their
  weights summed (an event pair weighs 1, a ``COLLABORATES_WITH`` row its
  ``weight``).
- Year range: an event counts when its year lies in ``[since, until]`` (either
  bound optional); with any bound given, undated events are left out. Events
  dated after ``as_of`` are left out.
- Node set: all park organisations (isolates included). With a chain, the park
  organisations ``IN_SEGMENT`` a segment of the chain, plus park organisations
  that are not ``Enterprise`` (universities, institutes, platforms, …) with a
  counted tie to one of them.
- *Internal ties* join two nodes of the node set; *park ties* have at least one
  end in it. ``openness`` counts park ties whose other end is not a park
  organisation (so, with a chain, a tie to a park firm outside the chain is
  neither internal nor open).
- Organisation types (``block_density``) are the direct subclass of
  ``Organization`` that the node's ``label`` falls under.
- ``iur_share``: share of park ties joining an ``Enterprise`` with a
  ``University``, ``ResearchInstitute`` or ``NewRDInstitution`` (产学研).
- ``brokers``: normalised, unweighted betweenness over the internal graph;
  exact up to ``exact_betweenness_max_nodes`` nodes, above that sampled from
  ``betweenness_samples`` seeded sources. Only organisations with positive
  betweenness are listed.
- ``communities``: seeded Leiden (python-igraph when installed) or Louvain
  modularity partition of the weighted internal graph
  (``ecograph.analysis.kernels``); isolates are singleton communities.
- ``triple_helix_T``: Leydesdorff's T over the counted events with at least one
  participant in the node set (:mod:`ecograph.analysis.collaboration.triple_helix`),
  with ``events``, ``events_with_three_sectors`` and whether it is informative.
- ``tech_contracts``: :mod:`ecograph.analysis.collaboration.tech_contracts`.
- ``trend``: one row per year from the first to the last year of the counted
  events and contracts; each row holds the cheap figures of that single year
  (nodes, ties, park ties, density, mean degree, components, giant-component
  share, average clustering, 产学研 share, openness, T and its event counts,
  technology contracts sold and bought). Block density, brokers and
  communities are computed once, over the whole range.
- Zero denominators give ``None``: density needs n ≥ 2, mean degree, giant
  share and clustering need n ≥ 1, shares need one park tie, T one event.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis import kernels
from ecograph.analysis.collaboration.events import Event
from ecograph.analysis.collaboration.tech_contracts import (
    Contract,
    TechContracts,
    park_contracts,
    tech_contracts,
)
from ecograph.analysis.collaboration.ties import (
    Selection,
    internal_graph,
    merge_rows,
    prepare,
    select,
    tie_rows,
)
from ecograph.analysis.collaboration.triple_helix import helix_summary, sectors
from ecograph.analysis.common import organisation_type, ratio, resolve_as_of, to_plain

__all__ = [
    "BlockDensityRow",
    "Broker",
    "CollaborationReport",
    "Communities",
    "CommunitySummary",
    "TrendPoint",
    "collaboration_density",
    "collaboration_graph",
]

logger = logging.getLogger(__name__)



@dataclass(frozen=True)
class BlockDensityRow:
    """Ties between two organisation types and the density of that block."""

    type_a: str
    type_b: str
    ties: int
    pairs: int
    density: float | None


@dataclass(frozen=True)
class Broker:
    """An organisation with its betweenness in the internal graph."""

    org: str
    name: str | None
    betweenness: float


@dataclass(frozen=True)
class CommunitySummary:
    """One community: its size and a sample of its members (ids, sorted)."""

    size: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Communities:
    """The modularity partition of the internal graph."""

    count: int
    non_singleton: int
    modularity: float | None
    method: str
    seed: int
    top: tuple[CommunitySummary, ...]


@dataclass(frozen=True)
class TrendPoint:
    """The cheap figures of one year (ties whose ``since`` falls in it)."""

    year: int
    nodes: int
    ties: int
    park_ties: int
    density: float | None
    mean_degree: float | None
    components: int
    giant_component_share: float | None
    average_clustering: float | None
    iur_share: float | None
    iur_ties: int
    openness: float | None
    open_ties: int
    triple_helix_T: float | None  # noqa: N815 - the spec's key
    events: int
    events_with_three_sectors: int
    triple_helix_informative: bool
    tech_sold: float
    tech_bought: float
    tech_sold_outside_share: float | None


@dataclass(frozen=True)
class CollaborationReport:
    """Collaboration of a park; keys as in ``metrics.md`` section 4.

    ``iur_ties`` and ``open_ties`` are the numerators of ``iur_share`` and
    ``openness`` (denominator ``park_ties``).
    """

    nodes: int
    ties: int
    park_ties: int
    density: float | None
    mean_degree: float | None
    components: int
    giant_component_share: float | None
    average_clustering: float | None
    iur_share: float | None
    iur_ties: int
    openness: float | None
    open_ties: int
    triple_helix_T: float | None  # noqa: N815 - the spec's key
    events: int
    events_with_three_sectors: int
    triple_helix_informative: bool
    triple_helix_note: str | None
    tech_contracts: TechContracts
    block_density: tuple[BlockDensityRow, ...]
    brokers: tuple[Broker, ...]
    betweenness_method: str
    communities: Communities
    trend: tuple[TrendPoint, ...]
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain nested dicts (JSON-ready; tuples as lists).

        Examples
        --------
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
        >>> d = collaboration_density(g, "P").to_dict()
        >>> d["nodes"], d["density"], d["brokers"], d["communities"]["count"]
        (0, None, [], 0)
        """
        data: dict[str, Any] = to_plain(self)
        return data


def _sector_map(graph: nx.MultiDiGraph, events: Iterable[Event]) -> dict[str, frozenset[str]]:
    """Sectors (U, I, G) of every organisation met in ``events``, read once."""
    return {node: sectors(graph, node) for node in {x for e in events for x in e.participants}}


def _helix_events(
    events: Iterable[Event], nodes: frozenset[str], sector: Mapping[str, frozenset[str]],
) -> list[tuple[frozenset[str], int]]:
    table: list[tuple[frozenset[str], int]] = []
    for event in events:
        if nodes.intersection(event.participants):
            found: frozenset[str] = frozenset().union(*(sector[p] for p in event.participants))
            table.append((found, len(event.participants)))
    return table


def _cheap(
    selection: Selection, orgs: frozenset[str], sector: Mapping[str, frozenset[str]],
    events: list[Event], contracts: list[Contract],
) -> dict[str, Any]:
    """The figures that stay cheap enough to recompute per year of the trend.

    Components and clustering are computed on the graph of the internal ties
    only; the isolates of the node set add one component each and a
    clustering of 0.
    """
    n, m, park_ties = len(selection.nodes), len(selection.internal), len(selection.park)
    ties = nx.Graph()
    ties.add_edges_from(selection.internal)
    touched = ties.number_of_nodes()
    parts = [len(c) for c in nx.connected_components(ties)]
    clustering = kernels.average_clustering(ties)
    # 产学研: an Enterprise (sector I) with a University, ResearchInstitute or
    # NewRDInstitution (sector U)
    iur = sum(("I" in sector[a] and "U" in sector[b]) or ("I" in sector[b] and "U" in sector[a])
              for a, b in selection.park)
    opened = sum(a not in orgs or b not in orgs for a, b in selection.park)
    helix = helix_summary(_helix_events(events, selection.nodes, sector))
    flows = tech_contracts(contracts, orgs)
    return {
        "nodes": n,
        "ties": m,
        "park_ties": park_ties,
        "density": 2 * m / (n * (n - 1)) if n >= 2 else None,
        "mean_degree": ratio(2 * m, n),
        "components": len(parts) + n - touched,
        "giant_component_share": ratio(max(parts, default=min(n, 1)), n),
        "average_clustering": None if n == 0 else (clustering or 0.0) * touched / n,
        "iur_share": ratio(iur, park_ties),
        "iur_ties": iur,
        "openness": ratio(opened, park_ties),
        "open_ties": opened,
        "triple_helix_T": helix.triple_helix_T,
        "events": helix.events,
        "events_with_three_sectors": helix.events_with_three_sectors,
        "triple_helix_informative": helix.informative,
        "_helix_note": helix.note,
        "_flows": flows,
    }


def _block_density(graph: nx.MultiDiGraph, selection: Selection) -> tuple[BlockDensityRow, ...]:
    types = {node: organisation_type(graph, node) for node in selection.nodes}
    sizes = Counter(types.values())
    between: Counter[tuple[str, str]] = Counter()
    for a, b in selection.internal:
        ta, tb = sorted((types[a], types[b]))
        between[ta, tb] += 1
    names = sorted(sizes)
    rows: list[BlockDensityRow] = []
    for i, ta in enumerate(names):
        for tb in names[i:]:
            pairs = sizes[ta] * (sizes[ta] - 1) // 2 if ta == tb else sizes[ta] * sizes[tb]
            ties = between[ta, tb]
            rows.append(BlockDensityRow(ta, tb, ties, pairs, ratio(ties, pairs)))
    return tuple(rows)


def _brokers(
    g: nx.Graph, *, top: int, exact_max: int, samples: int, seed: int
) -> tuple[tuple[Broker, ...], str]:
    n = g.number_of_nodes()
    sampled = n > exact_max and samples < n
    method = f"sampled k={samples}, seed={seed}" if sampled else "exact"
    values = kernels.betweenness(g, k=samples if sampled else None, seed=seed)
    ranked = sorted(((v, str(node)) for node, v in values.items() if v > 0),
                    key=lambda item: (-item[0], item[1]))[:top]
    brokers = tuple(Broker(node, g.nodes[node].get("name"), value) for value, node in ranked)
    return brokers, method


def _communities(g: nx.Graph, *, seed: int, top: int, sample: int) -> Communities:
    partition = kernels.communities(g, seed=seed)
    summaries = tuple(
        CommunitySummary(len(c), tuple(sorted(str(x) for x in c))[:sample])
        for c in partition.communities[:top]
    )
    return Communities(
        count=len(partition.communities),
        non_singleton=sum(len(c) > 1 for c in partition.communities),
        modularity=partition.modularity,
        method=partition.method,
        seed=seed,
        top=summaries,
    )


def collaboration_graph(
    graph: nx.MultiDiGraph,
    park: str,
    chain: str | None = None,
    since: int | None = None,
    until: int | None = None,
) -> nx.Graph:
    """Return the selected organisations and their merged internal ties.

    Nodes carry ``label``, ``type`` (see :func:`organisation_type`) and
    ``name``; edges carry ``weight`` (summed), ``rows``, ``kinds`` and
    ``since`` (first year).

    Raises
    ------
    NotFoundError
        Unknown park or chain.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> for org in ("a", "b", "c"):
    ...     g.add_node(org, label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    ...     _ = g.add_edge(org, "P", type="LOCATED_IN")
    >>> _ = g.add_edge("a", "b", type="COLLABORATES_WITH", weight=2.0, since="2020-01-01")
    >>> _ = g.add_edge("b", "a", type="COLLABORATES_WITH", weight=1.0, since="2022-05-01")
    >>> cg = collaboration_graph(g, "P")
    >>> sorted(cg.nodes), cg.edges["a", "b"]["weight"], cg.edges["a", "b"]["since"]
    (['a', 'b', 'c'], 3.0, 2020)
    """
    orgs, chain_orgs, events = prepare(graph, park, chain, since, until)
    return internal_graph(graph, select(graph, orgs, chain_orgs, merge_rows(tie_rows(events))))


def _trend(
    graph: nx.MultiDiGraph,
    orgs: frozenset[str],
    chain_orgs: frozenset[str] | None,
    events: list[Event],
    contracts: list[Contract],
    sector: Mapping[str, frozenset[str]],
) -> tuple[TrendPoint, ...]:
    years = [e.year for e in events if e.year is not None]
    years += [c.year for c in contracts if c.year is not None]
    if not years:
        return ()
    by_year: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        if event.year is not None:
            by_year[event.year].append(event)
    deals: dict[int, list[Contract]] = defaultdict(list)
    for contract in contracts:
        if contract.year is not None:
            deals[contract.year].append(contract)
    points: list[TrendPoint] = []
    for year in range(min(years), max(years) + 1):
        chosen_events = by_year.get(year, [])
        chosen = select(graph, orgs, chain_orgs, merge_rows(tie_rows(chosen_events)))
        figures = _cheap(chosen, orgs, sector, chosen_events, deals.get(year, []))
        flows: TechContracts = figures.pop("_flows")
        figures.pop("_helix_note")
        points.append(TrendPoint(
            year=year, **figures, tech_sold=flows.sold.amount, tech_bought=flows.bought.amount,
            tech_sold_outside_share=flows.sold_outside_share))
    return tuple(points)


def collaboration_density(
    graph: nx.MultiDiGraph,
    park: str,
    *,
    chain: str | None = None,
    since: int | None = None,
    until: int | None = None,
    top_brokers: int = 10,
    exact_betweenness_max_nodes: int = 2000,
    betweenness_samples: int = 200,
    seed: int = 42,
    top_communities: int = 10,
    community_sample: int = 5,
    as_of: date | str | None = None,
) -> CollaborationReport:
    """Return the collaboration report of ``park`` (``metrics.md`` v2 §4).

    Parameters
    ----------
    graph
        The projection (``MultiDiGraph`` keyed by id).
    park
        Park id; its sub-parks are included.
    chain
        Optional chain id restricting the node set (see the module docstring).
    since, until
        Optional year range on the events' year (inclusive).
    as_of
        Only organisations currently ``LOCATED_IN`` the park (and currently
        ``IN_SEGMENT`` the chain) count, and events starting after it are
        left out (metrics.md section 0; default today).
    top_brokers
        Number of brokers listed.
    exact_betweenness_max_nodes
        Above this many nodes betweenness is sampled from
        ``betweenness_samples`` sources drawn with ``seed``.
    seed
        Seed of the betweenness sample and of the community detection.
    top_communities, community_sample
        How many communities are summarised and how many members each shows.

    Raises
    ------
    NotFoundError
        Unknown park or chain.
    ParameterError
        ``since`` after ``until``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> kinds = {"e1": "Enterprise", "e2": "Enterprise", "u": "University"}
    >>> for org, kind in kinds.items():
    ...     g.add_node(org, label=kind, labels=frozenset({"Organization", kind}))
    ...     _ = g.add_edge(org, "P", type="LOCATED_IN")
    >>> _ = g.add_edge("e1", "u", type="COLLABORATES_WITH", since="2021-01-01")
    >>> _ = g.add_edge("e2", "u", type="COLLABORATES_WITH", since="2022-01-01")
    >>> r = collaboration_density(g, "P")
    >>> r.nodes, r.ties, round(r.density, 4), r.iur_share, r.openness
    (3, 2, 0.6667, 1.0, 0.0)
    >>> [b.org for b in r.brokers], r.betweenness_method, [t.ties for t in r.trend]
    (['u'], 'exact', [1, 1])
    """
    started = time.perf_counter()
    day = resolve_as_of(as_of)
    orgs, chain_orgs, events = prepare(graph, park, chain, since, until, as_of=day)
    contracts = park_contracts(graph, orgs, since=since, until=until, as_of=day)
    selection = select(graph, orgs, chain_orgs, merge_rows(tie_rows(events)))
    sector = _sector_map(graph, events)
    g = internal_graph(graph, selection)
    cheap = _cheap(selection, orgs, sector, events, contracts)
    flows = cheap.pop("_flows")
    note = cheap.pop("_helix_note")
    brokers, method = _brokers(g, top=top_brokers, exact_max=exact_betweenness_max_nodes,
                               samples=betweenness_samples, seed=seed)
    report = CollaborationReport(
        **cheap,
        triple_helix_note=note,
        tech_contracts=flows,
        block_density=_block_density(graph, selection),
        brokers=brokers,
        betweenness_method=method,
        communities=_communities(g, seed=seed, top=top_communities, sample=community_sample),
        trend=_trend(graph, orgs, chain_orgs, events, contracts, sector),
        params={
            "park": park, "chain": chain, "since": since, "until": until, "as_of": day,
            "top_brokers": top_brokers,
            "exact_betweenness_max_nodes": exact_betweenness_max_nodes,
            "betweenness_samples": betweenness_samples, "seed": seed,
        },
    )
    logger.info("collaboration density of %s: %d nodes, %d ties in %.2f s",
                park, report.nodes, report.ties, time.perf_counter() - started)
    return report
