"""Bounded shortest paths from organisations to a park, over the organisation graph.

The *organisation-level graph* has organisations as nodes and the relations
between organisations as undirected edges (``SUPPLIES``, ``COLLABORATES_WITH``,
``INVESTS_IN``, ``INCUBATED_IN``, ``HOSTS``, ``OPERATES`` when its target is an
organisation, ``SPUN_OFF_FROM``); ``LOCATED_IN``, ``IN_SEGMENT`` and the like
are not walked, so two firms are not "close" merely for sharing a park or a
segment.

:func:`park_paths` answers "how far is each candidate from the park, and by
which path" for many candidates at once. It runs one BFS from all park members
together, level by level, and switches to short searches from the still
unreached targets once those are cheaper than expanding the (by then usually
huge) park-side frontier: every path from an unreached target to the park
first meets the park side at the last completed level, so the distance is
that level plus the hops to the frontier. The cost is bounded by the edges
around the park and the targets, never all pairs.

Ties between equally short paths are broken by id, not by the projection's
edge order: each node reached at a level keeps its smallest neighbour of the
previous level as parent (on both sides of the search). So a path depends only
on the graph's content, and a park-scoped projection that holds every node
within the search's reach (:mod:`ecograph.stores.park_scope`) gives the same
paths as the whole graph.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.chain.index import Adjacency, adjacency
from ecograph.analysis.common import has_label, is_current
from ecograph.vocab import Label, RelType

__all__ = ["ORG_TYPES", "park_paths"]

#: Relation types between organisations walked by the distance search.
ORG_TYPES: frozenset[str] = frozenset(
    str(t) for t in (RelType.SUPPLIES, RelType.COLLABORATES_WITH, RelType.INVESTS_IN,
                     RelType.INCUBATED_IN, RelType.HOSTS, RelType.OPERATES,
                     RelType.SPUN_OFF_FROM)
)
_OPERATES = str(RelType.OPERATES)
_INVESTS = str(RelType.INVESTS_IN)
#: Ties that end: with an ``as_of`` only the current ones are walked.
_DATED: frozenset[str] = frozenset(
    str(t) for t in (RelType.SUPPLIES, RelType.COLLABORATES_WITH, RelType.INVESTS_IN))
#: Assumed branching factor when comparing the two search directions.
_BRANCHING = 16


def _walkable(graph: nx.MultiDiGraph, other: str, attrs: dict[str, Any],
              as_of: date | None) -> bool:
    kind = attrs.get("type")
    if kind not in ORG_TYPES:
        return False
    if kind == _OPERATES:
        return has_label(graph, other, Label.Organization)
    if as_of is not None and kind in _DATED:
        return is_current(attrs, as_of, start="date" if kind == _INVESTS else "since")
    return True


def _neighbours(graph: nx.MultiDiGraph, succ: Adjacency, pred: Adjacency,
                node: str, as_of: date | None = None) -> Iterator[str]:
    for adjacent in (succ[node], pred[node]):
        for other, keyed in adjacent.items():
            for attrs in keyed.values():
                if _walkable(graph, other, attrs, as_of):
                    yield other
                    break


def _to_frontier(graph: nx.MultiDiGraph, succ: Adjacency, pred: Adjacency, target: str,
                 parent: dict[str, str | None], frontier: set[str],
                 budget: int, as_of: date | None = None) -> list[str] | None:
    """Fewest hops (≤ budget) from ``target`` to ``frontier`` through unvisited nodes."""
    back: dict[str, str | None] = {target: None}
    layer = [target]
    for _ in range(budget):
        hits: list[str] = []
        nxt: list[str] = []
        fresh: set[str] = set()
        for node in layer:
            for other in _neighbours(graph, succ, pred, node, as_of):
                if other in back:
                    # first reached in this layer: keep its smallest predecessor
                    if other in fresh and node < str(back[other]):
                        back[other] = node
                    continue
                back[other] = node
                fresh.add(other)
                if other in frontier:
                    hits.append(other)
                elif other not in parent:
                    nxt.append(other)
        if hits:
            step: str | None = min(hits)
            path: list[str] = []
            while step is not None:
                path.append(step)
                step = back[step]
            return path[::-1]  # target … frontier node
        layer = nxt
    return None


def park_paths(
    graph: nx.MultiDiGraph,
    sources: Collection[str],
    targets: Collection[str],
    *,
    max_distance: int = 3,
    as_of: date | None = None,
) -> dict[str, tuple[str, ...]]:
    """Find one shortest path from each reachable target to the nearest source.

    Paths run over the undirected organisation-level graph, start at the target
    and end at a source; targets farther than ``max_distance`` hops are left out.
    With ``as_of``, ended (or future) ``SUPPLIES`` / ``COLLABORATES_WITH`` /
    ``INVESTS_IN`` edges are not walked.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("p", "m", type="SUPPLIES")
    >>> _ = g.add_edge("t", "m", type="COLLABORATES_WITH")
    >>> _ = g.add_edge("u", "p", type="LOCATED_IN")
    >>> park_paths(g, {"p"}, {"t", "u"})
    {'t': ('t', 'm', 'p')}
    """
    succ, pred = adjacency(graph)
    parent: dict[str, str | None] = {s: None for s in sorted(sources) if s in succ}
    found: dict[str, tuple[str, ...]] = {}

    def via_parents(node: str) -> list[str]:
        path = [node]
        step = parent[node]
        while step is not None:
            path.append(step)
            step = parent[step]
        return path

    pending = {t for t in targets if t in succ}
    for node in pending & parent.keys():
        found[node] = (node,)
    pending -= found.keys()
    frontier = list(parent)
    depth = 0
    while frontier and pending and depth < max_distance:
        budget = max_distance - depth
        if len(pending) * _BRANCHING ** min(budget - 1, 8) < len(frontier):
            # cheaper from the targets' side: meet the frontier of level ``depth``
            frontier_set = set(frontier)
            for target in sorted(pending):
                hop = _to_frontier(graph, succ, pred, target, parent, frontier_set, budget,
                                   as_of)
                if hop is not None:
                    found[target] = tuple(hop[:-1] + via_parents(hop[-1]))
            return found
        depth += 1
        next_frontier: list[str] = []
        fresh: set[str] = set()
        for node in frontier:
            for adjacent in (succ[node], pred[node]):
                for other, keyed in adjacent.items():
                    known = other in parent
                    if known and (other not in fresh or node >= str(parent[other])):
                        continue
                    for attrs in keyed.values():
                        if _walkable(graph, other, attrs, as_of):
                            parent[other] = node  # the smallest parent of this level wins
                            if not known:
                                fresh.add(other)
                                next_frontier.append(other)
                            break
        for other in sorted(fresh & pending):
            found[other] = tuple(via_parents(other))
        pending -= fresh
        frontier = next_frontier
    return found
