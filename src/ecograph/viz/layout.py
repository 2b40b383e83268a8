"""Server-side layouts: positions are computed here and shipped to the page.

Browser physics takes minutes on graphs of a few thousand nodes, so every
visualisation arrives with ``x`` / ``y`` already set and the page only runs a
short stabilisation (small graphs) or none at all (large ones).

Force-directed layouts use igraph's Fruchterman-Reingold (C code; well under a
second at 2,000 nodes), started from seeded random positions so the same graph
always gets the same picture.
"""

from __future__ import annotations

import logging
import math
import random
import threading
from collections.abc import Hashable, Mapping, Sequence

import igraph as ig
import networkx as nx

__all__ = ["Position", "column_layout", "force_layout"]

logger = logging.getLogger(__name__)

#: igraph draws from one process-wide generator; layouts swap in a seeded one
#: under this lock (the API renders in worker threads) and restore the default.
_RNG_LOCK = threading.Lock()

#: ``(x, y)`` in vis-network canvas units.
Position = tuple[float, float]


def force_layout(
    graph: nx.Graph, *, seed: int = 7, spacing: float = 60.0
) -> dict[Hashable, Position]:
    """Return Fruchterman-Reingold positions for every node of ``graph``.

    The layout is scaled so that the mean distance between neighbours is
    about ``spacing`` canvas units whatever the graph size.

    Parameters
    ----------
    graph : networkx.Graph
        Any NetworkX graph (directions and parallel edges are ignored).
    seed : int
        Seed of the starting positions; same seed, same layout.
    spacing : float
        Target spread per node, in canvas units.

    Returns
    -------
    dict
        ``node -> (x, y)``.

    Examples
    --------
    >>> pos = force_layout(nx.path_graph(3))
    >>> sorted(pos), all(isinstance(v, float) for xy in pos.values() for v in xy)
    ([0, 1, 2], True)
    >>> force_layout(nx.path_graph(3)) == pos
    True
    >>> force_layout(nx.Graph())
    {}
    """
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {
        (min(index[u], index[v]), max(index[u], index[v]))
        for u, v in graph.edges()
        if u != v
    }
    g = ig.Graph(n=n, edges=sorted(pairs))
    rng = random.Random(seed)
    half = math.sqrt(n)  # igraph's own starting spread; keeps its grid effective
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(n)]
    niter = 500 if n <= 500 else 250
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            coords = g.layout_fruchterman_reingold(seed=start, niter=niter, grid="auto").coords
        finally:
            ig.set_random_number_generator(random)
    return _scaled(nodes, coords, spacing * math.sqrt(n))


def _scaled(
    nodes: Sequence[Hashable], coords: Sequence[Sequence[float]], extent: float
) -> dict[Hashable, Position]:
    """Centre ``coords`` and scale their larger side to ``extent``."""
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    side = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    factor = extent / side
    return {
        node: (round((x - cx) * factor, 2), round((y - cy) * factor, 2))
        for node, x, y in zip(nodes, xs, ys, strict=True)
    }


def column_layout(
    columns: Mapping[str, Sequence[Hashable]],
    order: Sequence[str],
    *,
    dx: float = 420.0,
    dy: float = 110.0,
) -> dict[Hashable, Position]:
    """Place nodes in columns (e.g. chain stages), top to bottom, centred.

    Parameters
    ----------
    columns : Mapping
        ``column name -> nodes`` in display order.
    order : Sequence[str]
        Column names left to right; columns not listed go to the right.
    dx, dy : float
        Horizontal and vertical spacing.

    Examples
    --------
    >>> column_layout({"up": ["a", "b"], "down": ["c"]}, ["up", "down"])
    {'a': (0.0, -55.0), 'b': (0.0, 55.0), 'c': (420.0, 0.0)}
    """
    names = [c for c in order if c in columns] + sorted(c for c in columns if c not in order)
    pos: dict[Hashable, Position] = {}
    for i, name in enumerate(names):
        members = list(columns[name])
        top = -(len(members) - 1) * dy / 2
        for j, node in enumerate(members):
            pos[node] = (float(i * dx), float(top + j * dy))
    return pos
