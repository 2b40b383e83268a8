"""An organisation's ego network: who it supplies, collaborates with, invests in…

:func:`ego_subgraph` is a pure reader of the projection (the API's
``/orgs/{id}/neighbors`` uses it too); :func:`ego_view` draws it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

from ecograph.analysis.common import require_node
from ecograph.errors import ParameterError
from ecograph.viz.labels import degree_size, node_labels, org_node, type_legend
from ecograph.viz.reduce import cap_nodes
from ecograph.viz.render import Cluster, Figure, LegendItem, VizEdge, VizPage
from ecograph.vocab import Label, RelType

__all__ = ["EDGE_COLORS", "EGO_CAP", "MAX_DEPTH", "ORG_RELATIONS", "RELATION_GROUPS",
           "RELATION_NAMES", "ego_subgraph", "ego_view"]

#: Relations between organisations followed by default.
ORG_RELATIONS: tuple[RelType, ...] = (
    RelType.SUPPLIES, RelType.COLLABORATES_WITH, RelType.INVESTS_IN, RelType.INCUBATED_IN,
    RelType.HOSTS, RelType.OPERATES, RelType.SPUN_OFF_FROM,
)
#: Deepest neighbourhood served (depth 3 already reaches most of a park).
MAX_DEPTH = 3
#: Edge colour per relation type.
EDGE_COLORS: dict[str, str] = {
    "SUPPLIES": "#4e79a7", "COLLABORATES_WITH": "#e15759", "INVESTS_IN": "#b07aa1",
    "INCUBATED_IN": "#59a14f", "HOSTS": "#76b7b2", "OPERATES": "#9c755f",
    "SPUN_OFF_FROM": "#edc948",
}
#: ``relation -> (Chinese, English)`` for the legend.
RELATION_NAMES: dict[str, tuple[str, str]] = {
    "SUPPLIES": ("供应", "supplies"), "COLLABORATES_WITH": ("合作", "collaborates"),
    "INVESTS_IN": ("投资", "invests in"), "INCUBATED_IN": ("入驻孵化", "incubated in"),
    "HOSTS": ("承载", "hosts"), "OPERATES": ("运营", "operates"),
    "SPUN_OFF_FROM": ("衍生自", "spun off from"),
}
_CLUSTER_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                   "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")


def ego_subgraph(
    graph: nx.MultiDiGraph, org: str, *, depth: int = 1, types: Iterable[str] | None = None,
    max_nodes: int | None = None,
) -> nx.MultiDiGraph:
    """Return the organisations within ``depth`` hops of ``org`` and the edges among them.

    Hops follow edges of ``types`` (default :data:`ORG_RELATIONS`) in either
    direction. With ``max_nodes`` the search stops once that many nodes are
    found, nearest hops first, so a hub at depth 3 costs what the cap costs,
    not what most of the graph costs.

    Raises
    ------
    NotFoundError
        ``org`` is not an organisation of the graph.
    ParameterError
        ``depth`` outside 1..3 or an unknown relation type.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in "abcd":
    ...     g.add_node(n, label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    >>> _ = g.add_edge("a", "b", type="SUPPLIES")
    >>> _ = g.add_edge("c", "b", type="COLLABORATES_WITH")
    >>> _ = g.add_edge("c", "d", type="SUPPLIES")
    >>> sorted(ego_subgraph(g, "b").nodes)
    ['a', 'b', 'c']
    >>> sorted(ego_subgraph(g, "b", depth=2, types=["SUPPLIES", "COLLABORATES_WITH"]).nodes)
    ['a', 'b', 'c', 'd']
    >>> sorted(ego_subgraph(g, "b", types=["SUPPLIES"]).nodes)
    ['a', 'b']
    >>> len(ego_subgraph(g, "b", depth=2, max_nodes=2))
    3
    """
    require_node(graph, org, Label.Organization)
    if not 1 <= depth <= MAX_DEPTH:
        raise ParameterError(f"depth must be between 1 and {MAX_DEPTH}, got {depth}")
    wanted = {str(t) for t in (types if types is not None else ORG_RELATIONS)}
    unknown = wanted - set(RelType.__members__)
    if unknown:
        raise ParameterError(f"unknown relation types: {', '.join(sorted(unknown))}")
    seen = {org}
    frontier = [org]
    bound = max_nodes if max_nodes is not None else len(graph) + 1
    for _ in range(depth):
        nxt: list[str] = []
        for node in frontier:
            if len(seen) >= bound:
                break
            for _, other, attrs in graph.out_edges(node, data=True):
                if attrs.get("type") in wanted and other not in seen:
                    seen.add(other)
                    nxt.append(other)
            for other, _, attrs in graph.in_edges(node, data=True):
                if attrs.get("type") in wanted and other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in seen)
    for u, v, key, attrs in graph.subgraph(seen).edges(keys=True, data=True):
        if attrs.get("type") in wanted:
            sub.add_edge(u, v, key=key, **attrs)
    return sub


#: Default node cap of an ego drawing (nearest hops first); a notice says when it bites.
EGO_CAP = 150

#: ``(relation, direction) -> (Chinese, English)`` name of the neighbours it groups.
#: ``out``: the centre is the edge's source; ``in``: its target.
RELATION_GROUPS: dict[tuple[str, str], tuple[str, str]] = {
    ("SUPPLIES", "out"): ("客户（本机构供货）", "customers"),
    ("SUPPLIES", "in"): ("供应商", "suppliers"),
    ("COLLABORATES_WITH", "out"): ("合作伙伴", "partners"),
    ("COLLABORATES_WITH", "in"): ("合作伙伴", "partners"),
    ("INVESTS_IN", "out"): ("被投企业", "investees"),
    ("INVESTS_IN", "in"): ("投资方", "investors"),
    ("INCUBATED_IN", "out"): ("孵化载体", "incubated in"),
    ("INCUBATED_IN", "in"): ("在孵/毕业企业", "incubatees"),
    ("HOSTS", "out"): ("承载机构", "hosted"),
    ("HOSTS", "in"): ("依托单位", "host"),
    ("OPERATES", "out"): ("运营对象", "operated"),
    ("OPERATES", "in"): ("运营方", "operator"),
    ("SPUN_OFF_FROM", "out"): ("母体机构", "spun off from"),
    ("SPUN_OFF_FROM", "in"): ("衍生企业", "spin-offs"),
}
_SUNFLOWER = 2.399963  # golden angle: even spread of a group's members
_STEP = 36.0


def _groups(sub: nx.MultiDiGraph, org: str, kept: set[str]) -> dict[str, list[str]]:
    """Neighbours by relation group: depth-1 nodes by their edge to ``org``, deeper
    nodes by the group of the depth-1 node they were reached through (BFS order)."""
    group_of: dict[str, str] = {}
    frontier: list[str] = []
    for _, other, attrs in sorted(sub.out_edges(org, data=True), key=lambda e: str(e[1])):
        if other in kept and other not in group_of and other != org:
            rel = str(attrs.get("type"))
            group_of[other] = rel if rel == "COLLABORATES_WITH" else f"{rel}:out"
            frontier.append(other)
    for other, _, attrs in sorted(sub.in_edges(org, data=True), key=lambda e: str(e[0])):
        if other in kept and other not in group_of and other != org:
            rel = str(attrs.get("type"))
            group_of[other] = rel if rel == "COLLABORATES_WITH" else f"{rel}:in"
            frontier.append(other)
    undirected = nx.Graph(sub.subgraph(kept))
    while frontier:
        nxt = []
        for node in frontier:
            for other in sorted(undirected.neighbors(node), key=str):
                if other != org and other not in group_of:
                    group_of[other] = group_of[node]
                    nxt.append(other)
        frontier = nxt
    for node in sorted(kept - set(group_of) - {org}, key=str):  # reached only via a cut node
        group_of[node] = "other"
    out: dict[str, list[str]] = {}
    for node, key in group_of.items():
        out.setdefault(key, []).append(node)
    return out


def _group_name(key: str) -> tuple[str, str]:
    if key == "other":
        return "其他", "other"
    rel, _, direction = key.partition(":")
    return RELATION_GROUPS.get((rel, direction or "out"), (rel, rel))


def ego_view(sub: nx.MultiDiGraph, org: str, *, cap: int = EGO_CAP, depth: int = 1,
             more: bool = False, top_labels: int = 12) -> VizPage:
    """Draw an ego network returned by :func:`ego_subgraph` (the centre is a star).

    Neighbours are grouped by relation (suppliers, customers, partners,
    investors…): each group is a captioned cluster around the centre, nearest
    hops innermost. The centre and the ``top_labels`` best-connected
    neighbours are labelled; all names show on hover. ``more`` (the caller cut
    the search at the cap) adds a notice.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Enterprise", name="甲")
    >>> g.add_node("u", label="University", name="乙")
    >>> g.add_node("s", label="Enterprise", name="丙")
    >>> _ = g.add_edge("a", "u", type="COLLABORATES_WITH")
    >>> _ = g.add_edge("s", "a", type="SUPPLIES")
    >>> page = ego_view(g, "a")
    >>> [(n.id, n.shape) for n in page.nodes]
    [('a', 'star'), ('s', 'dot'), ('u', 'dot')]
    >>> sorted(c.label_zh for c in page.clusters)
    ['供应商 · 1', '合作伙伴 · 1']
    >>> ego_view(g, "a", cap=2).notice[1]
    'Showing the 1 nearest organisations; more are connected (raise the cap to see them).'
    """
    reduction = cap_nodes(nx.Graph(sub), cap, pinned=[org])
    kept = set(reduction.graph.nodes)
    simple = reduction.graph
    groups = _groups(sub, org, kept)
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    radii = {k: _STEP * math.sqrt(len(groups[k])) + 30.0 for k in order}
    ring = max(sum(2 * r + 60.0 for r in radii.values()) / (2 * math.pi),
               max(radii.values(), default=0.0) + 140.0)
    pos: dict[str, tuple[float, float]] = {org: (0.0, 0.0)}
    clusters: list[Cluster] = []
    angle = 0.0
    total = sum(2 * r + 60.0 for r in radii.values()) or 1.0
    for i, key in enumerate(order):
        share = (2 * radii[key] + 60.0) / total * 2 * math.pi
        theta = angle + share / 2
        angle += share
        cx, cy = (ring * math.cos(theta), ring * math.sin(theta)) if len(order) > 1 else (ring, 0.0)
        for k, node in enumerate(groups[key]):
            r, a = _STEP * math.sqrt(k + 0.5), k * _SUNFLOWER
            pos[node] = (round(cx + r * math.cos(a), 2), round(cy + r * math.sin(a), 2))
        zh, en = _group_name(key)
        clusters.append(Cluster(round(cx, 2), round(cy, 2), round(radii[key], 2),
                                f"{zh} · {len(groups[key])}", f"{en} · {len(groups[key])}",
                                _CLUSTER_COLORS[i % len(_CLUSTER_COLORS)]))
    ranked = sorted((n for n in kept if n != org), key=lambda n: (-simple.degree(n), str(n)))
    labelled = {org, *ranked[:top_labels]}
    nodes = tuple(
        org_node(node, sub.nodes[node], pos[node],
                 size=24.0 if node == org else degree_size(simple.degree(node)),
                 shape="star" if node == org else "dot", show_label=node in labelled,
                 short=None if node == org else 8)
        for node in sorted(kept, key=lambda n: (n != org, str(n)))
    )
    edges = tuple(
        VizEdge(str(u), str(v), color=EDGE_COLORS.get(str(attrs.get("type")), "#b0b0b0"),
                title=str(attrs.get("type", "")),
                arrows="" if attrs.get("type") == "COLLABORATES_WITH" else "to")
        for u, v, attrs in sub.edges(data=True)
        if u in kept and v in kept
    )
    notice = reduction.notice
    if more or reduction.reduced:
        notice = (f"仅显示最近的 {len(kept) - 1} 个关联机构，还有更多未显示（可调高节点上限）。",
                  f"Showing the {len(kept) - 1} nearest organisations; more are connected "
                  f"(raise the cap to see them).")
    zh, en = node_labels(org, sub.nodes[org])
    present = {str(a.get("type")) for _, _, a in sub.edges(data=True)}
    legend = (
        LegendItem(nodes[0].color, "中心机构", "centre organisation", "star"),
        *type_legend(n.group for n in nodes),
        *(LegendItem(color, RELATION_NAMES[rel][0], RELATION_NAMES[rel][1], "line")
          for rel, color in EDGE_COLORS.items() if rel in present),
        LegendItem("#4e79a7", "按关系分组（圈）", "grouped by relation (disc)", "disc"),
    )
    figures = (
        Figure("关联机构", "connected organisations", str(len(kept) - 1)),
        Figure("关系", "relations", str(len(edges))),
        Figure("层数", "depth", str(depth)),
    )
    return VizPage(
        title_zh=f"关系网络：{zh}", title_en=f"Ego network: {en}", nodes=nodes, edges=edges,
        legend=legend, notice=notice, subtitle=f"{org} · depth {depth}", figures=figures,
        clusters=tuple(clusters), fixed_layout=True,
    )
