"""Gather every analysis of one park into :class:`ReportData` (pure).

The report runs, on the projected graph: chain linkage for each chain the
park has firms in, incubation handoffs, collaboration density with a laid-out
picture of the internal collaboration graph, and the park evaluation against
the indicator systems, scored among the peer parks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

import networkx as nx

from ecograph.analysis.chain.linkage import chain_linkage
from ecograph.analysis.collaboration.density import collaboration_density, collaboration_graph
from ecograph.analysis.common import (
    chain_segments,
    edges_of_type,
    has_label,
    leading_chains,
    park_members,
    require_node,
    resolve_as_of,
)
from ecograph.analysis.funds import park_funds
from ecograph.analysis.gradient import gradient
from ecograph.analysis.incubation.handoffs import incubation_handoffs
from ecograph.analysis.indicators.evaluation import ParkEvaluation, evaluate_peers
from ecograph.analysis.indicators.systems import IndicatorSystems, StatRow
from ecograph.report.actions import next_steps
from ecograph.report.data import (
    ChainSection,
    NetEdge,
    NetNode,
    NetworkPicture,
    PeerScore,
    ReportData,
)
from ecograph.viz.layout import force_layout
from ecograph.viz.reduce import cap_nodes
from ecograph.vocab import Label, RelType

__all__ = ["NETWORK_CAP", "build_report", "park_chains"]

logger = logging.getLogger(__name__)

#: Largest number of organisations drawn in the collaboration picture.
NETWORK_CAP = 300


def park_chains(graph: nx.MultiDiGraph, park: str) -> list[str]:
    """Return the chains with at least one park firm in one of their segments.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> for c in ("C", "D"):
    ...     g.add_node(c, label="IndustryChain", labels=frozenset({"IndustryChain"}))
    ...     _ = g.add_edge(f"{c}1", c, type="SEGMENT_OF")
    >>> _ = g.add_edge("a", "P", type="LOCATED_IN")
    >>> _ = g.add_edge("a", "D1", type="IN_SEGMENT")
    >>> park_chains(g, "P")
    ['D']
    """
    members = park_members(graph, park)
    segment_of = str(RelType.SEGMENT_OF)
    in_segment = str(RelType.IN_SEGMENT)
    chains: set[str] = set()
    for member in members:
        for _, segment, attrs in graph.out_edges(member, data=True):
            if attrs.get("type") != in_segment:
                continue
            for _, chain, seg_attrs in graph.out_edges(segment, data=True):
                if seg_attrs.get("type") == segment_of:
                    chains.add(chain)
    return sorted(chains)


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    value = graph.nodes[node].get("name") if node in graph else None
    return str(value) if value else node


def _picture(graph: nx.MultiDiGraph, park: str, cap: int) -> NetworkPicture:
    collab = collaboration_graph(graph, park)
    isolates = [n for n in collab if collab.degree(n) == 0]
    collab.remove_nodes_from(isolates)
    reduction = cap_nodes(collab, cap)
    kept = reduction.graph
    positions = force_layout(kept, seed=7)
    order = sorted(kept.nodes, key=str)
    xs = [positions[n][0] for n in order] or [0.0]
    ys = [positions[n][1] for n in order] or [0.0]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    index = {node: i for i, node in enumerate(order)}
    nodes = tuple(
        NetNode(
            id=str(n), name=str(kept.nodes[n].get("name") or n),
            type=str(kept.nodes[n].get("type") or "Organization"),
            x=(positions[n][0] - min(xs)) / span_x if len(order) > 1 else 0.5,
            y=(positions[n][1] - min(ys)) / span_y if len(order) > 1 else 0.5,
            degree=int(kept.degree(n)),
        )
        for n in order
    )
    edges = tuple(sorted(
        (NetEdge(min(index[u], index[v]), max(index[u], index[v]),
                 float(attrs.get("weight", 1.0) or 1.0))
         for u, v, attrs in kept.edges(data=True) if u != v),
        key=lambda e: (e.a, e.b),
    ))
    return NetworkPicture(nodes, edges, reduction.total, reduction.notice, len(isolates))


def _peer_scores(
    graph: nx.MultiDiGraph, park: str, systems: IndicatorSystems,
    stats: Sequence[StatRow], year: int | None,
) -> tuple[ParkEvaluation, tuple[PeerScore, ...], str]:
    peers = evaluate_peers(graph, park, systems, stats, year=year)
    scores = peers.scores
    rows: list[PeerScore] = []
    method = ""
    for p in peers.evaluations:
        score = scores[p]
        total, coverage, groups = score["total"], score["coverage"], score["groups"]
        method = str(score["method"])
        rows.append(PeerScore(
            park=p, name=_name(graph, p),
            total=float(total) if isinstance(total, (int, float)) else None,
            coverage=float(coverage) if isinstance(coverage, (int, float)) else 0.0,
            groups=dict(groups) if isinstance(groups, dict) else {},
        ))
    rows.sort(key=lambda r: (r.total is None, -(r.total or 0.0), r.park))
    return peers.own, tuple(rows), method


def _names(graph: nx.MultiDiGraph, ids: Iterable[str]) -> dict[str, str]:
    return {node: _name(graph, node) for node in ids if node in graph}


def build_report(
    graph: nx.MultiDiGraph,
    park: str,
    *,
    systems: IndicatorSystems,
    stats: Iterable[StatRow],
    year: int | None = None,
    chains: Sequence[str] | None = None,
    today: date | None = None,
    network_cap: int = NETWORK_CAP,
    as_of: date | str | None = None,
) -> ReportData:
    """Run every analysis of ``park`` and gather the results for the report.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection (``docs/design.md``), the whole graph: peers and the
        region outside the park are needed.
    park : str
        Park id (its sub-parks are included).
    systems : IndicatorSystems
        From :func:`ecograph.analysis.indicators.systems.load_systems`.
    stats : Iterable[StatRow]
        Park statistics table rows (values the graph cannot count).
    year : int, optional
        Report year: statistics up to it, new firms in it, and incubation
        "as of" 31 December of it (else ``today``).
    chains : Sequence[str], optional
        Chains to analyse; default every chain the park has firms in.
    today : date, optional
        Reference date for the incubation figures when ``year`` is not given.
    network_cap : int
        Most organisations drawn in the collaboration picture.
    as_of : date or str, optional
        Reference date of every analysis (metrics.md section 0); wins over
        ``year`` and ``today``.

    Raises
    ------
    NotFoundError
        Unknown park or chain.

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}), name="高新区")
    >>> g.add_node("a", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    >>> _ = g.add_edge("a", "P", type="LOCATED_IN")
    >>> r = build_report(g, "P", systems=load_systems(), stats=[], year=2024)
    >>> r.park_name, r.chains, r.collaboration.nodes, len(r.network.nodes), r.network.isolates
    ('高新区', (), 1, 0, 1)
    """
    require_node(graph, park, Label.Park)
    stat_rows = list(stats)
    as_of = resolve_as_of(as_of) if as_of is not None else (
        date(year, 12, 31) if year is not None else (today or date.today()))
    # Reports are about the leading chains (metrics.md section 0); a park that
    # declares none gets the chains its firms are in, labelled "not a leading chain".
    # Leading chains first (each gets its 链长制 block), then the other chains
    # the park's firms are in (one summary table, no actions).
    declared = leading_chains(graph, park)
    chain_ids = list(chains) if chains is not None else (
        declared + [c for c in park_chains(graph, park) if c not in declared])
    sections = []
    for chain in chain_ids:
        chain_segments(graph, chain)  # raises NotFoundError for an unknown chain
        sections.append(ChainSection(chain, _name(graph, chain),
                                     chain_linkage(graph, park, chain, as_of=as_of)))
    incubation = incubation_handoffs(graph, park, as_of=as_of)
    collaboration = collaboration_density(graph, park, as_of=as_of)
    picture = _picture(graph, park, network_cap)
    evaluation, peers, method = _peer_scores(graph, park, systems, stat_rows, year)
    mentioned: set[str] = {park, *chain_ids}
    for section in sections:
        mentioned.update(s.segment for s in section.linkage.segments)
        mentioned.update(c.org for g in section.linkage.gaps for c in g.candidates)
        mentioned.update(a.firm for a in section.linkage.anchors)
        mentioned.update(section.linkage.single_points[:3])
        for t in section.linkage.targets[:8]:  # the 链长制 block's top targets
            mentioned.update(f for f in t.customers_in_park.split(";")[:2] if f)
            mentioned.update(h for h in t.path.split(" – ") if h)
            if t.current_park:
                mentioned.add(t.current_park)
    mentioned.update(c.carrier for c in incubation.carriers)
    mentioned.update(e.target for e in incubation.network)
    mentioned.update(b.org for b in collaboration.brokers)
    mentioned.update(s for s, _, _ in edges_of_type(graph, RelType.SUB_PARK_OF)
                     if has_label(graph, s, Label.Park))
    data = ReportData(
        park=park, park_name=_name(graph, park), year=year, as_of=as_of,
        chains=tuple(sections), incubation=incubation, collaboration=collaboration,
        network=picture, evaluation=evaluation, peers=peers, score_method=method,
        actions=(), names=_names(graph, mentioned),
        index_groups={i.group: (i.group_zh, i.group_en, i.group_weight) for i in systems.index},
        gradient=gradient(graph, park, as_of=as_of), funds=park_funds(graph, park, as_of=as_of),
    )
    logger.info("report for %s: %d chains, %d carriers, %d collaboration nodes",
                park, len(sections), len(incubation.carriers), collaboration.nodes)
    return replace(data, actions=next_steps(data))
