"""The collaboration network: who works with whom, readable at a glance.

Isolates (organisations without a tie) are not drawn but counted in the
header. Nodes are sized by degree and coloured by organisation type;
communities (seeded Leiden, :func:`ecograph.analysis.kernels.communities`)
are laid out as separate clusters, each drawn as a tinted disc captioned with
its dominant organisation type; communities of one or two ties share one
"small groups" cluster. Only the top organisations by degree and by
betweenness carry labels; the rest show their name on hover.

Above ``aggregate_above`` connected organisations the default (``group="auto"``)
is an aggregated view: one node per organisation type (``group="type"``) or per
community (``group="community"``), sized by members, edges as wide as the ties
between the groups; ``group="none"`` forces the organisation-level drawing.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Literal

import networkx as nx

from ecograph.analysis import kernels
from ecograph.errors import ParameterError
from ecograph.viz.labels import degree_size, node_labels, org_node, type_legend
from ecograph.viz.layout import Position, force_layout
from ecograph.viz.numbers import count, shorten
from ecograph.viz.palette import TYPE_COLORS, TYPE_NAMES, org_group
from ecograph.viz.reduce import cap_nodes
from ecograph.viz.render import Cluster, Figure, LegendItem, VizEdge, VizNode, VizPage

__all__ = ["AGGREGATE_ABOVE", "GROUPINGS", "collaboration_view"]

Grouping = Literal["auto", "none", "type", "community"]
#: Accepted values of ``group``.
GROUPINGS: tuple[str, ...] = ("auto", "none", "type", "community")
#: Connected organisations above which ``group="auto"`` aggregates by type.
AGGREGATE_ABOVE = 300
_CLUSTER_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                   "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
_SMALL = 3  # communities below this size go to the shared "small groups" cluster
_SPACING = 46.0


def _group(graph: nx.Graph, node: Hashable) -> str:
    return org_group(graph.nodes[node].get("label"))


def _dominant(graph: nx.Graph, members: Iterable[Hashable]) -> tuple[str, str, float]:
    """``(zh, en, share)`` of the most common organisation type among ``members``."""
    types = Counter(_group(graph, m) for m in members)
    top, n = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    zh, en = TYPE_NAMES.get(top, (top, top))
    return zh, en, n / sum(types.values())


def caption_width(text: str) -> float:
    """Canvas width of a cluster caption line (15 px bold: CJK ~16, Latin ~8.5 per character).

    Examples
    --------
    >>> caption_width("社区 1"), caption_width("ab")
    (49.0, 17.0)
    """
    return sum(16.0 if ord(ch) > 0x2E80 else 8.5 for ch in text)


def _pack(radii: Sequence[float], widths: Sequence[float] = (),
          gap: float = 60.0) -> list[Position]:
    """Centres for circles of ``radii`` (largest first) in rows of a roughly square block.

    Each circle takes the horizontal room of its diameter or of its caption
    (``widths``), whichever is wider, so captions never run into each other.
    """
    room = [max(2 * r, w) for r, w in zip(radii, widths or [0.0] * len(radii), strict=True)]
    width = max(math.sqrt(sum((w + gap) ** 2 for w in room)) * 1.2, max(room) + gap)
    centres: list[Position] = []
    x = y = 0.0
    row_height = 0.0
    for r, w in zip(radii, room, strict=True):
        if x > 0 and x + w > width:
            x, y = 0.0, y + row_height + gap + 50.0  # 50: the two caption lines of the next row
            row_height = 0.0
        centres.append((x + w / 2, y + r))
        x += w + gap
        row_height = max(row_height, 2 * r)
    return centres


def _captions(g: nx.Graph, groups: Sequence[Sequence[Hashable]], big: int,
              ) -> list[tuple[str, str]]:
    """Two-line ``(zh, en)`` caption per cluster: number, size, dominant type / its hub."""
    out = []
    for i, members in enumerate(groups):
        if i < big:
            zh, en, _share = _dominant(g, members)
            hub = max(members, key=lambda m: (g.degree(m), str(m)))
            hub_zh, hub_en = node_labels(hub, g.nodes[hub])
            out.append((f"社区 {i + 1} · {len(members)} 家 · {zh}为主\n核心：{shorten(hub_zh, 10)}",
                        f"community {i + 1} · {len(members)} · mostly {en}\n"
                        f"hub: {shorten(hub_en, 22)}"))
        else:
            out.append((f"小型合作团体 · {len(members)} 家", f"small groups · {len(members)}"))
    return out


def _clustered_layout(
    g: nx.Graph, parts: Sequence[frozenset[Hashable]]
) -> tuple[dict[Hashable, Position], list[Cluster]]:
    """Positions per node and one captioned :class:`Cluster` per community."""
    big = [sorted(p, key=str) for p in parts if len(p) >= _SMALL]
    small = sorted((n for p in parts if len(p) < _SMALL for n in p), key=str)
    groups = [*big, small] if small else big
    captions = _captions(g, groups, len(big))
    local: list[dict[Hashable, Position]] = []
    radii: list[float] = []
    for members in groups:
        pos = force_layout(g.subgraph(members), spacing=_SPACING)
        reach = max((math.hypot(x, y) for x, y in pos.values()), default=0.0)
        local.append(pos)
        radii.append(reach + 30.0)
    widths = [max(caption_width(line) for text in pair for line in text.split("\n")) + 24.0
              for pair in captions]
    centres = _pack(radii, widths)
    out: dict[Hashable, Position] = {}
    clusters = []
    for i, (pos, centre, r) in enumerate(zip(local, centres, radii, strict=True)):
        for node, (x, y) in pos.items():
            out[node] = (round(centre[0] + x, 2), round(centre[1] + y, 2))
        clusters.append(Cluster(round(centre[0], 2), round(centre[1], 2), round(r, 2),
                                captions[i][0], captions[i][1],
                                _CLUSTER_COLORS[i % len(_CLUSTER_COLORS)]))
    return out, clusters


def _top_labelled(g: nx.Graph, top_degree: int, top_betweenness: int) -> set[Hashable]:
    by_degree = sorted(g.nodes, key=lambda n: (-g.degree(n), str(n)))[:top_degree]
    n = g.number_of_nodes()
    between = kernels.betweenness(g, k=200 if n > 1000 else None, seed=42) if n > 2 else {}
    by_between = sorted((v for v in between if between[v] > 0),
                        key=lambda v: (-between[v], str(v)))[:top_betweenness]
    return {*by_degree, *by_between}


def _aggregate(g: nx.Graph, parts: Sequence[frozenset[Hashable]], by: str,
               ) -> tuple[list[VizNode], list[VizEdge], tuple[LegendItem, ...]]:
    """One node per organisation type or community; edges weighted by the ties between."""
    if by == "type":
        key = {n: _group(g, n) for n in g}
    else:
        key = {}
        for i, part in enumerate(parts):
            for n in part:
                key[n] = f"c{i + 1}" if len(part) >= _SMALL else "small"
    members: dict[str, list[Hashable]] = {}
    for n, k in key.items():
        members.setdefault(k, []).append(n)
    inner: Counter[str] = Counter()
    between: Counter[tuple[str, str]] = Counter()
    for u, v in g.edges():
        a, b = key[u], key[v]
        if a == b:
            inner[a] += 1
        else:
            between[min(a, b), max(a, b)] += 1
    order = sorted(members, key=lambda k: (-len(members[k]), k))
    quotient = nx.Graph()
    quotient.add_nodes_from(order)
    quotient.add_edges_from(between)
    angle = {k: 2 * math.pi * i / len(order) for i, k in enumerate(order)}
    radius = 70.0 * len(order) / math.pi + 90.0
    nodes: list[VizNode] = []
    for k in order:
        size = len(members[k])
        if by == "type":
            zh, en = TYPE_NAMES.get(k, (k, k))
            color = TYPE_COLORS.get(k, "#bab0ac")
        else:
            dzh, den, _share = _dominant(g, members[k])
            if k == "small":
                zh, en = "小型合作团体", "small groups"
            else:
                hub = max(members[k], key=lambda m: (g.degree(m), str(m)))
                hub_zh, hub_en = node_labels(hub, g.nodes[hub])
                zh = f"社区 {k[1:]} · {dzh}为主\n核心：{shorten(hub_zh, 10)}"
                en = f"community {k[1:]} · mostly {den}\nhub: {shorten(hub_en, 22)}"
            color = _CLUSTER_COLORS[(order.index(k)) % len(_CLUSTER_COLORS)]
        title = (f"{zh} · {en}\n机构 organisations: {count(size)}\n"
                 f"组内合作 ties inside: {count(inner[k])}")
        x = radius * math.cos(angle[k]) if len(order) > 1 else 0.0
        y = radius * math.sin(angle[k]) if len(order) > 1 else 0.0
        nodes.append(VizNode(
            id=f"group:{k}", label_zh=f"{zh}\n{count(size)} 家", label_en=f"{en}\n{count(size)}",
            color=color, size=round(12.0 + 5.0 * math.sqrt(size), 2), x=round(x, 2),
            y=round(y, 2), title=title, shape="dot", group="group",
        ))
    peak = max(between.values(), default=1)
    edges = [
        VizEdge(f"group:{a}", f"group:{b}", width=round(1.0 + 11.0 * ties / peak, 2),
                color="#8c8c8c", title=f"合作数 ties: {count(ties)}")
        for (a, b), ties in sorted(between.items())
    ]
    legend: tuple[LegendItem, ...] = (
        LegendItem("#8c8c8c", "节点大小 = 机构数", "node size = organisations", "dot"),
        LegendItem("#8c8c8c", "连线粗细 = 组间合作数", "edge width = ties between groups", "line"),
    )
    if by == "type":
        legend = (*type_legend(_group(g, n) for n in g), *legend)
    else:
        legend = (LegendItem("#4e79a7", "颜色区分社区", "colour = community", "dot"), *legend)
    return nodes, edges, legend


def collaboration_view(
    graph: nx.Graph,
    *,
    cap: int = 2000,
    subtitle: str = "",
    group: str = "auto",
    aggregate_above: int = AGGREGATE_ABOVE,
    top_degree: int = 10,
    top_betweenness: int = 5,
    figures: Sequence[Figure] = (),
    title: tuple[str, str] = ("协同创新网络", "Collaboration network"),
) -> VizPage:
    """Build the collaboration network page from a collaboration graph.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected collaboration graph: nodes carry ``label`` (organisation
        type) and ``name``; edges may carry ``weight`` (summed ties).
    cap : int
        Node cap of the organisation-level drawing (top nodes by degree kept,
        with a notice).
    subtitle : str
        Filters shown under the title (park, chain, years).
    group : {"auto", "none", "type", "community"}
        Aggregation; ``auto`` aggregates by type above ``aggregate_above``
        connected organisations.
    top_degree, top_betweenness : int
        Organisations labelled: the top by degree and the top brokers.
    figures : Sequence[Figure]
        Figures of the analysis shown in the header (the isolates count is
        added here).

    Returns
    -------
    VizPage

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("E1", label="Enterprise", name="甲公司")
    >>> g.add_node("U1", label="University", name="乙大学")
    >>> g.add_node("E2", label="Enterprise", name="丙公司")   # an isolate
    >>> g.add_edge("E1", "U1", weight=3.0)
    >>> page = collaboration_view(g)
    >>> [(n.id, n.group, n.size) for n in page.nodes]
    [('E1', 'Enterprise', 12.0), ('U1', 'University', 12.0)]
    >>> page.edges[0].width, [i.zh for i in page.legend][:2]
    (2.58, ['企业', '高校'])
    >>> page.figures[-1].value          # the isolate is counted, not drawn
    '1'
    >>> agg = collaboration_view(g, group="type")
    >>> [(n.id, n.label_zh) for n in agg.nodes]
    [('group:Enterprise', '企业\\n1 家'), ('group:University', '高校\\n1 家')]
    """
    if group not in GROUPINGS:
        raise ParameterError(f"group must be one of {', '.join(GROUPINGS)}, got {group!r}")
    isolates = [n for n in graph if graph.degree(n) == 0]
    g = graph.subgraph(n for n in graph if graph.degree(n) > 0).copy()
    mode = group
    if mode == "auto":
        mode = "type" if g.number_of_nodes() > aggregate_above else "none"
    notice: tuple[str, str] | None = None
    clusters: list[Cluster] = []
    parts = kernels.communities(g, seed=42).communities if g.number_of_nodes() else ()
    if mode != "none":
        nodes, edges, legend = _aggregate(g, parts, mode)
        what = ("机构类型", "organisation type") if mode == "type" else ("社区", "community")
        with_ties = count(g.number_of_nodes())
        notice = (f"汇总视图：每个{what[0]}一个节点（共 {with_ties} 家有合作的机构）；"
                  f"选择“按机构”可查看全部机构。",
                  f"Aggregated view: one node per {what[1]} "
                  f"({count(g.number_of_nodes())} organisations with ties); "
                  f"choose 'organisations' to see each one.")
    else:
        reduction = cap_nodes(g, cap)
        g = reduction.graph
        notice = reduction.notice
        parts = kernels.communities(g, seed=42).communities if g.number_of_nodes() else ()
        pos, clusters = _clustered_layout(g, parts) if g.number_of_nodes() else ({}, [])
        labelled = _top_labelled(g, top_degree, top_betweenness)
        nodes = [
            org_node(node, attrs, pos[node], size=degree_size(g.degree(node)),
                     extra_title=f"合作对象 partners: {g.degree(node)}",
                     show_label=node in labelled, short=8)
            for node, attrs in sorted(g.nodes(data=True), key=lambda item: str(item[0]))
        ]
        edges = []
        for u, v, attrs in g.edges(data=True):
            weight = float(attrs.get("weight", 1.0) or 1.0)
            width = round(min(1.0 + math.log2(max(weight, 1.0)), 6.0), 2)  # readable strokes
            edges.append(VizEdge(str(u), str(v), width=width, title=f"合作次数 ties {weight:g}"))
        legend = (
            *type_legend(n.group for n in nodes),
            LegendItem("#4e79a7", "合作社区（圈）", "community (disc)", "disc"),
            LegendItem("#b0b0b0", "合作关系（粗细 = 次数）", "tie (width = count)", "line"),
        )
    all_figures = (*figures,
                   Figure("未显示的孤立机构", "isolates (not drawn)", count(len(isolates)),
                          "没有合作关系的园区机构 park organisations without a tie"))
    return VizPage(
        title_zh=title[0], title_en=title[1], nodes=tuple(nodes), edges=tuple(edges),
        legend=legend, notice=notice, subtitle=subtitle, figures=all_figures,
        clusters=tuple(clusters), fixed_layout=True, font_size=12 if mode == "none" else 16,
        extra={"group": mode, "isolates": len(isolates)},
    )
