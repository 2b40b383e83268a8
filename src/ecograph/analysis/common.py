"""Shared readers of the projected graph: parks, members, chains, dates.

The projection is a ``networkx.MultiDiGraph`` keyed by id, with node attrs
``label`` / ``labels`` and edge attr ``type`` (see ``docs/design.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import networkx as nx

from ecograph.errors import NotFoundError
from ecograph.vocab import Label, RelType, Stage

__all__ = [
    "as_number",
    "chain_segments",
    "edges_of_type",
    "has_label",
    "park_closure",
    "park_members",
    "parse_date",
    "require_node",
    "segment_members",
]


def has_label(graph: nx.MultiDiGraph, node: str, label: Label | str) -> bool:
    """Return True when ``node`` carries ``label`` (itself or as an ancestor).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("i1", label="Incubator", labels=frozenset({"Organization", "Incubator"}))
    >>> has_label(g, "i1", Label.Organization), has_label(g, "i1", Label.Park)
    (True, False)
    """
    labels = graph.nodes[node].get("labels")
    if labels is None:
        return bool(graph.nodes[node].get("label") == str(label))
    return str(label) in labels


def require_node(graph: nx.MultiDiGraph, node: str, label: Label) -> None:
    """Raise :class:`NotFoundError` unless ``node`` exists with ``label``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> require_node(g, "P9", Label.Park)
    Traceback (most recent call last):
    ...
    ecograph.errors.NotFoundError: unknown Park id 'P9'
    """
    if node not in graph or not has_label(graph, node, label):
        raise NotFoundError(f"unknown {label} id {node!r}")


def edges_of_type(
    graph: nx.MultiDiGraph, rel_type: RelType
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(source, target, attrs)`` of every edge of ``rel_type``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", type="SUPPLIES", weight=2.0)
    >>> _ = g.add_edge("a", "P", type="LOCATED_IN")
    >>> [(s, t) for s, t, _ in edges_of_type(g, RelType.SUPPLIES)]
    [('a', 'b')]
    """
    wanted = str(rel_type)
    for source, target, attrs in graph.edges(data=True):
        if attrs.get("type") == wanted:
            yield source, target, attrs


def park_closure(graph: nx.MultiDiGraph, park: str) -> set[str]:
    """Return ``park`` and all its sub-parks, transitively (一区多园).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> _ = g.add_edge("P1", "P", type="SUB_PARK_OF")
    >>> _ = g.add_edge("P11", "P1", type="SUB_PARK_OF")
    >>> sorted(park_closure(g, "P"))
    ['P', 'P1', 'P11']
    """
    require_node(graph, park, Label.Park)
    found = {park}
    frontier = [park]
    sub = str(RelType.SUB_PARK_OF)
    while frontier:
        current = frontier.pop()
        for child, _, attrs in graph.in_edges(current, data=True):
            if attrs.get("type") == sub and child not in found:
                found.add(child)
                frontier.append(child)
    return found


def park_members(graph: nx.MultiDiGraph, park: str) -> set[str]:
    """Return the organisations ``LOCATED_IN`` the park or any of its sub-parks.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> _ = g.add_edge("P1", "P", type="SUB_PARK_OF")
    >>> _ = g.add_edge("a", "P", type="LOCATED_IN")
    >>> _ = g.add_edge("b", "P1", type="LOCATED_IN")
    >>> _ = g.add_edge("c", "Q", type="LOCATED_IN")
    >>> sorted(park_members(g, "P"))
    ['a', 'b']
    """
    parks = park_closure(graph, park)
    located = str(RelType.LOCATED_IN)
    members: set[str] = set()
    for p in parks:
        for org, _, attrs in graph.in_edges(p, data=True):
            if attrs.get("type") == located:
                members.add(org)
    return members


def chain_segments(graph: nx.MultiDiGraph, chain: str) -> dict[str, Stage | None]:
    """Return the segments of ``chain`` mapped to their stage.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("C", label="IndustryChain", labels=frozenset({"IndustryChain"}))
    >>> g.add_node("s1", stage="upstream")
    >>> _ = g.add_edge("s1", "C", type="SEGMENT_OF")
    >>> chain_segments(g, "C")
    {'s1': <Stage.upstream: 'upstream'>}
    """
    require_node(graph, chain, Label.IndustryChain)
    segment_of = str(RelType.SEGMENT_OF)
    result: dict[str, Stage | None] = {}
    for seg, _, attrs in graph.in_edges(chain, data=True):
        if attrs.get("type") == segment_of:
            stage = graph.nodes[seg].get("stage")
            result[seg] = Stage(stage) if stage in Stage.__members__ else None
    return dict(sorted(result.items()))


def segment_members(graph: nx.MultiDiGraph, segment: str) -> set[str]:
    """Return the organisations ``IN_SEGMENT`` ``segment``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "s1", type="IN_SEGMENT")
    >>> segment_members(g, "s1")
    {'a'}
    """
    in_segment = str(RelType.IN_SEGMENT)
    return {
        org for org, _, attrs in graph.in_edges(segment, data=True)
        if attrs.get("type") == in_segment
    }


def parse_date(value: object) -> date | None:
    """Parse an ISO date (``YYYY-MM-DD``) or a year; anything else gives None.

    Examples
    --------
    >>> parse_date("2021-03-04"), parse_date("2020"), parse_date(None)
    (datetime.date(2021, 3, 4), datetime.date(2020, 1, 1), None)
    """
    if isinstance(value, date):
        return value
    if isinstance(value, int):
        return date(value, 1, 1)
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 1, 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def as_number(value: object) -> float | None:
    """Read a graph attribute as a number: ints, floats and numeric strings.

    Booleans and anything else give None, so callers choose their default.

    Examples
    --------
    >>> as_number(2), as_number("2.5"), as_number("x"), as_number(True), as_number(None)
    (2.0, 2.5, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
