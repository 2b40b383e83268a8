"""Ties of a park's collaboration graph: event pairs, merging, node set.

The reading of ``metrics.md`` section 3 that this module implements is
documented in :mod:`ecograph.analysis.collaboration.density`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.collaboration.events import Event, event_rows, in_range, park_events
from ecograph.analysis.common import (
    chain_segments,
    has_label,
    is_current,
    organisation_type,
    park_members,
    segment_members,
)
from ecograph.errors import ParameterError
from ecograph.vocab import Label, RelType

__all__ = [
    "Pair",
    "Selection",
    "Tie",
    "TieRow",
    "check_years",
    "in_range",
    "internal_graph",
    "merge_rows",
    "prepare",
    "select",
    "tie_rows",
]

Pair = tuple[str, str]


@dataclass(frozen=True)
class TieRow:
    """One pair of participants of one event, pair sorted."""

    pair: Pair
    year: int | None
    weight: float
    kind: str | None


@dataclass(frozen=True)
class Tie:
    """A distinct pair with its merged rows."""

    weight: float
    rows: int
    years: frozenset[int]
    kinds: frozenset[str]


@dataclass(frozen=True)
class Selection:
    """The node set with its internal ties (both ends in it) and park ties (one end)."""

    nodes: frozenset[str]
    internal: Mapping[Pair, Tie]
    park: Mapping[Pair, Tie]


def _current_members(graph: nx.MultiDiGraph, segment: str, as_of: date | None) -> set[str]:
    if as_of is None:
        return segment_members(graph, segment)
    return {org for org, _, attrs in graph.in_edges(segment, data=True)
            if attrs.get("type") == str(RelType.IN_SEGMENT) and is_current(attrs, as_of)}


def tie_rows(events: Iterable[Event]) -> list[TieRow]:
    """Return one row per pair of participants of each event (see :mod:`.events`).

    Examples
    --------
    >>> e = Event("J", "joint_project", 2021, None, ("a", "b", "c"), 1.0, "event")
    >>> [(r.pair, r.year) for r in tie_rows([e])]
    [(('a', 'b'), 2021), (('a', 'c'), 2021), (('b', 'c'), 2021)]
    """
    return [TieRow(pair, year, weight, kind) for pair, year, weight, kind in event_rows(events)]


def merge_rows(rows: Iterable[TieRow]) -> dict[Pair, Tie]:
    """Merge rows into distinct pairs, summing weights.

    Examples
    --------
    >>> rows = [TieRow(("a", "b"), 2020, 1.0, "joint_patent"), TieRow(("a", "b"), None, 2.5, None)]
    >>> merge_rows(rows)[("a", "b")]
    Tie(weight=3.5, rows=2, years=frozenset({2020}), kinds=frozenset({'joint_patent'}))
    """
    weights: dict[Pair, float] = defaultdict(float)
    counts: Counter[Pair] = Counter()
    years: dict[Pair, set[int]] = defaultdict(set)
    kinds: dict[Pair, set[str]] = defaultdict(set)
    for row in rows:
        weights[row.pair] += row.weight
        counts[row.pair] += 1
        if row.year is not None:
            years[row.pair].add(row.year)
        if row.kind is not None:
            kinds[row.pair].add(row.kind)
    return {
        pair: Tie(weights[pair], counts[pair], frozenset(years[pair]), frozenset(kinds[pair]))
        for pair in sorted(weights)
    }


def select(
    graph: nx.MultiDiGraph,
    orgs: frozenset[str],
    chain_orgs: frozenset[str] | None,
    ties: Mapping[Pair, Tie],
) -> Selection:
    """Return the node set (chain rule applied) and its internal and park ties.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("u", label="University", labels=frozenset({"Organization", "University"}))
    >>> g.add_node("e", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    >>> ties = merge_rows([TieRow(("c", "u"), None, 1.0, None),
    ...                    TieRow(("c", "e"), None, 1.0, None)])
    >>> s = select(g, frozenset({"c", "e", "u"}), frozenset({"c"}), ties)
    >>> sorted(s.nodes), list(s.internal), list(s.park)
    (['c', 'u'], [('c', 'u')], [('c', 'e'), ('c', 'u')])
    """
    nodes = orgs
    if chain_orgs is not None:
        partners = {
            y for a, b in ties for x, y in ((a, b), (b, a))
            if x in chain_orgs and y in orgs and y not in chain_orgs
            and not has_label(graph, y, Label.Enterprise)
        }
        nodes = chain_orgs | partners
    internal = {p: t for p, t in ties.items() if p[0] in nodes and p[1] in nodes}
    park = {p: t for p, t in ties.items() if p[0] in nodes or p[1] in nodes}
    return Selection(frozenset(nodes), internal, park)


def internal_graph(graph: nx.MultiDiGraph, selection: Selection) -> nx.Graph:
    """Return the selection's nodes and internal ties as a weighted ``nx.Graph``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["a", "b"], label="Enterprise")
    >>> s = Selection(frozenset({"a", "b"}), merge_rows([TieRow(("a", "b"), 2020, 2.0, None)]), {})
    >>> internal_graph(g, s).edges["a", "b"]["weight"]
    2.0
    """
    g = nx.Graph()
    for node in sorted(selection.nodes):
        attrs = graph.nodes[node]
        g.add_node(node, label=attrs.get("label"), type=organisation_type(graph, node),
                   name=attrs.get("name"))
    for (a, b), tie in selection.internal.items():
        g.add_edge(a, b, weight=tie.weight, rows=tie.rows, kinds=tuple(sorted(tie.kinds)),
                   since=min(tie.years) if tie.years else None)
    return g


def check_years(since: int | None, until: int | None) -> None:
    """Refuse a year window that ends before it starts (before any graph is read).

    Examples
    --------
    >>> check_years(2020, 2021), check_years(None, 2020)
    (None, None)
    >>> check_years(2021, 2020)
    Traceback (most recent call last):
    ...
    ecograph.errors.ParameterError: since (2021) is after until (2020)
    """
    if since is not None and until is not None and since > until:
        raise ParameterError(f"since ({since}) is after until ({until})")


def prepare(
    graph: nx.MultiDiGraph, park: str, chain: str | None, since: int | None, until: int | None,
    as_of: date | None = None,
) -> tuple[frozenset[str], frozenset[str] | None, list[Event]]:
    """Return park organisations, chain organisations and the events in range.

    With ``as_of`` (metrics.md section 0) only current ``LOCATED_IN`` and
    ``IN_SEGMENT`` edges count, and events dated after it are left out.

    Raises
    ------
    NotFoundError
        Unknown park or chain.
    ParameterError
        ``since`` after ``until``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> prepare(g, "P", None, 2021, 2020)
    Traceback (most recent call last):
    ...
    ecograph.errors.ParameterError: since (2021) is after until (2020)
    """
    check_years(since, until)
    orgs = frozenset(
        m for m in park_members(graph, park, as_of=as_of)
        if has_label(graph, m, Label.Organization)
    )
    chain_orgs: frozenset[str] | None = None
    if chain is not None:
        in_chain: set[str] = set()
        for segment in chain_segments(graph, chain):
            in_chain |= _current_members(graph, segment, as_of)
        chain_orgs = frozenset(in_chain & orgs)
    events = park_events(graph, orgs, since=since, until=until, as_of=as_of)
    return orgs, chain_orgs, events
