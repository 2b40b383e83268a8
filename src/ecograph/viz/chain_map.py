"""The chain map of a park: segments in stage columns, coloured by status.

Segments sit in three columns (upstream, midstream, downstream) joined by the
chain map's ``FEEDS`` edges. Each segment's park firms hang to its right: the
top ``labelled_firms`` by degree in a labelled column, the rest as small
unlabelled dots beside it (names on hover). For gaps, the attraction
candidates of the linkage analysis hang to its left as diamonds on dashed
edges, the top ``labelled_candidates`` labelled. Labels are cut short so that
no two overlap (each labelled row has its own line; the browser test checks
the drawn boxes). A firm in two segments is drawn once, with an edge to each,
so the header counts are what vis-network holds.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from ecograph.analysis.chain.attraction import Candidate
from ecograph.analysis.chain.linkage import ChainLinkage
from ecograph.analysis.common import park_members, segment_members
from ecograph.viz.labels import names_of, org_node, type_legend
from ecograph.viz.numbers import count, decimal, percent, wrap
from ecograph.viz.palette import STAGE_NAMES, STATUS_COLORS, STATUS_NAMES
from ecograph.viz.render import Cluster, Figure, LegendItem, VizEdge, VizNode, VizPage
from ecograph.vocab import RelType

__all__ = ["CANDIDATE_COLOR", "chain_map_view"]

#: Colour of the attraction candidates (organisations outside the park).
CANDIDATE_COLOR = "#7f3c8d"
_MEMBER_EDGE = "#c8c8c8"
_FEEDS_EDGE = "#555555"
_CANDIDATE_EDGE = "#999999"
_COLUMN_DX = 760.0      # stage column spacing
_LABELLED_DX = 210.0    # labelled firms, right of the segment box
_GRID_DX = 310.0        # unlabelled firms start here
_CANDIDATE_DX = -235.0  # labelled candidates, left of the box
_CANDIDATE_GRID_DX = -325.0  # the other candidates, further left
_ROW_DY = 30.0          # one labelled row (dot + label below it)
_GRID_STEP = 18.0       # unlabelled dots
_GRID_COLS = 5
_SHORT = 8              # characters of a firm label (twice as many in English)


def _grid_rows(n: int) -> int:
    return -(-n // _GRID_COLS)


def chain_map_view(
    graph: nx.MultiDiGraph,
    linkage: ChainLinkage,
    *,
    show_firms: bool = True,
    max_firms_per_segment: int = 40,
    labelled_firms: int = 3,
    labelled_candidates: int = 2,
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
    labelled_firms, labelled_candidates : int
        How many firms (candidates) per segment carry a visible label.
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
    >>> len({n.id for n in page.nodes}) == len(page.nodes)   # each node once
    True
    >>> [i.shape for i in page.legend if i.zh.startswith("招商")]
    ['diamond', 'dashed']
    """
    members = park_members(graph, linkage.park)
    inside: dict[str, list[str]] = {}
    for row in linkage.segments:
        firms = segment_members(graph, row.segment) & members
        inside[row.segment] = sorted(firms, key=lambda f: (-graph.degree(f), f))
    drawn: dict[str, list[str]] = {
        seg: (fs[:max_firms_per_segment] if show_firms else []) for seg, fs in inside.items()}
    candidates: dict[str, tuple[Candidate, ...]] = {gap.segment: gap.candidates
                                                    for gap in linkage.gaps}
    budget = max(cap - len(linkage.segments), 0)
    notice: tuple[str, str] | None = None
    total_firms = sum(len(v) for v in drawn.values())
    if total_firms > budget:
        notice = (f"节点过多：每个环节仅显示部分企业（上限 {cap} 个节点）。",
                  f"Graph reduced: some firms per segment are hidden (cap {cap} nodes).")
        share = budget / total_firms
        drawn = {seg: fs[: int(len(fs) * share)] for seg, fs in drawn.items()}

    def height(seg: str) -> float:
        firms, cands = len(drawn[seg]), len(candidates.get(seg, ()))
        rows = max(min(firms, labelled_firms), min(cands, labelled_candidates), 1) * _ROW_DY
        grid = _grid_rows(max(firms - labelled_firms, 0)) * _GRID_STEP
        extra = -(-max(cands - labelled_candidates, 0) // 2) * _GRID_STEP
        return max(rows + 40.0, grid + 30.0, extra + rows, 110.0) + 24.0

    stage_order = ["upstream", "midstream", "downstream"]
    columns: dict[str, list[str]] = {}
    for row in linkage.segments:
        columns.setdefault(row.stage or "other", []).append(row.segment)
    names = [s for s in stage_order if s in columns]
    names += sorted(c for c in columns if c not in stage_order)
    pos: dict[Hashable, tuple[float, float]] = {}
    tops = []
    for i, stage in enumerate(names):
        total = sum(height(s) for s in columns[stage])
        y = -total / 2
        tops.append(y)
        for seg in columns[stage]:
            pos[seg] = (i * _COLUMN_DX, y + height(seg) / 2)
            y += height(seg)
    caption_y = min(tops, default=0.0) - 30.0
    headers = tuple(  # stage captions over the columns (zero-radius clusters)
        Cluster(i * _COLUMN_DX, caption_y, 0.0, STAGE_NAMES.get(stage, (stage, stage))[0],
                STAGE_NAMES.get(stage, (stage, stage))[1], "#555555")
        for i, stage in enumerate(names))

    nodes: dict[str, VizNode] = {}
    edges: list[VizEdge] = []
    for row in linkage.segments:
        sx, sy = pos[row.segment]
        seg_zh, seg_en = names_of(row.segment, graph.nodes[row.segment])
        status_zh, status_en = STATUS_NAMES[row.status]
        stage_zh, stage_en = STAGE_NAMES.get(row.stage or "", ("", ""))
        lq = decimal(row.location_quotient)
        hidden = len(inside[row.segment]) - len(drawn[row.segment])
        title = (f"{seg_zh} · {seg_en}\n{stage_zh} {stage_en} · {status_zh} {status_en}\n"
                 f"园区企业 park firms: {count(row.firms)} · 区位熵 LQ: {lq}\n"
                 f"外购占比 import share: {percent(row.import_share)}")
        if row.weak_reasons:
            title += f"\n薄弱原因 why weak: {'; '.join(row.weak_reasons)}"
        if hidden > 0:
            title += f"\n未显示 not shown: {hidden}"
        nodes[row.segment] = VizNode(
            id=row.segment, label_zh=f"{wrap(seg_zh, 8)}\n{status_zh} · {row.firms} 家",
            label_en=f"{wrap(seg_en, 18)}\n{status_en} · {row.firms} firms",
            color=STATUS_COLORS[row.status], size=30.0, x=sx, y=sy, title=title,
            shape="box", group="ChainSegment",
        )
        listed = drawn[row.segment]
        top = listed[:labelled_firms]
        rest = listed[labelled_firms:]
        y0 = sy - (len(top) - 1) * _ROW_DY / 2
        for k, firm in enumerate(top):
            if firm not in nodes:
                nodes[firm] = org_node(firm, graph.nodes[firm], (sx + _LABELLED_DX,
                                       y0 + k * _ROW_DY), size=7.0, short=_SHORT)
            edges.append(VizEdge(firm, row.segment, color=_MEMBER_EDGE))
        g0 = sy - (_grid_rows(len(rest)) - 1) * _GRID_STEP / 2
        for k, firm in enumerate(rest):
            if firm not in nodes:
                fpos = (sx + _GRID_DX + (k % _GRID_COLS) * _GRID_STEP,
                        g0 + (k // _GRID_COLS) * _GRID_STEP)
                nodes[firm] = org_node(firm, graph.nodes[firm], fpos, size=5.0,
                                       show_label=False)
            edges.append(VizEdge(firm, row.segment, color=_MEMBER_EDGE))
        cands = candidates.get(row.segment, ())
        c0 = sy - (min(len(cands), labelled_candidates) - 1) * _ROW_DY / 2
        for k, cand in enumerate(cands):
            if cand.org not in nodes:
                note = f"招商候选 candidate · 得分 score {decimal(cand.score)}\n{cand.explanation}"
                if k < labelled_candidates:
                    cpos = (sx + _CANDIDATE_DX, c0 + k * _ROW_DY)
                else:  # unlabelled: a small grid left of the labelled column
                    j = k - labelled_candidates
                    cpos = (sx + _CANDIDATE_GRID_DX - (j % 2) * _GRID_STEP,
                            c0 + (j // 2) * _GRID_STEP)
                nodes[cand.org] = org_node(
                    cand.org, graph.nodes[cand.org], cpos, size=8.0, shape="diamond",
                    extra_title=note, short=_SHORT, show_label=k < labelled_candidates,
                    color=CANDIDATE_COLOR)
            edges.append(VizEdge(cand.org, row.segment, dashes=True, color=_CANDIDATE_EDGE,
                                 title=cand.explanation))
    for s, t, attrs in graph.edges(data=True):
        if attrs.get("type") == str(RelType.FEEDS) and s in pos and t in pos:
            edges.append(VizEdge(s, t, width=3.0, color=_FEEDS_EDGE, arrows="to",
                                 title="供给 feeds"))
    drawn_orgs = [n for n in nodes.values() if n.group != "ChainSegment"]
    legend = (
        *(LegendItem(STATUS_COLORS[s], f"环节{STATUS_NAMES[s][0]}",
                     f"segment {STATUS_NAMES[s][1]}", "box") for s in STATUS_COLORS),
        *type_legend(n.group for n in drawn_orgs if n.shape != "diamond"),
        LegendItem(CANDIDATE_COLOR, "招商候选（园区外）", "attraction candidate (outside the park)",
                   "diamond"),
        LegendItem(_CANDIDATE_EDGE, "招商候选 → 缺口环节", "candidate → gap segment", "dashed"),
        LegendItem(_FEEDS_EDGE, "上游供给下游", "segment feeds segment", "line"),
        LegendItem(_MEMBER_EDGE, "企业所属环节", "firm in segment", "line"),
    )
    by_status = {s: sum(r.status == s for r in linkage.segments) for s in STATUS_COLORS}
    coverage = linkage.coverage.get("present", {}).get("overall")
    covered = linkage.coverage.get("present_or_weak", {}).get("overall")
    figures = (
        Figure("环节 具备/薄弱/缺失", "segments present/weak/missing",
               f"{by_status['present']} / {by_status['weak']} / {by_status['missing']}"),
        Figure("覆盖率（具备）", "coverage (present)", percent(coverage)),
        Figure("覆盖率（含薄弱）", "coverage (present or weak)", percent(covered)),
        Figure("本地配套率", "local sourcing share", percent(linkage.local_sourcing_share)),
        Figure("上下游配套衔接率", "link realisation", percent(linkage.link_realization)),
        Figure("缺口", "gaps", count(len(linkage.gaps))),
    )
    chain_zh, chain_en = names_of(linkage.chain, graph.nodes[linkage.chain])
    park_zh, park_en = names_of(linkage.park, graph.nodes[linkage.park])
    return VizPage(
        title_zh=f"产业链图谱：{chain_zh} · {park_zh}",
        title_en=f"Chain map: {chain_en} · {park_en}",
        nodes=tuple(nodes.values()), edges=tuple(edges), legend=legend, notice=notice,
        subtitle=f"{linkage.park} · {linkage.chain} · {linkage.as_of}",
        figures=figures, clusters=headers, fixed_layout=True,
    )
