"""An organisation's ego network: who it supplies, collaborates with, invests in…

:func:`ego_subgraph` is a pure reader of the projection (the API's
``/orgs/{id}/neighbors`` uses it too); :func:`ego_view` draws it.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from ecograph.analysis.common import require_node
from ecograph.errors import ParameterError
from ecograph.viz.labels import degree_size, org_node, type_legend
from ecograph.viz.layout import force_layout
from ecograph.viz.reduce import cap_nodes
from ecograph.viz.render import VizEdge, VizPage
from ecograph.vocab import Label, RelType

__all__ = ["EDGE_COLORS", "MAX_DEPTH", "ORG_RELATIONS", "ego_subgraph", "ego_view"]

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


def ego_view(sub: nx.MultiDiGraph, org: str, *, cap: int = 2000, depth: int = 1) -> VizPage:
    """Draw an ego network returned by :func:`ego_subgraph` (the centre is a star).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Enterprise", name="甲")
    >>> g.add_node("u", label="University", name="乙")
    >>> _ = g.add_edge("a", "u", type="COLLABORATES_WITH")
    >>> page = ego_view(g, "a")
    >>> [(n.id, n.shape) for n in page.nodes], page.edges[0].color
    ([('a', 'star'), ('u', 'dot')], '#e15759')
    """
    reduction = cap_nodes(nx.Graph(sub), cap, pinned=[org])
    kept = set(reduction.graph.nodes)
    simple = reduction.graph
    pos = force_layout(simple)
    nodes = tuple(
        org_node(node, sub.nodes[node], pos[node],
                 size=28.0 if node == org else degree_size(simple.degree(node)),
                 shape="star" if node == org else "dot")
        for node in sorted(kept, key=lambda n: (n != org, str(n)))
    )
    edges = tuple(
        VizEdge(str(u), str(v), color=EDGE_COLORS.get(str(attrs.get("type")), "#b0b0b0"),
                title=str(attrs.get("type", "")),
                arrows="" if attrs.get("type") == "COLLABORATES_WITH" else "to")
        for u, v, attrs in sub.edges(data=True)
        if u in kept and v in kept
    )
    name = sub.nodes[org].get("name", org)
    return VizPage(
        title_zh=f"关系网络：{name}", title_en=f"Ego network: {org}", nodes=nodes, edges=edges,
        legend=type_legend(n.group for n in nodes), notice=reduction.notice,
        subtitle=f"depth {depth}",
    )
