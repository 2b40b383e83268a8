"""Chain linkage of a park (metrics.md section 1): segments, links, anchors, gaps.

:func:`chain_linkage` is the entry point; the other public functions compute
one metric each from a :class:`~ecograph.analysis.chain.index.ChainIndex`
(built once per call, see that module for the terms used).

Choices the spec leaves open, fixed here:

- ``firms_X(C)`` in the location quotient counts *distinct* organisations of X
  in any segment of C (a firm in two segments counts once).
- The chain's firm-level supply network, for anchors and single points, is the
  park's view of it: the ``SUPPLIES`` edges with at least one end a park firm of
  C and both ends organisations in segments of C, plus every park firm of C as
  a node. Weighted degree sums ``weight`` (1 per edge when absent) over in- and
  out-edges; single points are the articulation points of its undirected view
  (which may include an outside firm that alone links park firms together).
- ``local_supply_share`` counts an edge as local when both ends are park
  members, whatever chain (if any) the other end belongs to.
- The reference region R (``region``) only changes the location quotients.
- A zero denominator gives ``None`` (null), never 0.

The gap and candidate scores are in :mod:`ecograph.analysis.chain.attraction`.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from ecograph.analysis.chain.attraction import CANDIDATE_FORMULA, GAP_FORMULA, ChainGap, find_gaps
from ecograph.analysis.chain.index import ChainIndex, build_chain_index
from ecograph.analysis.common import ratio, to_plain
from ecograph.errors import ParameterError
from ecograph.vocab import Stage

__all__ = [
    "AnchorRow",
    "ChainLinkage",
    "SegmentRow",
    "anchors",
    "chain_linkage",
    "coverage",
    "leakage",
    "link_realization",
    "local_supply_share",
    "location_quotients",
    "segment_status",
    "single_points",
    "supply_network",
]

logger = logging.getLogger(__name__)

Status = Literal["missing", "weak", "present"]


@dataclass(frozen=True)
class SegmentRow:
    """One segment of the chain as seen from the park."""

    segment: str
    name: str
    stage: str | None
    firms: int
    region_firms: int
    location_quotient: float | None
    status: Status
    leakage: int


@dataclass(frozen=True)
class AnchorRow:
    """A park firm of the chain ranked by weighted degree (链主 candidate)."""

    firm: str
    name: str
    weighted_degree: float
    segment: str


@dataclass(frozen=True)
class ChainLinkage:
    """Result of :func:`chain_linkage`; field names are the spec's keys."""

    park: str
    chain: str
    segments: tuple[SegmentRow, ...]
    coverage: Mapping[str, float | None]
    link_realization: float | None
    local_supply_share: float | None
    leakage: Mapping[str, int]
    anchors: tuple[AnchorRow, ...]
    single_points: tuple[str, ...]
    gaps: tuple[ChainGap, ...]
    formula: str
    candidate_formula: str
    params: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready plain data."""
        result: dict[str, Any] = to_plain(self)
        return result


def location_quotients(index: ChainIndex) -> dict[str, float | None]:
    """Location quotient of each segment: (firms_P(s)/firms_P(C)) / (firms_R(s)/firms_R(C)).

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> location_quotients(build_chain_index(example_graph(), "P", "C"))
    {'s1': 1.0, 's2': 2.0, 's3': 0.0}
    """
    park_total = len({f for firms in index.park_firms.values() for f in firms})
    region_total = len({f for firms in index.region_firms.values() for f in firms})
    result: dict[str, float | None] = {}
    for seg in index.segments:
        park_share = ratio(len(index.park_firms[seg]), park_total)
        region_share = ratio(len(index.region_firms[seg]), region_total)
        result[seg] = None if park_share is None or not region_share else park_share / region_share
    return result


def segment_status(
    firms: int, quotient: float | None, *, weak_threshold: int = 2, lq_weak: float = 0.5
) -> Status:
    """Status of a segment: missing (0 firms), weak (few firms or LQ < lq_weak), present.

    Examples
    --------
    >>> segment_status(0, None), segment_status(1, 3.0), segment_status(4, 0.4)
    ('missing', 'weak', 'weak')
    >>> segment_status(2, 0.5), segment_status(2, None)
    ('present', 'present')
    """
    if firms == 0:
        return "missing"
    if firms < weak_threshold or (quotient is not None and quotient < lq_weak):
        return "weak"
    return "present"


def coverage(
    statuses: Mapping[str, str], stages: Mapping[str, Stage | None]
) -> dict[str, float | None]:
    """Share of present-or-weak segments, overall and per stage (None without segments).

    Examples
    --------
    >>> coverage({"s1": "weak", "s2": "missing"}, {"s1": Stage.upstream, "s2": Stage.upstream})
    {'overall': 0.5, 'upstream': 0.5, 'midstream': None, 'downstream': None}
    """
    groups: dict[str, list[str]] = {"overall": list(statuses)}
    for stage in Stage:
        groups[stage.value] = [s for s in statuses if stages.get(s) == stage]
    return {
        key: ratio(sum(statuses[s] != "missing" for s in segs), len(segs))
        for key, segs in groups.items()
    }


def link_realization(index: ChainIndex) -> float | None:
    """Share of eligible FEEDS links s → t with a SUPPLIES edge from a park firm in s to one in t.

    Eligible: both s and t have park firms. None when no link is eligible.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> link_realization(build_chain_index(example_graph(), "P", "C"))
    1.0
    """
    eligible = [(s, t) for s, t in index.feeds if index.park_firms[s] and index.park_firms[t]]
    realized: set[tuple[str, str]] = set()
    for edge in index.supplies:
        if edge.source in index.members and edge.target in index.members:
            for s in index.org_segments.get(edge.source, ()):
                for t in index.org_segments.get(edge.target, ()):
                    realized.add((s, t))
    return ratio(sum(link in realized for link in eligible), len(eligible))


def local_supply_share(index: ChainIndex) -> float | None:
    """Share of SUPPLIES edges touching park firms of C whose both ends are park members.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> local_supply_share(build_chain_index(example_graph(), "P", "C"))
    0.5
    """
    local = sum(e.source in index.members and e.target in index.members for e in index.supplies)
    return ratio(local, len(index.supplies))


def leakage(index: ChainIndex) -> dict[str, int]:
    """Per segment s: SUPPLIES edges into park firms of C from suppliers in s outside P.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> leakage(build_chain_index(example_graph(), "P", "C"))
    {'s1': 1, 's2': 0, 's3': 0}
    """
    counts = dict.fromkeys(index.segments, 0)
    chain_firms = index.park_chain_firms
    for edge in index.supplies:
        if edge.target in chain_firms and edge.source not in index.members:
            for seg in index.org_segments.get(edge.source, ()):
                counts[seg] += 1
    return counts


def supply_network(index: ChainIndex) -> nx.Graph:
    """The park's view of the chain's firm-level supply network, undirected.

    Nodes: park firms of C and their supply partners in segments of C; edges:
    those SUPPLIES edges, parallel ones merged with ``weight`` summed (1 per
    edge without a weight); self-loops are left out.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> net = supply_network(build_chain_index(example_graph(), "P", "C"))
    >>> sorted(net.nodes), sorted(net.edges(data="weight"))
    (['a', 'b', 'x'], [('a', 'b', 2.0), ('a', 'x', 1.0)])
    """
    weights: dict[tuple[str, str], float] = {}
    for edge in index.supplies:
        u, v = edge.source, edge.target
        if u != v and u in index.org_segments and v in index.org_segments:
            pair = (u, v) if u < v else (v, u)
            weights[pair] = weights.get(pair, 0.0) + edge.weight
    net = nx.Graph()
    net.add_nodes_from(sorted(index.park_chain_firms))
    net.add_weighted_edges_from((u, v, w) for (u, v), w in weights.items())
    return net


def anchors(
    index: ChainIndex, graph: nx.MultiDiGraph | None = None, *, network: nx.Graph | None = None
) -> tuple[AnchorRow, ...]:
    """Park firms of C ranked by weighted degree in :func:`supply_network` (链主 candidates).

    ``graph`` (optional) supplies display names; ``network`` a prebuilt
    :func:`supply_network`. Ties rank by id.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> [(r.firm, r.weighted_degree, r.segment)
    ...  for r in anchors(build_chain_index(example_graph(), "P", "C"))]
    [('a', 3.0, 's1'), ('b', 2.0, 's2')]
    """
    net = supply_network(index) if network is None else network
    rows = []
    for firm in index.park_chain_firms:
        segment = index.primary.get(firm) or min(index.org_segments[firm])
        name = str(graph.nodes[firm].get("name", firm)) if graph is not None else firm
        rows.append(AnchorRow(firm, name, float(net.degree(firm, weight="weight")), segment))
    rows.sort(key=lambda r: (-r.weighted_degree, r.firm))
    return tuple(rows)


def single_points(index: ChainIndex, *, network: nx.Graph | None = None) -> tuple[str, ...]:
    """Articulation points of :func:`supply_network` (single points of failure), sorted.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> single_points(build_chain_index(example_graph(), "P", "C"))
    ('a',)
    """
    net = supply_network(index) if network is None else network
    return tuple(sorted(nx.articulation_points(net)))


def chain_linkage(
    graph: nx.MultiDiGraph,
    park: str,
    chain: str,
    *,
    weak_threshold: int = 2,
    lq_weak: float = 0.5,
    region: str | Collection[str] | None = None,
    top_candidates: int = 5,
    max_distance: int = 3,
) -> ChainLinkage:
    """Analyse how chain ``chain`` is rooted in park ``park`` (metrics.md section 1).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection (``docs/design.md``).
    park, chain : str
        Ids; unknown ones raise :class:`~ecograph.errors.NotFoundError`.
    weak_threshold : int
        A segment with fewer park firms is ``weak``.
    lq_weak : float
        A segment with a location quotient below this is ``weak``.
    region : str or collection of str, optional
        Reference region for location quotients: a park id or organisation ids.
    top_candidates : int
        Attraction candidates kept per gap.
    max_distance : int
        Hops searched for a path from a candidate to the park.

    Returns
    -------
    ChainLinkage

    Examples
    --------
    >>> from ecograph.analysis.chain.index import example_graph
    >>> r = chain_linkage(example_graph(), "P", "C")
    >>> [(s.segment, s.firms, s.status) for s in r.segments]
    [('s1', 1, 'weak'), ('s2', 1, 'weak'), ('s3', 0, 'missing')]
    >>> round(r.coverage["overall"], 3), r.link_realization, r.local_supply_share
    (0.667, 1.0, 0.5)
    >>> [g.segment for g in r.gaps], r.gaps[0].candidates[0].org
    (['s1', 's2', 's3'], 'x')
    """
    if weak_threshold < 0 or top_candidates < 0 or max_distance < 0:
        raise ParameterError("weak_threshold, top_candidates and max_distance must be ≥ 0")
    index = build_chain_index(graph, park, chain, region=region)
    quotients = location_quotients(index)
    leaks = leakage(index)
    rows = tuple(
        SegmentRow(
            segment=seg,
            name=index.names[seg],
            stage=stage.value if stage is not None else None,
            firms=len(index.park_firms[seg]),
            region_firms=len(index.region_firms[seg]),
            location_quotient=quotients[seg],
            status=segment_status(len(index.park_firms[seg]), quotients[seg],
                                  weak_threshold=weak_threshold, lq_weak=lq_weak),
            leakage=leaks[seg],
        )
        for seg, stage in index.segments.items()
    )
    statuses = {row.segment: row.status for row in rows}
    network = supply_network(index)
    gaps = find_gaps(graph, index, statuses, leaks,
                     top_candidates=top_candidates, max_distance=max_distance)
    logger.info("chain %s in park %s: %d segments, %d park firms, %d gaps",
                chain, park, len(rows), len(index.park_chain_firms), len(gaps))
    return ChainLinkage(
        park=park,
        chain=chain,
        segments=rows,
        coverage=coverage(statuses, index.segments),
        link_realization=link_realization(index),
        local_supply_share=local_supply_share(index),
        leakage=leaks,
        anchors=anchors(index, graph, network=network),
        single_points=single_points(index, network=network),
        gaps=gaps,
        formula=GAP_FORMULA,
        candidate_formula=CANDIDATE_FORMULA,
        params={
            "weak_threshold": weak_threshold, "lq_weak": lq_weak,
            "region": region if region is None or isinstance(region, str) else sorted(region),
            "top_candidates": top_candidates, "max_distance": max_distance,
        },
    )
