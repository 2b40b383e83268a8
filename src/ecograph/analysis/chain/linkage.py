"""Chain linkage of a park (metrics.md v2, section 1): segments, shares, anchors, gaps.

:func:`chain_linkage` is the entry point; the other public functions compute
one metric each from a :class:`~ecograph.analysis.chain.index.ChainIndex`
(built once per call, see that module for the terms used). Everything is as
of a date (section 0): only current ``LOCATED_IN``, ``IN_SEGMENT`` and
``SUPPLIES`` edges count (and current ties for candidates).

Choices the spec leaves open, fixed here:

- ``firms_X(C)`` in the location quotient counts *distinct* organisations of X
  in any segment of C (a firm in two segments counts once).
- A weak segment lists the rules that made it weak (``weak_reasons``):
  ``firms < weak_threshold`` and / or ``location_quotient < lq_weak``.
- ``import_dependent`` needs at least ``min_import_edges`` purchases *from
  outside suppliers* in the segment (the edges that make the import share).
- The chain's firm-level supply network, for single points, is the current
  ``SUPPLIES`` among organisations in segments of C with at least one end a
  park firm of C; single points are the articulation points of its
  undirected view (which may include an outside firm that alone links park
  firms together).
- ``role`` of a segment is its gap action (补链/强链/延链/远链), null when the
  segment is not a gap.
- The reference region R (``region``) only changes the location quotients.
- A zero denominator gives ``None`` (null), never 0; every share comes with
  its numerator, denominator and basis under ``ratios``.
- The 招商清单 (``targets``) lists the candidates of the recommended gaps of a
  leading chain (远链 gaps are listed, never recommended); a chain that is
  not a leading chain of the park gets none and says so (``label``).
- Equivalent segments (``skos:exactMatch``, the same activity in two chains):
  every segment row carries ``covered_in``, its equivalents in other chains
  that have park firms, with their firm counts. A missing segment covered in
  the park stays ``missing`` with its action and score, but is not
  recommended and adds no 招商清单 rows; its explanation says where the
  activity is covered (rule in :mod:`ecograph.analysis.chain.attraction`).

The gap and candidate scores are in :mod:`ecograph.analysis.chain.attraction`,
the 链主 score in :mod:`ecograph.analysis.chain.anchors`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import networkx as nx

from ecograph.analysis.chain.anchors import ANCHOR_FORMULA, AnchorRow, anchors
from ecograph.analysis.chain.attraction import (
    ACTION_WEIGHTS,
    CANDIDATE_FORMULA,
    GAP_FORMULA,
    ChainGap,
    TargetRow,
    find_gaps,
    targets,
)
from ecograph.analysis.chain.equivalents import CoveredIn, covered_in
from ecograph.analysis.chain.index import ChainIndex, build_chain_index
from ecograph.analysis.chain.shares import (
    Leakage,
    Share,
    import_shares,
    link_realization,
    local_sales_share,
    local_sourcing_share,
    segment_leakage,
)
from ecograph.analysis.common import as_number, leading_chains, ratio, resolve_as_of, to_plain
from ecograph.errors import ParameterError
from ecograph.vocab import Stage

__all__ = [
    "AnchorRow",
    "ChainLinkage",
    "SegmentRow",
    "anchors",
    "chain_linkage",
    "coverage",
    "coverage_ratios",
    "location_quotients",
    "segment_status",
    "single_points",
    "supply_network",
    "weak_reasons",
]

logger = logging.getLogger(__name__)

Status = Literal["missing", "weak", "present"]
NOT_LEADING = "not a leading chain"


@dataclass(frozen=True)
class SegmentRow:
    """One segment of the chain as seen from the park."""

    segment: str
    name: str
    stage: str | None
    firms: int
    revenue: float | None
    region_firms: int
    location_quotient: float | None
    status: Status
    weak_reasons: tuple[str, ...]
    import_share: float | None
    import_detail: Share
    import_dependent: bool
    leakage: Leakage
    role: str | None
    covered_in: tuple[CoveredIn, ...] = ()


@dataclass(frozen=True)
class ChainLinkage:
    """Result of :func:`chain_linkage`; field names are the spec's keys."""

    park: str
    chain: str
    as_of: date
    leading: bool
    leading_rank: int | None
    label: str | None
    segments: tuple[SegmentRow, ...]
    coverage: Mapping[str, Mapping[str, float | None]]
    link_realization: float | None
    local_sourcing_share: float | None
    local_sales_share: float | None
    basis: str
    ratios: Mapping[str, Share]
    anchors: tuple[AnchorRow, ...]
    single_points: tuple[str, ...]
    gaps: tuple[ChainGap, ...]
    targets: tuple[TargetRow, ...]
    formula: str
    candidate_formula: str
    anchor_formula: str
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
    region_total = index.region.total
    result: dict[str, float | None] = {}
    for seg in index.segments:
        park_share = ratio(len(index.park_firms[seg]), park_total)
        region_share = ratio(index.region.segments.get(seg, 0), region_total)
        result[seg] = None if park_share is None or not region_share else park_share / region_share
    return result


