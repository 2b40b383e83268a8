"""Shortest paths from organisations to a park, over the organisation graph.

The *organisation-level graph* has organisations as nodes and the relations
between organisations as undirected edges (``SUPPLIES``, ``COLLABORATES_WITH``,
``INVESTS_IN``, ``INCUBATED_IN``, ``HOSTS``, ``OPERATES`` when its target is an
organisation, ``SPUN_OFF_FROM``); ``LOCATED_IN``, ``IN_SEGMENT`` and the like
are not walked, so two firms are not "close" merely for sharing a park or a
segment. With ``as_of``, ended (or future) ``SUPPLIES`` / ``COLLABORATES_WITH``
/ ``INVESTS_IN`` edges are not walked.

:func:`path_to_park` answers "how far is this candidate from the park, and by
which path" with a search from the candidate's side (:class:`PathSearch`)
that stops at the *member ring* (:func:`member_ring`: the organisations one
hop from a park member). Its cost follows the candidate's neighbourhood, not
the region, and the attraction ranking only searches for the candidates that
can still rank (:func:`ecograph.analysis.chain.attraction.top_candidates_of`).
Ties between equally short paths are broken by id, never by edge order, so a
park-scoped projection (:mod:`ecograph.stores.park_scope`) that holds what the
search reads gives the same path as the whole graph.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.chain.index import Adjacency, adjacency
from ecograph.analysis.common import has_label, is_current
from ecograph.vocab import Label, RelType

__all__ = ["ORG_TYPES", "PathSearch", "member_ring", "path_to_park", "walkable_neighbours",
           "walkable_tie"]

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


def walkable_tie(kind: object, attrs: Mapping[str, Any], as_of: date | None) -> bool:
    """Whether a relation of type ``kind`` is walked (an ``OPERATES`` one only when its
    target is an organisation, which the caller checks).

    Examples
    --------
    >>> walkable_tie("SUPPLIES", {"until": "2020-12-31"}, date(2024, 1, 1))
    False
    >>> walkable_tie("SUPPLIES", {"until": "2020-12-31"}, None)
    True
    >>> walkable_tie("LOCATED_IN", {}, None)
    False
    """
    if kind not in ORG_TYPES:
        return False
    if as_of is not None and kind in _DATED:
        return is_current(attrs, as_of, start="date" if kind == _INVESTS else "since")
    return True


def _walkable(graph: nx.MultiDiGraph, other: str, attrs: dict[str, Any],
              as_of: date | None) -> bool:
    kind = attrs.get("type")
    if kind == _OPERATES:
        return has_label(graph, other, Label.Organization)
    return walkable_tie(kind, attrs, as_of)


def _neighbours(graph: nx.MultiDiGraph, succ: Adjacency, pred: Adjacency,
                node: str, as_of: date | None = None) -> Iterator[str]:
    for adjacent in (succ[node], pred[node]):
        for other, keyed in adjacent.items():
            for attrs in keyed.values():
                if _walkable(graph, other, attrs, as_of):
                    yield other
                    break


def walkable_neighbours(graph: nx.MultiDiGraph, node: str,
                        as_of: date | None = None) -> set[str]:
    """The organisations one walkable relation away from ``node`` (either direction).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", type="SUPPLIES", until="2020-01-01")
    >>> _ = g.add_edge("c", "a", type="COLLABORATES_WITH")
    >>> sorted(walkable_neighbours(g, "a")), sorted(walkable_neighbours(g, "a", date(2024, 1, 1)))
    (['b', 'c'], ['c'])
    """
    succ, pred = adjacency(graph)
    return set(_neighbours(graph, succ, pred, node, as_of))


def member_ring(graph: nx.MultiDiGraph, members: Collection[str],
                as_of: date | None = None) -> dict[str, str]:
    """Each non-member one walkable hop from a member, with its smallest member neighbour.

    The *ring* is where :func:`path_to_park` stops: a path reaching it ends
    one hop later at that member.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("m2", "x", type="SUPPLIES")
    >>> _ = g.add_edge("x", "m1", type="SUPPLIES")
    >>> _ = g.add_edge("m1", "m2", type="SUPPLIES")
    >>> member_ring(g, {"m1", "m2"})
    {'x': 'm1'}
    """
    succ, pred = adjacency(graph)
    ring: dict[str, str] = {}
    for member in sorted(m for m in members if m in succ):
        for other in _neighbours(graph, succ, pred, member, as_of):
            if other not in members and other not in ring:
                ring[other] = member  # members in ascending order: the smallest wins
    return ring


@dataclass
class PathSearch:
    """A breadth-first search from one organisation towards a park, one level at a time.

    The search runs over the undirected organisation graph (the walkable
    relations of this module) from ``start`` until a level holds a park
    member or a node of the member ring (:func:`member_ring`); the distance is
    then that level, plus one for a ring node, the smallest over the level's
    hits, ties broken by the hit's id. Each node reached keeps the smallest
    node of the previous level it was reached from, so the path depends only on
    the graph's content around ``start``, never on edge order: a park-scoped
    projection that holds the nodes the search expanded and their neighbours
    gives the same path as the whole graph.

    ``expand`` gives each node's walkable neighbours; it is the graph's
    (:func:`path_to_park`) or the store's (the park scope's builder), so both
    walk the same way.
    """

    start: str
    levels: int = 0
    back: dict[str, str | None] = field(default_factory=dict)
    layer: list[str] = field(default_factory=list)
    done: bool = False
    path: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        self.back = {self.start: None}
        self.layer = [self.start]

    def check(self, members: Collection[str], ring: Mapping[str, str],
              max_distance: int | None = None) -> bool:
        """Finish the search if the current level holds a hit (True when finished)."""
        if self.done:
            return True
        hits = [(self.levels + (0 if node in members else 1), node)
                for node in self.layer if node in members or node in ring]
        if hits:
            distance, node = min(hits)
            self.done = True
            if max_distance is None or distance <= max_distance:
                path = [node]
                step = self.back[node]
                while step is not None:
                    path.append(step)
                    step = self.back[step]
                path.reverse()
                if node not in members:
                    path.append(ring[node])
                self.path = tuple(path)
        elif not self.layer or (max_distance is not None and self.levels >= max_distance):
            self.done = True  # nothing left to reach, or the next level is past the bound
        return self.done

    def advance(self, neighbours: Mapping[str, Iterable[str]]) -> None:
        """Walk one level further; ``neighbours`` holds each node of the current level's."""
        fresh: list[str] = []
        for node in sorted(self.layer):
            for other in sorted(neighbours.get(node, ())):
                if other not in self.back:
                    self.back[other] = node  # the layer in ascending order: the smallest wins
                    fresh.append(other)
        self.layer = fresh
        self.levels += 1


def path_to_park(graph: nx.MultiDiGraph, start: str, members: Collection[str],
                 ring: Mapping[str, str], *, as_of: date | None = None,
                 max_distance: int | None = None,
                 neighbours: Callable[[str], set[str]] | None = None) -> tuple[str, ...] | None:
    """One shortest path from ``start`` to the nearest member, or None (see :class:`PathSearch`).

    ``ring`` is :func:`member_ring` of ``members``; the path starts at
    ``start`` and ends at a member; None when no member is reachable (within
    ``max_distance`` hops when given).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for a, b in (("t", "u"), ("u", "v"), ("t", "w"), ("w", "z"), ("z", "m"), ("v", "m")):
    ...     _ = g.add_edge(a, b, type="SUPPLIES")
    >>> ring = member_ring(g, {"m"})
    >>> path_to_park(g, "t", {"m"}, ring), path_to_park(g, "t", {"m"}, ring, max_distance=2)
    (('t', 'u', 'v', 'm'), None)
    """
    search = PathSearch(start)
    walk = neighbours or (lambda node: walkable_neighbours(graph, node, as_of))
    while not search.check(members, ring, max_distance):
        search.advance({node: walk(node) for node in search.layer})
    return search.path
