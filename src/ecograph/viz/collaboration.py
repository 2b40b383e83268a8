"""The collaboration network: organisations coloured by type, sized by degree."""

from __future__ import annotations

import networkx as nx

from ecograph.viz.labels import degree_size, org_node, type_legend
from ecograph.viz.layout import force_layout
from ecograph.viz.reduce import cap_nodes
from ecograph.viz.render import VizEdge, VizPage

__all__ = ["collaboration_view"]


def collaboration_view(
    graph: nx.Graph, *, cap: int = 2000, subtitle: str = ""
) -> VizPage:
    """Build the collaboration network page from a collaboration graph.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected collaboration graph: nodes carry ``label`` (organisation
        type) and ``name``; edges may carry ``weight`` (summed ties).
    cap : int
        Node cap; larger graphs keep their top nodes by degree, with a notice.
    subtitle : str
        Filters shown under the title (park, chain, years).

    Returns
    -------
    VizPage

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("E1", label="Enterprise", name="甲公司")
    >>> g.add_node("U1", label="University", name="乙大学")
    >>> g.add_edge("E1", "U1", weight=3.0)
    >>> page = collaboration_view(g)
    >>> [(n.id, n.group, n.size) for n in page.nodes]
    [('E1', 'Enterprise', 12.0), ('U1', 'University', 12.0)]
    >>> page.edges[0].width, [i.zh for i in page.legend]
    (3.0, ['企业', '高校'])
    """
    reduction = cap_nodes(graph, cap)
    g = reduction.graph
    pos = force_layout(g)
    nodes = tuple(
        org_node(node, attrs, pos[node], size=degree_size(g.degree(node)),
                 extra_title=f"合作数 ties: {g.degree(node)}")
        for node, attrs in sorted(g.nodes(data=True), key=lambda item: str(item[0]))
    )
    edges = []
    for u, v, attrs in g.edges(data=True):
        weight = float(attrs.get("weight", 1.0) or 1.0)
        width = min(max(weight, 1.0), 8.0)  # summed ties, clamped to a readable stroke
        edges.append(VizEdge(str(u), str(v), width=width, title=f"权重 weight {weight:g}"))
    return VizPage(
        title_zh="协同创新网络",
        title_en="Collaboration network",
        nodes=nodes,
        edges=tuple(edges),
        legend=type_legend(n.group for n in nodes),
        notice=reduction.notice,
        subtitle=subtitle,
    )
