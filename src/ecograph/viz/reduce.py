"""Keep visualisations drawable: cap the node count, say so on the page.

Graphs above the cap (``Settings.viz_node_cap``, default 2,000) keep their
top nodes by degree (ties broken by id, so the cut is reproducible), plus any
nodes the caller pins (the ego of an ego network, the segments of a chain
map). The result carries a bilingual notice that the page shows.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import networkx as nx

from ecograph.errors import ParameterError

__all__ = ["Reduction", "cap_nodes"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reduction:
    """A graph cut down to a node cap, with what was dropped.

    Attributes
    ----------
    graph : networkx.Graph
        The kept subgraph (a copy; the input is not modified).
    total : int
        Nodes before the cut.
    kept : int
        Nodes after the cut.
    """

    graph: nx.Graph
    total: int
    kept: int

    @property
    def reduced(self) -> bool:
        """True when nodes were dropped."""
        return self.kept < self.total

    @property
    def notice(self) -> tuple[str, str] | None:
        """``(Chinese, English)`` notice for the page, or None when nothing was dropped."""
        if not self.reduced:
            return None
        return (
            f"节点过多：仅显示度数最高的 {self.kept} 个节点（共 {self.total} 个）。",
            f"Graph reduced: showing the {self.kept} highest-degree nodes of {self.total}.",
        )


def cap_nodes(graph: nx.Graph, cap: int, *, pinned: Iterable[Hashable] = ()) -> Reduction:
    """Return ``graph`` reduced to at most ``cap`` nodes, top by degree.

    Parameters
    ----------
    graph : networkx.Graph
        Graph to reduce (any NetworkX graph class).
    cap : int
        Largest number of nodes to keep (≥ 1).
    pinned : Iterable
        Nodes always kept (counted within the cap), e.g. the centre of an
        ego network.

    Raises
    ------
    ParameterError
        When ``cap`` is below 1.

    Examples
    --------
    >>> star = nx.star_graph(4)          # hub 0 with leaves 1..4
    >>> r = cap_nodes(star, 2)
    >>> sorted(r.graph.nodes), r.total, r.reduced
    ([0, 1], 5, True)
    >>> r.notice[1]
    'Graph reduced: showing the 2 highest-degree nodes of 5.'
    >>> sorted(cap_nodes(star, 2, pinned=[4]).graph.nodes)
    [0, 4]
    >>> cap_nodes(star, 10).notice is None
    True
    """
    if cap < 1:
        raise ParameterError(f"node cap must be at least 1, got {cap}")
    total = graph.number_of_nodes()
    if total <= cap:
        return Reduction(graph=graph, total=total, kept=total)
    keep = [node for node in pinned if node in graph][:cap]
    kept_set = set(keep)
    ranked = sorted(
        (node for node in graph.nodes if node not in kept_set),
        key=lambda node: (-graph.degree(node), str(node)),
    )
    keep.extend(ranked[: cap - len(keep)])
    sub = graph.subgraph(keep).copy()
    logger.info("visualisation reduced from %d to %d nodes", total, sub.number_of_nodes())
    return Reduction(graph=sub, total=total, kept=sub.number_of_nodes())
