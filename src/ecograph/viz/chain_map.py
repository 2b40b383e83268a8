"""The chain map of a park: segments in stage columns, coloured by status.

Segments sit in three columns (upstream, midstream, downstream) joined by the
chain map's ``FEEDS`` edges. Each segment's park firms hang to its right
(``show_firms``); for missing and weak segments the attraction candidates of
the linkage analysis hang to its left, dashed, as diamonds.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from ecograph.analysis.chain.linkage import ChainLinkage
from ecograph.analysis.common import park_members, segment_members
from ecograph.viz.labels import org_node
from ecograph.viz.layout import Position
from ecograph.viz.palette import STAGE_NAMES, STATUS_COLORS, STATUS_NAMES
from ecograph.viz.render import LegendItem, VizEdge, VizNode, VizPage
from ecograph.vocab import RelType

__all__ = ["chain_map_view"]

_COLUMN_DX = 560.0
_ROW_DY = 34.0
_PER_ROW = 4


def _segment_heights(attached: dict[str, int]) -> dict[str, float]:
    return {seg: max(1, -(-count // _PER_ROW)) * _ROW_DY + 70.0 for seg, count in attached.items()}


def chain_map_view(
    graph: nx.MultiDiGraph,
    linkage: ChainLinkage,
    *,
    show_firms: bool = True,
    max_firms_per_segment: int = 40,
    cap: int = 2000,
) -> VizPage:
    """Build the chain map page of ``linkage`` (a park and a chain).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection the linkage was computed on.
    linkage : ChainLinkage
        Output of :func:`ecograph.analysis.chain.linkage.chain_linkage`.
    show_firms : bool
        Attach the park firms of each segment.
    max_firms_per_segment : int
        Firms drawn per segment (largest degree first); the rest are counted
        in the segment's tooltip.
    cap : int
        Overall node cap; firms are dropped first, segments always stay.

    Examples
    --------
    >>> from ecograph.analysis.chain.linkage import chain_linkage
    >>> from ecograph.analysis.chain.index import example_graph
    >>> g = example_graph()
    >>> page = chain_map_view(g, chain_linkage(g, "P", "C"))
    >>> sorted((n.id, n.color) for n in page.nodes if n.shape == "box")
    [('s1', '#f28e2b'), ('s2', '#f28e2b'), ('s3', '#e15759')]
    >>> any(e.dashes for e in page.edges)      # candidates hang on the gaps
    True
    """
    members = park_members(graph, linkage.park)
    firms: dict[str, list[str]] = {}
    for row in linkage.segments:
        inside = segment_members(graph, row.segment) & members
        ranked = sorted(inside, key=lambda f: (-graph.degree(f), f))
        firms[row.segment] = ranked[:max_firms_per_segment] if show_firms else []
    candidates = {gap.segment: gap.candidates for gap in linkage.gaps}
    budget = max(cap - len(linkage.segments), 0)
    notice: tuple[str, str] | None = None
    total_firms = sum(len(v) for v in firms.values())
    if total_firms > budget:
        notice = (f"节点过多：每个环节仅显示部分企业（上限 {cap} 个节点）。",
                  f"Graph reduced: some firms per segment are hidden (cap {cap} nodes).")
        share = budget / total_firms
        firms = {seg: fs[: int(len(fs) * share)] for seg, fs in firms.items()}

    attached = {row.segment: max(len(firms[row.segment]), len(candidates.get(row.segment, ())))
                for row in linkage.segments}
    heights = _segment_heights(attached)
    stage_order = ["upstream", "midstream", "downstream"]
    columns: dict[str, list[str]] = {}
    for row in linkage.segments:
        columns.setdefault(row.stage or "other", []).append(row.segment)
    pos: dict[Hashable, Position] = {}
    names = [s for s in stage_order if s in columns]
    names += sorted(c for c in columns if c not in stage_order)
    for i, stage in enumerate(names):
        total = sum(heights[s] for s in columns[stage])
        y = -total / 2
        for seg in columns[stage]:
            pos[seg] = (i * _COLUMN_DX, y + heights[seg] / 2)
            y += heights[seg]

    nodes: list[VizNode] = []
    edges: list[VizEdge] = []
    for row in linkage.segments:
        sx, sy = pos[row.segment]
        status_zh, status_en = STATUS_NAMES[row.status]
        stage_zh, stage_en = STAGE_NAMES.get(row.stage or "", ("", ""))
        hidden = len(segment_members(graph, row.segment) & members) - len(firms[row.segment])
        title = (f"{row.name} ({row.segment})\n{stage_zh} {stage_en} · {status_zh} {status_en}\n"
                 f"园区企业 park firms: {row.firms} · LQ: {row.location_quotient}")
        if hidden > 0:
            title += f"\n未显示 not shown: {hidden}"
        nodes.append(VizNode(
            id=row.segment, label_zh=f"{row.name}\n[{status_zh}]",
            label_en=f"{row.segment}\n[{status_en}]", color=STATUS_COLORS[row.status],
            size=30.0, x=sx, y=sy, title=title, shape="box", group="ChainSegment",
        ))
        for k, firm in enumerate(firms[row.segment]):
            fpos = (sx + 110.0 + (k % _PER_ROW) * 70.0,
                    sy - attached[row.segment] / _PER_ROW * _ROW_DY / 2 + (k // _PER_ROW) * _ROW_DY)
            nodes.append(org_node(firm, graph.nodes[firm], fpos, size=8.0))
            edges.append(VizEdge(firm, row.segment, color="#c8c8c8"))
        for k, cand in enumerate(candidates.get(row.segment, ())):
            if any(n.id == cand.org for n in nodes):
                edges.append(VizEdge(cand.org, row.segment, dashes=True, color="#999999",
                                     title=cand.explanation))
                continue
            cpos = (sx - 140.0 - (k % 2) * 70.0, sy - 40.0 + k * 26.0)
            note = f"候选 candidate · score {cand.score:g}\n{cand.explanation}"
            node = org_node(cand.org, graph.nodes[cand.org], cpos, size=10.0, shape="diamond",
                            extra_title=note)
            nodes.append(node)
            edges.append(VizEdge(cand.org, row.segment, dashes=True, color="#999999",
                                 title=cand.explanation))
    for s, t, attrs in graph.edges(data=True):
        if attrs.get("type") == str(RelType.FEEDS) and s in pos and t in pos:
            edges.append(VizEdge(s, t, width=3.0, color="#555555", arrows="to",
                                 title="供给 feeds"))
    legend = tuple(LegendItem(STATUS_COLORS[s], *STATUS_NAMES[s]) for s in STATUS_COLORS)
    chain_name = graph.nodes[linkage.chain].get("name", linkage.chain)
    return VizPage(
        title_zh=f"产业链图谱：{chain_name}", title_en=f"Chain map: {linkage.chain}",
        nodes=tuple(nodes), edges=tuple(edges), legend=legend, notice=notice,
        subtitle=f"{linkage.park} · {linkage.chain}",
        fixed_layout=True,
    )