def weak_reasons(firms: int, quotient: float | None, *, weak_threshold: int = 2,
                 lq_weak: float = 0.5) -> tuple[str, ...]:
    """The rules that make a segment with firms weak (empty: not weak).

    Examples
    --------
    >>> weak_reasons(1, 0.2)
    ('firms < 2', 'location_quotient < 0.5')
    >>> weak_reasons(3, 1.0), weak_reasons(0, None)
    ((), ())
    """
    if firms == 0:
        return ()
    reasons = []
    if firms < weak_threshold:
        reasons.append(f"firms < {weak_threshold}")
    if quotient is not None and quotient < lq_weak:
        reasons.append(f"location_quotient < {lq_weak:g}")
    return tuple(reasons)


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
    if weak_reasons(firms, quotient, weak_threshold=weak_threshold, lq_weak=lq_weak):
        return "weak"
    return "present"


def coverage(
    statuses: Mapping[str, str], stages: Mapping[str, Stage | None]
) -> dict[str, dict[str, float | None]]:
    """Shares of present and of present-or-weak segments, overall and per stage.

    Examples
    --------
    >>> cov = coverage({"s1": "weak", "s2": "missing", "s3": "present"},
    ...                {"s1": Stage.upstream, "s2": Stage.upstream, "s3": Stage.downstream})
    >>> cov["present"]
    {'overall': 0.3333333333333333, 'upstream': 0.0, 'midstream': None, 'downstream': 1.0}
    >>> cov["present_or_weak"]["upstream"]
    0.5
    """
    groups: dict[str, list[str]] = {"overall": list(statuses)}
    for stage in Stage:
        groups[stage.value] = [s for s in statuses if stages.get(s) == stage]
    return {
        "present": {key: ratio(sum(statuses[s] == "present" for s in segs), len(segs))
                    for key, segs in groups.items()},
        "present_or_weak": {key: ratio(sum(statuses[s] != "missing" for s in segs), len(segs))
                            for key, segs in groups.items()},
    }


def coverage_ratios(
    statuses: Mapping[str, str], stages: Mapping[str, Stage | None]
) -> dict[str, Share]:
    """:func:`coverage` with numerators and denominators, keyed ``coverage.<kind>.<group>``.

    Examples
    --------
    >>> r = coverage_ratios({"s1": "weak", "s2": "missing"},
    ...                     {"s1": Stage.upstream, "s2": Stage.upstream})
    >>> r["coverage.present_or_weak.overall"]
    Share(value=0.5, numerator=1.0, denominator=2.0, basis='segments')
    """
    groups: dict[str, list[str]] = {"overall": list(statuses)}
    for stage in Stage:
        groups[stage.value] = [s for s in statuses if stages.get(s) == stage]
    result: dict[str, Share] = {}
    for kind, held in (("present", {"present"}), ("present_or_weak", {"present", "weak"})):
        for key, segs in groups.items():
            hits = float(sum(statuses[s] in held for s in segs))
            result[f"coverage.{kind}.{key}"] = Share(ratio(hits, len(segs)), hits,
                                                     float(len(segs)), "segments")
    return result


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


