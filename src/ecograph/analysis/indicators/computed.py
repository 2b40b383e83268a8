"""Indicators the graph and ``org_stats`` can count for a park in a year (metrics.md §5).

Each metric of :func:`compute_metrics` is a :class:`Computed` value with its
``source`` (``graph``: counted from organisations, qualifications and edges;
``org_stats``: summed from the firm-year statistics), ``year``, numerator and
denominator. The definitions are in ``ontology/indicators/README.md``; the
class lists of the carrier and platform counts are data
(``ontology/indicators/carrier_counts.csv``).

The state of the park in year Y is read at ``day`` = min(as_of, 31 Dec Y):
park organisations currently ``LOCATED_IN`` the park or a sub-park at ``day``,
enterprises founded on or before ``day`` (or of unknown founding date),
qualifications held at ``day`` (``qualifications.csv`` history when given),
investments dated on or before ``day``. Firm figures come from the
``org_stats`` rows of year Y of those enterprises; a ratio sums over the
enterprises whose figures for both its numerator and its denominator are
known that year. A package without any ``org_stats`` row for the park's
enterprises falls back to the ``revenue``, ``rd_expense`` and ``employees``
properties of ``organizations.csv`` (source ``graph``, undated).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.common import (
    as_number,
    has_label,
    is_current,
    park_members,
    parse_date,
    ratio,
)
from ecograph.analysis.indicators.systems import CarrierCount
from ecograph.analysis.observations import (
    QualificationSpan,
    org_year_stats,
    qualification_spans,
    qualifications_at,
)
from ecograph.vocab import Label, Qualification, RelType

__all__ = ["Computed", "ParkFacts", "compute_metrics", "park_facts", "year_day"]

BENCHMARK_QUALIFICATIONS = frozenset({
    Qualification.HighTechEnterprise, Qualification.Gazelle, Qualification.SpecializedSME,
    Qualification.LittleGiant, Qualification.Listed,
})
#: Revenue threshold of index 2.1 (3 bn CNY) in 万元.
REVENUE_3BN_WAN = 300_000.0
_TRANSFERS = str(RelType.TRANSFERS_TECHNOLOGY_TO)

#: Ratios of sums over firms: metric → (numerator field, denominator field, scale).
FIRM_RATIOS: dict[str, tuple[str, str, float]] = {
    "rd_revenue_percent": ("rd_expense", "revenue", 100.0),
    "rd_per_10k_revenue": ("rd_expense", "revenue", 10_000.0),
    "invention_patents_per_10k": ("invention_patents", "employees", 10_000.0),
    "masters_phd_share": ("masters_phd", "employees", 100.0),
    "rd_staff_share": ("rd_staff", "employees", 100.0),
    "operating_profit_margin": ("profit", "revenue", 100.0),
    "export_share": ("export_revenue", "revenue", 100.0),
}
#: Growth rates over the firms with the field known in both years: metric → field.
FIRM_GROWTH: dict[str, str] = {"employee_growth": "employees", "tax_growth": "tax"}


@dataclass(frozen=True)
class Computed:
    """One computed indicator value with its provenance."""

    value: float | None
    source: str
    year: int | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class ParkFacts:
    """What every metric of one park reads, gathered once (for all years)."""

    graph: nx.MultiDiGraph
    park: str
    stats: Mapping[str, Mapping[int, Mapping[str, float]]]
    spans: Mapping[str, list[QualificationSpan]]
    uses_stats: bool

    def stats_years(self, as_of: date) -> list[int]:
        """The ``org_stats`` years of organisations of the park at ``as_of``, sorted."""
        members = park_members(self.graph, self.park, as_of=as_of)
        return sorted({y for m in members for y in self.stats.get(m, {})})


def park_facts(graph: nx.MultiDiGraph, park: str,
               stats: Mapping[str, Mapping[int, Mapping[str, float]]] | None = None,
               spans: Mapping[str, list[QualificationSpan]] | None = None) -> ParkFacts:
    """Gather the firm-year statistics and qualification histories once.

    Pass ``stats`` and ``spans`` when evaluating several parks of one graph.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> park_facts(g, "P").uses_stats
    False
    """
    table = org_year_stats(graph) if stats is None else stats
    history = qualification_spans(graph) if spans is None else spans
    members = park_members(graph, park)
    return ParkFacts(graph, park, table, history, any(m in table for m in members))


def year_day(year: int, as_of: date) -> date:
    """Return the day at which year ``year`` is read: 31 Dec of it, or as_of if earlier.

    Examples
    --------
    >>> year_day(2023, date(2026, 5, 1)), year_day(2026, date(2026, 5, 1))
    (datetime.date(2023, 12, 31), datetime.date(2026, 5, 1))
    """
    return min(date(year, 12, 31), as_of)


def _enterprises(graph: nx.MultiDiGraph, members: Iterable[str], day: date) -> list[str]:
    found: list[str] = []
    for m in members:
        if not has_label(graph, m, Label.Enterprise):
            continue
        founded = parse_date(graph.nodes[m].get("founded"))
        if founded is None or founded <= day:
            found.append(m)
    return sorted(found)


def _counts(graph: nx.MultiDiGraph, members: Iterable[str], counts: Iterable[CarrierCount],
            year: int) -> dict[str, Computed]:
    orgs = list(members)
    result: dict[str, Computed] = {}
    for spec in counts:
        n = sum(
            1 for m in orgs
            if any(has_label(graph, m, c) for c in spec.classes)
            and (spec.level is None or graph.nodes[m].get("level") == spec.level)
        )
        result[spec.metric] = Computed(float(n), "graph", year)
    return result


def _firm_value(facts: ParkFacts, firm: str, year: int, field: str) -> float | None:
    if facts.uses_stats:
        return facts.stats.get(firm, {}).get(year, {}).get(field)
    return as_number(facts.graph.nodes[firm].get(field))


def _sum_ratio(facts: ParkFacts, firms: Iterable[str], year: int, num: str, den: str,
               scale: float, source: str, shown_year: int | None) -> Computed:
    pairs = [(a, b) for f in firms
             if (a := _firm_value(facts, f, year, num)) is not None
             and (b := _firm_value(facts, f, year, den)) is not None]
    if not pairs:
        return Computed(None, source, shown_year)
    top = math.fsum(a for a, _ in pairs)
    bottom = math.fsum(b for _, b in pairs)
    return Computed(ratio(top, bottom, scale), source, shown_year, top, bottom)


def _growth(facts: ParkFacts, firms: Iterable[str], year: int, field: str) -> Computed:
    pairs = [(a, b) for f in firms
             if (a := facts.stats.get(f, {}).get(year, {}).get(field)) is not None
             and (b := facts.stats.get(f, {}).get(year - 1, {}).get(field)) is not None]
    if not pairs:
        return Computed(None, "org_stats", year)
    now, before = math.fsum(a for a, _ in pairs), math.fsum(b for _, b in pairs)
    return Computed(ratio(now - before, before, 100.0), "org_stats", year, now - before, before)


def _contracts_sold(graph: nx.MultiDiGraph, members: set[str], year: int,
                    day: date) -> tuple[float, bool]:
    """Known turnover sold by park organisations in ``year`` and whether the park has any."""
    amounts: list[float] = []
    any_contract = False
    for member in members:
        for _, _, attrs in graph.out_edges(member, data=True):
            if attrs.get("type") != _TRANSFERS:
                continue
            any_contract = True
            when = parse_date(attrs.get("date"))
            if when is None or when.year != year or when > day:
                continue
            amounts.append(as_number(attrs.get("amount")) or 0.0)
        if not any_contract:
            any_contract = any(a.get("type") == _TRANSFERS
                               for _, _, a in graph.in_edges(member, data=True))
    return math.fsum(amounts), any_contract


def _enterprise_count(graph: nx.MultiDiGraph, park: str, day: date) -> int:
    return len(_enterprises(graph, park_members(graph, park, as_of=day), day))


def compute_metrics(
    facts: ParkFacts, year: int, as_of: date, counts: Iterable[CarrierCount],
) -> dict[str, Computed]:
    """Return every countable metric of the park for ``year`` (read at :func:`year_day`).

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> for i, q in enumerate([["HighTechEnterprise"], [], []]):
    ...     g.add_node(f"e{i}", label="Enterprise",
    ...                labels=frozenset({"Organization", "Enterprise"}), qualifications=q)
    ...     _ = g.add_edge(f"e{i}", "P", type="LOCATED_IN")
    ...     g.add_node(f"e{i}@2023", label="OrgYearStats", labels=frozenset({"OrgYearStats"}),
    ...                org=f"e{i}", year=2023, revenue=1000.0, rd_expense=30.0 * i,
    ...                employees=100.0, invention_patents=float(i))
    >>> m = compute_metrics(park_facts(g, "P"), 2023, date(2024, 6, 1), load_systems().counts)
    >>> round(m["high_tech_share"].value, 4), m["rd_revenue_percent"].value
    (33.3333, 3.0)
    >>> m["invention_patents_per_10k"].value, m["invention_patents_per_10k"].source
    (100.0, 'org_stats')
    """
    graph, day = facts.graph, year_day(year, as_of)
    members = {m for m in park_members(graph, facts.park, as_of=day)
               if has_label(graph, m, Label.Organization)}
    firms = _enterprises(graph, members, day)
    quals = {f: qualifications_at(graph, f, day, facts.spans) for f in firms}
    hte = [f for f in firms if Qualification.HighTechEnterprise in quals[f]]
    firm_source = "org_stats" if facts.uses_stats else "graph"
    firm_year: int | None = year if facts.uses_stats else None

    result = _counts(graph, members, counts, year)
    for metric, (num, den, scale) in FIRM_RATIOS.items():
        result[metric] = _sum_ratio(facts, firms, year, num, den, scale, firm_source, firm_year)
    for metric, field in FIRM_GROWTH.items():
        result[metric] = (_growth(facts, firms, year, field) if facts.uses_stats
                          else Computed(None, "org_stats", year))

    result["high_tech_share"] = Computed(ratio(len(hte), len(firms), 100.0), "graph", year,
                                         float(len(hte)), float(len(firms)))
    result["benchmark_firms"] = Computed(
        float(sum(1 for f in firms if quals[f] & BENCHMARK_QUALIFICATIONS)), "graph", year)
    big = [f for f in hte if (r := _firm_value(facts, f, year, "revenue")) is not None
           and r >= REVENUE_3BN_WAN]
    known_revenue = [f for f in hte if _firm_value(facts, f, year, "revenue") is not None]
    result["hte_revenue_over_3bn"] = Computed(
        float(len(big)) if known_revenue else None, firm_source, firm_year)
    staffed = [(f, e) for f in firms if (e := _firm_value(facts, f, year, "employees")) is not None]
    staff = math.fsum(e for _, e in staffed)
    listed = sum(1 for f, _ in staffed if Qualification.Listed in quals[f])
    result["listed_per_10k_employees"] = Computed(
        ratio(listed, staff, 10_000.0), firm_source, firm_year, float(listed), staff or None)
    exports = [(f, x, r) for f in firms
               if (x := _firm_value(facts, f, year, "export_revenue")) is not None
               and (r := _firm_value(facts, f, year, "revenue")) is not None]
    if exports:
        top = math.fsum(x for f, x, _ in exports if f in set(hte))
        bottom = math.fsum(r for _, _, r in exports)
        result["hte_export_share"] = Computed(ratio(top, bottom, 100.0), firm_source,
                                              firm_year, top, bottom)
    else:
        result["hte_export_share"] = Computed(None, firm_source, firm_year)

    invested = {t for f in firms for _, t, a in graph.in_edges(f, data=True)
                if a.get("type") == str(RelType.INVESTS_IN) and is_current(
                    {"date": a.get("date"), "since": a.get("since")}, day, start="date")}
    backed = sum(1 for f in firms if f in invested)
    result["vc_backed_firms"] = Computed(float(backed), "graph", year)
    result["vc_backed_share"] = Computed(ratio(backed, len(firms), 100.0), "graph", year,
                                         float(backed), float(len(firms)))
    carriers = {m for m in members if has_label(graph, m, Label.IncubationCarrier)}
    entrants = {f for c in carriers for f, _, a in graph.in_edges(c, data=True)
                if a.get("type") == str(RelType.INCUBATED_IN)
                and (d := parse_date(a.get("since"))) is not None and d.year == year and d <= day}
    result["new_incubated_firms"] = Computed(float(len(entrants)), "graph", year)
    new = sum(1 for f in firms
              if (d := parse_date(graph.nodes[f].get("founded"))) is not None and d.year == year)
    result["new_enterprises"] = Computed(float(new), "graph", year)
    result["new_enterprise_share"] = Computed(ratio(new, len(firms), 100.0), "graph", year,
                                              float(new), float(len(firms)))
    dated = any(graph.nodes[f].get("founded") for f in firms)
    before = _enterprise_count(graph, facts.park, year_day(year - 1, as_of))
    result["enterprise_growth"] = Computed(
        ratio(len(firms) - before, before, 100.0) if dated else None, "graph", year,
        float(len(firms) - before), float(before))

    sold, any_contract = _contracts_sold(graph, members, year, day)
    result["tech_contract_turnover"] = Computed(sold if any_contract else None, "graph", year)
    staff_year = [e for f in firms if (e := facts.stats.get(f, {}).get(year, {}).get(
        "employees")) is not None]
    result["tech_contract_per_employee"] = Computed(
        ratio(sold, math.fsum(staff_year)) if any_contract and staff_year else None,
        "org_stats", year, sold if any_contract else None, math.fsum(staff_year) or None)
    return result
