"""Collaboration events touching a park, and the ties they make (metrics.md §4).

An *event* is a ``collaborations.csv`` row (a ``CollaborationEvent`` node with
two or more ``PARTICIPATES_IN`` participants) or a ``COLLABORATES_WITH`` row of
``relations.csv`` (an event of two); both are read through
:func:`ecograph.analysis.observations.collaboration_events`. Every pair of
participants of an event is joined by a tie; parallel ties are merged later
(:func:`ecograph.analysis.collaboration.ties.merge_rows`) with their weights
summed. A pair tie from a ``collaborations.csv`` event weighs 1; one from a
``COLLABORATES_WITH`` row weighs that row's ``weight`` (1 when absent).

Only events with a participant among the given organisations are read, and
only their neighbourhood is looked at, so the cost grows with the park.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx

from ecograph.analysis.common import as_number, edge_weight, parse_date
from ecograph.analysis.observations import PARTICIPATES_IN, collaboration_events
from ecograph.vocab import RelType

__all__ = ["Event", "event_rows", "in_range", "park_events"]

_COLLABORATES = str(RelType.COLLABORATES_WITH)


@dataclass(frozen=True, slots=True)
class Event:
    """One collaboration event with at least two distinct participants (sorted ids)."""

    id: str
    kind: str | None
    year: int | None
    date: date | None
    participants: tuple[str, ...]
    weight: float
    origin: str  # "event" (collaborations.csv) or "tie" (COLLABORATES_WITH)


def in_range(year: int | None, since: int | None, until: int | None) -> bool:
    """Return True when an event of ``year`` counts in the range ``[since, until]``.

    Undated events count only when no bound is given.

    Examples
    --------
    >>> in_range(None, None, None), in_range(None, 2020, None), in_range(2021, 2020, 2021)
    (True, False, True)
    """
    if since is None and until is None:
        return True
    if year is None:
        return False
    return (since is None or year >= since) and (until is None or year <= until)


def _started(event_date: date | None, year: int | None, as_of: date | None) -> bool:
    if as_of is None:
        return True
    if event_date is not None:
        return event_date <= as_of
    return year is None or year <= as_of.year


def _tie_events(graph: nx.MultiDiGraph, inside: set[str]) -> list[Event]:
    """``COLLABORATES_WITH`` rows with an end in ``inside``, each once, as events of two.

    Read here rather than through ``collaboration_events`` so that each row keeps
    its own ``weight`` (edge keys need not be unique across directions).
    """
    found: list[Event] = []
    seen: set[tuple[str, str, object]] = set()
    for member in sorted(inside):
        if member not in graph:
            continue
        rows = list(graph.out_edges(member, keys=True, data=True)) + list(
            graph.in_edges(member, keys=True, data=True))
        for source, target, key, attrs in rows:
            if attrs.get("type") != _COLLABORATES or source == target:
                continue
            if (source, target, key) in seen:
                continue
            seen.add((source, target, key))
            start = attrs.get("since") or attrs.get("date")
            when = parse_date(start) if len(str(start or "")) > 4 else None
            year = when.year if when is not None else _year(start)
            kind = attrs.get("kind")
            found.append(Event(str(key), kind if isinstance(kind, str) else None, year, when,
                               tuple(sorted((source, target))), edge_weight(attrs), "tie"))
    return found


def _year(value: object) -> int | None:
    number = as_number(value)
    return int(number) if number is not None and number.is_integer() else None


def park_events(
    graph: nx.MultiDiGraph,
    members: Iterable[str],
    *,
    since: int | None = None,
    until: int | None = None,
    as_of: date | None = None,
) -> list[Event]:
    """Return the events with at least one participant in ``members``.

    ``since``/``until`` keep events whose year lies in the range (undated ones
    only when no range is given); ``as_of`` leaves out events dated after it
    (an event that happened before as_of still counts, whatever its ties).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("J1", label="CollaborationEvent", labels=frozenset({"CollaborationEvent"}),
    ...            date="2022-03-01")
    >>> for org in ("e1", "u1", "x"):
    ...     _ = g.add_edge(org, "J1", type="PARTICIPATES_IN")
    >>> _ = g.add_edge("e1", "e2", key="r1", type="COLLABORATES_WITH", weight=2.0)
    >>> _ = g.add_edge("x", "y", key="r2", type="COLLABORATES_WITH")
    >>> [(e.id, e.participants, e.weight) for e in park_events(g, {"e1", "e2", "u1"})]
    [('J1', ('e1', 'u1', 'x'), 1.0), ('r1', ('e1', 'e2'), 2.0)]
    >>> [e.id for e in park_events(g, {"e1"}, since=2022)]
    ['J1']
    """
    inside = set(members)
    keep: set[str] = set(inside)
    for member in inside:
        if member not in graph:
            continue
        for _, target, attrs in graph.out_edges(member, data=True):
            kind = attrs.get("type")
            if kind == PARTICIPATES_IN:
                keep.add(target)
                keep.update(org for org, _, e in graph.in_edges(target, data=True)
                            if e.get("type") == PARTICIPATES_IN)
    view = graph.subgraph(keep)
    candidates = [
        Event(e.id, e.kind, e.year, e.date, e.participants, 1.0, e.origin)
        for e in collaboration_events(view, include_ties=False)
    ] + _tie_events(graph, inside)
    found: list[Event] = []
    for event in candidates:
        if not inside.intersection(event.participants):
            continue
        if not in_range(event.year, since, until):
            continue
        if not _started(event.date, event.year, as_of):
            continue
        found.append(event)
    return found


def event_rows(events: Iterable[Event]) -> list[tuple[tuple[str, str], int | None, float,
                                                       str | None]]:
    """Return one ``(pair, year, weight, kind)`` row per pair of participants of each event.

    Examples
    --------
    >>> e = Event("J", "joint_patent", 2022, None, ("a", "b", "c"), 1.0, "event")
    >>> [row[0] for row in event_rows([e])]
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    rows: list[tuple[tuple[str, str], int | None, float, str | None]] = []
    for event in events:
        for a, b in combinations(event.participants, 2):
            rows.append(((a, b), event.year, event.weight, event.kind))
    return rows