def _revenue(graph: nx.MultiDiGraph, firms: Collection[str]) -> float | None:
    known = [v for v in (as_number(graph.nodes[f].get("revenue")) for f in firms)
             if v is not None]
    return math.fsum(known) if known else None  # the same in any order of the firms


def _check_scope(graph: nx.MultiDiGraph, park: str, top_candidates: int,
                 max_distance: int | None) -> None:
    """Refuse a park-scoped graph made for another park, candidate count or distance bound."""
    scope = graph.graph.get("scope")
    if scope is None:
        return
    if scope.get("park") != park:
        raise ParameterError(f"this graph is scoped for park {scope.get('park')!r}, not {park!r}")
    if "top_candidates" in scope and (top_candidates > scope["top_candidates"]
                                      or max_distance != scope.get("max_distance")):
        raise ParameterError(
            f"this park-scoped graph holds the top {scope['top_candidates']} candidates "
            f"within max_distance {scope.get('max_distance')}; project it for "
            f"top_candidates={top_candidates}, max_distance={max_distance}")


def chain_linkage(
    graph: nx.MultiDiGraph,
    park: str,
    chain: str,
    *,
    as_of: date | str | None = None,
    weak_threshold: int = 2,
    lq_weak: float = 0.5,
    import_threshold: float = 0.5,
    min_import_edges: int = 3,
    region: str | Collection[str] | None = None,
    top_candidates: int = 5,
    max_distance: int | None = None,
    leading: bool | None = None,
) -> ChainLinkage:
    """Analyse how chain ``chain`` is rooted in park ``park`` (metrics.md v2, section 1).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection (``docs/design.md``).
    park, chain : str
        Ids; unknown ones raise :class:`~ecograph.errors.NotFoundError`.
    as_of : date or str, optional
        Only edges current at this date count (default today).
    weak_threshold : int
        A segment with fewer park firms is ``weak``.
    lq_weak : float
        A segment with a location quotient below this is ``weak``.
    import_threshold, min_import_edges : float, int
        A present or weak segment is import-dependent when its import share is
        at least ``import_threshold`` over at least ``min_import_edges``
        outside purchases.
    region : str or collection of str, optional
        Reference region for location quotients: a park id or organisation ids.
    top_candidates : int
        Attraction candidates kept per gap.
    max_distance : int, optional
        Hops searched for a path from a candidate to the park; None (default)
        is unbounded, the spec's distance (a bound trades exactness for speed
        on very large graphs: a candidate beyond it gets 0 for proximity).
    leading : bool, optional
        Treat the chain as a leading chain (default: whether the park declares
        it with ``HAS_LEADING_CHAIN``).

    Returns
    -------
    ChainLinkage

    Examples
    --------
    >>> from ecograph.analysis.chain.index import example_graph
    >>> r = chain_linkage(example_graph(), "P", "C", as_of="2024-01-01")
    >>> [(s.segment, s.firms, s.status, s.role) for s in r.segments]
    [('s1', 1, 'weak', '强链'), ('s2', 1, 'weak', '强链'), ('s3', 0, 'missing', '延链')]
    >>> round(r.coverage["present_or_weak"]["overall"], 3), r.link_realization
    (0.667, 1.0)
    >>> r.local_sourcing_share, r.local_sales_share, r.basis
    (0.5, 1.0, 'count')
    >>> r.leading, r.label, r.targets
    (False, 'not a leading chain', ())
    >>> [(g.segment, g.action) for g in r.gaps], r.gaps[0].candidates[0].org
    ([('s1', '强链'), ('s3', '延链'), ('s2', '强链')], 'x')
    """
    if weak_threshold < 0 or top_candidates < 0 or min_import_edges < 0 or (
            max_distance is not None and max_distance < 0):
        raise ParameterError("weak_threshold, top_candidates, max_distance and "
                             "min_import_edges must be ≥ 0")
    day = resolve_as_of(as_of)
    _check_scope(graph, park, top_candidates, max_distance)
    declared = leading_chains(graph, park)
    rank = declared.index(chain) + 1 if chain in declared else None
    is_leading = rank is not None if leading is None else leading
    index = build_chain_index(graph, park, chain, region=region, as_of=day)
    quotients = location_quotients(index)
    leaks = segment_leakage(index)
    imports = import_shares(index)
    statuses: dict[str, Status] = {}
    dependent: dict[str, bool] = {}
    for seg in index.segments:
        firms = len(index.park_firms[seg])
        statuses[seg] = segment_status(firms, quotients[seg], weak_threshold=weak_threshold,
                                       lq_weak=lq_weak)
        share, outside = imports[seg]
        dependent[seg] = (statuses[seg] != "missing" and share.value is not None
                          and share.value >= import_threshold and outside >= min_import_edges)
    elsewhere = covered_in(graph, index.segments, index.members, as_of=day)
    gaps = find_gaps(graph, index, statuses, leaks, dependent, leading=is_leading,
                     top_candidates=top_candidates, max_distance=max_distance,
                     covered=elsewhere)
    roles = {g.segment: g.action for g in gaps}
    rows = tuple(
        SegmentRow(
            segment=seg, name=index.names[seg],
            stage=stage.value if stage is not None else None,
            firms=len(index.park_firms[seg]),
            revenue=_revenue(graph, index.park_firms[seg]),
            region_firms=index.region.segments.get(seg, 0),
            location_quotient=quotients[seg], status=statuses[seg],
            weak_reasons=weak_reasons(len(index.park_firms[seg]), quotients[seg],
                                      weak_threshold=weak_threshold, lq_weak=lq_weak),
            import_share=imports[seg][0].value, import_detail=imports[seg][0],
            import_dependent=dependent[seg], leakage=leaks[seg], role=roles.get(seg),
            covered_in=elsewhere[seg],
        )
        for seg, stage in index.segments.items()
    )
    sourcing, sales, links = (local_sourcing_share(index), local_sales_share(index),
                              link_realization(index))
    logger.info("chain %s in park %s as of %s: %d segments, %d park firms, %d gaps",
                chain, park, day, len(rows), len(index.park_chain_firms), len(gaps))
    return ChainLinkage(
        park=park, chain=chain, as_of=day, leading=is_leading, leading_rank=rank,
        label=None if is_leading else NOT_LEADING,
        segments=rows,
        coverage=coverage(statuses, index.segments),
        link_realization=links.value,
        local_sourcing_share=sourcing.value,
        local_sales_share=sales.value,
        basis=sourcing.basis,
        ratios={"local_sourcing_share": sourcing, "local_sales_share": sales,
                "link_realization": links, **coverage_ratios(statuses, index.segments)},
        anchors=anchors(index, graph),
        single_points=single_points(index),
        gaps=gaps,
        targets=targets(gaps) if is_leading else (),
        formula=GAP_FORMULA,
        candidate_formula=CANDIDATE_FORMULA,
        anchor_formula=ANCHOR_FORMULA,
        params={
            "as_of": day.isoformat(), "weak_threshold": weak_threshold, "lq_weak": lq_weak,
            "import_threshold": import_threshold, "min_import_edges": min_import_edges,
            "region": region if region is None or isinstance(region, str) else sorted(region),
            "top_candidates": top_candidates, "max_distance": max_distance,
            "action_weights": dict(ACTION_WEIGHTS),
        },
    )
