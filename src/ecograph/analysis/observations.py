"""Readers of the data model v2 observations in a projected graph.

The v2 tables are nodes and edges of their own in the property graph (see
``docs/design.md``, "Data model v2 in the property graph"):

- ``qualifications.csv`` row → ``(org)-[:HAS_QUALIFICATION {since, until, level,
  ref}]->(:Qualification {id: "HighTechEnterprise"})``; the organisation's
  ``qualifications`` list property stays the current set as stated;
- ``org_stats.csv`` row → ``(org)-[:HAS_STATS]->(:OrgYearStats {id: "org@year",
  org, year, revenue, …})``;
- ``collaborations.csv`` row → ``(:CollaborationEvent {id, kind, date, year,
  amount, title, ref})`` with one ``(org)-[:PARTICIPATES_IN {role}]->(event)``
  per participant;
- ``park_stats.csv`` row → ``(park)-[:HAS_INDICATOR]->(:IndicatorObservation
  {id: "park@year@indicator", park, year, indicator, value, ref})``.

These functions read them back as plain values, so each analysis reads the
same thing the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.common import as_number, has_label, is_current, parse_date, qualifications

__all__ = [
    "COLLABORATION_EVENT",
    "HAS_INDICATOR",
    "HAS_QUALIFICATION",
    "HAS_STATS",
    "INDICATOR_OBSERVATION",
    "ORG_YEAR_STATS",
    "PARTICIPATES_IN",
    "QUALIFICATION",
    "STATS_FIELDS",
    "CollaborationEvent",
    "IndicatorObservation",
    "QualificationSpan",
    "collaboration_events",
    "indicator_observations",
    "org_year_stats",
    "qualification_spans",
    "qualifications_at",
]

ORG_YEAR_STATS = "OrgYearStats"
HAS_STATS = "HAS_STATS"
QUALIFICATION = "Qualification"
HAS_QUALIFICATION = "HAS_QUALIFICATION"
COLLABORATION_EVENT = "CollaborationEvent"
PARTICIPATES_IN = "PARTICIPATES_IN"
INDICATOR_OBSERVATION = "IndicatorObservation"
HAS_INDICATOR = "HAS_INDICATOR"

#: The numeric columns of ``org_stats.csv`` (money in 万元).
STATS_FIELDS: tuple[str, ...] = (
    "revenue", "rd_expense", "employees", "rd_staff", "masters_phd", "invention_patents",
    "invention_patents_held", "new_product_revenue", "export_revenue", "profit", "tax",
)


@dataclass(frozen=True, slots=True)
class QualificationSpan:
    """One holding of a qualification: ``qualification`` from ``since`` to ``until``."""

    qualification: str
    since: date | None
    until: date | None
    level: str | None
    ref: str | None


@dataclass(frozen=True, slots=True)
class CollaborationEvent:
    """One collaboration event and its participants (sorted ids).

    ``origin`` is ``"event"`` for a ``collaborations.csv`` row and ``"tie"`` for a
    ``COLLABORATES_WITH`` edge, which counts as an event of two (metrics.md §4).
    """

    id: str
    kind: str | None
    date: date | None
    year: int | None
    amount: float | None
    participants: tuple[str, ...]
    origin: str


@dataclass(frozen=True, slots=True)
class IndicatorObservation:
    """One ``park_stats.csv`` value: ``indicator`` of ``park`` in ``year``."""

    park: str
    year: int
    indicator: str
    value: float
    ref: str | None


def _year(value: object) -> int | None:
    number = as_number(value)
    if number is not None and number.is_integer():
        return int(number)
    parsed = parse_date(value)
    return parsed.year if parsed is not None else None


def org_year_stats(graph: nx.MultiDiGraph) -> dict[str, dict[int, dict[str, float]]]:
    """Return ``{org: {year: {field: value}}}`` from the ``OrgYearStats`` nodes.

    Only numeric fields are kept (the columns of :data:`STATS_FIELDS` and any
    unknown column whose value is a number).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("E1@2022", label="OrgYearStats", labels=frozenset({"OrgYearStats"}),
    ...            org="E1", year=2022, revenue=600.0, rd_expense=30.0, note="x")
    >>> org_year_stats(g)
    {'E1': {2022: {'revenue': 600.0, 'rd_expense': 30.0}}}
    """
    found: dict[str, dict[int, dict[str, float]]] = defaultdict(dict)
    for node, attrs in graph.nodes(data=True):
        if not has_label(graph, node, ORG_YEAR_STATS):
            continue
        org, year = attrs.get("org"), _year(attrs.get("year"))
        if not isinstance(org, str) or year is None:
            continue
        values = {
            key: number for key, value in attrs.items()
            if key not in ("org", "year", "id", "label", "labels")
            and (number := as_number(value)) is not None
        }
        found[org][year] = values
    return dict(found)


def qualification_spans(graph: nx.MultiDiGraph) -> dict[str, list[QualificationSpan]]:
    """Return each organisation's ``HAS_QUALIFICATION`` history, by ``since``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("E1", "HighTechEnterprise", type="HAS_QUALIFICATION",
    ...                since="2019-12-01", until="2022-11-30")
    >>> span = qualification_spans(g)["E1"][0]
    >>> span.qualification, span.since.year, span.until.year
    ('HighTechEnterprise', 2019, 2022)
    """
    found: dict[str, list[QualificationSpan]] = defaultdict(list)
    for org, target, attrs in graph.edges(data=True):
        if attrs.get("type") != HAS_QUALIFICATION:
            continue
        level, ref = attrs.get("level"), attrs.get("ref")
        found[org].append(QualificationSpan(
            str(target), parse_date(attrs.get("since")), parse_date(attrs.get("until")),
            level if isinstance(level, str) else None, ref if isinstance(ref, str) else None,
        ))
    for spans in found.values():
        spans.sort(key=lambda s: (s.since or date.min, s.qualification))
    return dict(found)


def qualifications_at(
    graph: nx.MultiDiGraph, org: str, as_of: date | None,
    spans: Mapping[str, Iterable[QualificationSpan]] | None = None,
) -> frozenset[str]:
    """Return the qualifications ``org`` holds at ``as_of``.

    A qualification with a history (``qualifications.csv``) is held when one of
    its spans is current at ``as_of`` (section 0's rule; every span when
    ``as_of`` is None). One without a history is held when the organisation's
    ``qualifications`` property names it. Pass ``spans`` (from
    :func:`qualification_spans`) when asking for many organisations.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("E1", label="Enterprise", qualifications=["TechSME", "HighTechEnterprise"])
    >>> _ = g.add_edge("E1", "HighTechEnterprise", type="HAS_QUALIFICATION",
    ...                since="2019-12-01", until="2022-11-30")
    >>> sorted(qualifications_at(g, "E1", date(2021, 1, 1)))
    ['HighTechEnterprise', 'TechSME']
    >>> sorted(qualifications_at(g, "E1", date(2023, 1, 1)))
    ['TechSME']
    """
    history = list((spans if spans is not None else qualification_spans(graph)).get(org, ()))
    with_history = {span.qualification for span in history}
    held = {q for q in qualifications(graph.nodes[org].get("qualifications"))
            if q not in with_history}
    for span in history:
        attrs: dict[str, Any] = {}
        if span.since is not None:
            attrs["since"] = span.since.isoformat()
        if span.until is not None:
            attrs["until"] = span.until.isoformat()
        if is_current(attrs, as_of):
            held.add(span.qualification)
    return frozenset(held)


def collaboration_events(
    graph: nx.MultiDiGraph, *, include_ties: bool = True,
) -> list[CollaborationEvent]:
    """Return every collaboration event: ``CollaborationEvent`` nodes and, with
    ``include_ties``, each ``COLLABORATES_WITH`` edge as an event of two.

    Events with fewer than two distinct participants are left out.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("J1", label="CollaborationEvent", labels=frozenset({"CollaborationEvent"}),
    ...            kind="joint_patent", date="2022-03-01", amount=50.0)
    >>> for org in ("E1", "U1", "G1"):
    ...     _ = g.add_edge(org, "J1", type="PARTICIPATES_IN")
    >>> _ = g.add_edge("E1", "E2", key="k1", type="COLLABORATES_WITH", kind="joint_project")
    >>> [(e.id, e.participants, e.year, e.origin) for e in collaboration_events(g)]
    [('J1', ('E1', 'G1', 'U1'), 2022, 'event'), ('k1', ('E1', 'E2'), None, 'tie')]
    """
    found: list[CollaborationEvent] = []
    for node, attrs in graph.nodes(data=True):
        if not has_label(graph, node, COLLABORATION_EVENT):
            continue
        members = sorted({org for org, _, e in graph.in_edges(node, data=True)
                          if e.get("type") == PARTICIPATES_IN})
        if len(members) < 2:
            continue
        when = parse_date(attrs.get("date")) if len(str(attrs.get("date", ""))) > 4 else None
        year = _year(attrs.get("year")) or (when.year if when else _year(attrs.get("date")))
        kind = attrs.get("kind")
        found.append(CollaborationEvent(
            str(node), kind if isinstance(kind, str) else None, when, year,
            as_number(attrs.get("amount")), tuple(members), "event"))
    if include_ties:
        for source, target, key, attrs in graph.edges(keys=True, data=True):
            if attrs.get("type") != "COLLABORATES_WITH" or source == target:
                continue
            start = attrs.get("since") or attrs.get("date")
            when = parse_date(start) if len(str(start or "")) > 4 else None
            kind = attrs.get("kind")
            found.append(CollaborationEvent(
                str(key), kind if isinstance(kind, str) else None, when,
                when.year if when else _year(start), as_number(attrs.get("amount")),
                tuple(sorted((source, target))), "tie"))
    found.sort(key=lambda e: (e.origin, e.id))
    return found


def indicator_observations(
    graph: nx.MultiDiGraph, park: str | None = None,
) -> list[IndicatorObservation]:
    """Return the ``park_stats.csv`` values in the graph (of one ``park`` if given).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P@2023@hz.1.5", label="IndicatorObservation",
    ...            labels=frozenset({"IndicatorObservation"}), park="P", year=2023,
    ...            indicator="hz.1.5", value=35.4)
    >>> indicator_observations(g, "P")[0].value
    35.4
    """
    found: list[IndicatorObservation] = []
    for node, attrs in graph.nodes(data=True):
        if not has_label(graph, node, INDICATOR_OBSERVATION):
            continue
        owner, year, value = attrs.get("park"), _year(attrs.get("year")), as_number(
            attrs.get("value"))
        indicator, ref = attrs.get("indicator"), attrs.get("ref")
        if not isinstance(owner, str) or year is None or value is None:
            continue
        if not isinstance(indicator, str) or (park is not None and owner != park):
            continue
        found.append(IndicatorObservation(owner, year, indicator, value,
                                          ref if isinstance(ref, str) else None))
    found.sort(key=lambda o: (o.park, o.year, o.indicator))
    return found
