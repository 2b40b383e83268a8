"""Shared helpers of the analyses: graph readers (parks, members, chains, dates) and
the small value helpers every analysis uses (ratio, qualifications, edge weight,
organisation type, plain data).

The projection is a ``networkx.MultiDiGraph`` keyed by id, with node attrs
``label`` / ``labels`` and edge attr ``type`` (see ``docs/design.md``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from ecograph.errors import NotFoundError, ParameterError
from ecograph.vocab import Label, RelType, Stage, ancestors

__all__ = [
    "as_number",
    "chain_segments",
    "edge_weight",
    "edges_of_type",
    "has_label",
    "is_current",
    "leading_chains",
    "node_name",
    "organisation_type",
    "park_closure",
    "park_members",
    "parse_date",
    "qualifications",
    "ratio",
    "require_node",
    "resolve_as_of",
    "segment_members",
    "to_plain",
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


def resolve_as_of(as_of: date | str | None) -> date:
    """Return the analysis date: ``as_of`` parsed, or today when None.

    Examples
    --------
    >>> resolve_as_of("2020-05-01"), resolve_as_of(date(2021, 1, 2))
    (datetime.date(2020, 5, 1), datetime.date(2021, 1, 2))
    """
    if as_of is None:
        return date.today()
    parsed = parse_date(as_of)
    if parsed is None:
        raise ParameterError(f"as_of is not a date (YYYY-MM-DD): {as_of!r}")
    return parsed


def is_current(attrs: Mapping[str, Any], as_of: date | None, *,
               start: str = "since") -> bool:
    """Return True when an edge is current at ``as_of`` (metrics.md section 0).

    Current: (start absent or start ≤ as_of) and (``until`` absent or
    ``until`` ≥ as_of). ``start="date"`` reads ``date``, else ``since``
    (``INVESTS_IN``). With ``as_of`` None every edge is current.

    Examples
    --------
    >>> d = date(2022, 6, 1)
    >>> is_current({}, d), is_current({"since": "2022-06-01", "until": "2022-06-01"}, d)
    (True, True)
    >>> is_current({"until": "2021-12-31"}, d), is_current({"since": "2023-01-01"}, d)
    (False, False)
    >>> is_current({"date": "2023-01-01", "since": "2020-01-01"}, d, start="date")
    False
    """
    if as_of is None:
        return True
    begin = attrs.get(start) if start == "since" else (attrs.get(start) or attrs.get("since"))
    if begin is not None:
        first = parse_date(begin)
        if first is not None and first > as_of:
            return False
    end = attrs.get("until")
    if end is not None:
        last = parse_date(end)
        if last is not None and last < as_of:
            return False
    return True


def leading_chains(graph: nx.MultiDiGraph, park: str) -> list[str]:
    """Return the chains ``park`` declares with ``HAS_LEADING_CHAIN``, in rank order.

    A sub-park inherits none: only the park's own edges count.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> _ = g.add_edge("P", "nev", type="HAS_LEADING_CHAIN", rank=2)
    >>> _ = g.add_edge("P", "ic", type="HAS_LEADING_CHAIN", rank=1)
    >>> leading_chains(g, "P")
    ['ic', 'nev']
    """
    require_node(graph, park, Label.Park)
    wanted = str(RelType.HAS_LEADING_CHAIN)
    found: dict[str, float] = {}
    for _, chain, attrs in graph.out_edges(park, data=True):
        if attrs.get("type") == wanted:
            rank = as_number(attrs.get("rank"))
            found[chain] = min(found.get(chain, math.inf), math.inf if rank is None else rank)
    return sorted(found, key=lambda c: (found[c], c))


def park_members(graph: nx.MultiDiGraph, park: str, *,
                 as_of: date | None = None) -> set[str]:
    """Return the organisations ``LOCATED_IN`` the park or any of its sub-parks.

    With ``as_of``, only current ``LOCATED_IN`` edges count.

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
            if attrs.get("type") == located and (as_of is None or is_current(attrs, as_of)):
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


def ratio(numerator: float, denominator: float, scale: float = 1.0) -> float | None:
    """Return ``numerator / denominator × scale``, or None for a zero denominator.

    Examples
    --------
    >>> ratio(1, 4), ratio(1, 4, 100.0), ratio(3, 0)
    (0.25, 25.0, None)
    """
    if not denominator:
        return None
    value = numerator / denominator
    return value * scale if scale != 1.0 else value


def qualifications(value: object) -> frozenset[str]:
    """Read a ``qualifications`` attribute: a list, or a ``;``-separated string.

    Examples
    --------
    >>> sorted(qualifications(["HighTechEnterprise", "Gazelle"]))
    ['Gazelle', 'HighTechEnterprise']
    >>> sorted(qualifications("Gazelle; Listed;")), qualifications(None)
    (['Gazelle', 'Listed'], frozenset())
    """
    if isinstance(value, str):
        return frozenset(q.strip() for q in value.split(";") if q.strip())
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(str(q) for q in value if q)
    return frozenset()


def edge_weight(attrs: Mapping[str, Any]) -> float:
    """Return the numeric ``weight`` of an edge, 1.0 when absent or not a number.

    Examples
    --------
    >>> edge_weight({"weight": 2.5}), edge_weight({}), edge_weight({"weight": "x"})
    (2.5, 1.0, 1.0)
    """
    weight = as_number(attrs.get("weight"))
    return 1.0 if weight is None else weight


def node_name(graph: nx.MultiDiGraph, node: str) -> str | None:
    """Return the ``name`` of ``node``, or None when it is unknown or has none.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("e", name="甲公司")
    >>> g.add_node("x")
    >>> node_name(g, "e"), node_name(g, "x"), node_name(g, "missing")
    ('甲公司', None, None)
    """
    value = graph.nodes[node].get("name") if node in graph else None
    return value if isinstance(value, str) else None


def organisation_type(graph: nx.MultiDiGraph, node: str) -> str:
    """Return the broad type of an organisation: the child of ``Organization`` it descends from.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("k", label="KeyLaboratory")
    >>> g.add_node("e", label="Enterprise")
    >>> organisation_type(g, "k"), organisation_type(g, "e")
    ('InnovationPlatform', 'Enterprise')
    """
    return _type_of_label(str(graph.nodes[node].get("label", "Organization")))


@lru_cache(maxsize=256)
def _type_of_label(label: str) -> str:
    if label not in Label.__members__:
        return label
    lineage = ancestors(Label(label))
    if lineage[0] != Label.Organization or len(lineage) == 1:
        return label
    return str(lineage[1])


def to_plain(value: Any) -> Any:
    """Turn analysis results into JSON-ready plain data.

    Dataclasses become dicts, tuples lists, sets sorted lists, enums their
    values, dates ISO strings, paths strings, and NaN or infinities ``None``
    (JSON has no NaN). The one converter of the CLI, the API and the analyses'
    ``to_dict`` methods.

    Examples
    --------
    >>> to_plain({"a": (1, Stage.upstream), "b": frozenset({"y", "x"})})
    {'a': [1, 'upstream'], 'b': ['x', 'y']}
    >>> to_plain({"n": float("nan"), "d": date(2020, 1, 2)})
    {'n': None, 'd': '2020-01-02'}
    """
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (str, int)) or value is None:
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(to_plain(k)): to_plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(to_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return to_plain(value.model_dump())
    return value
