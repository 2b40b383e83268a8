"""Park evaluation: graph-counted indicators, tier targets and weighted scores.

The indicator systems are data (``ontology/indicators/``, read by
:mod:`ecograph.analysis.indicators.systems`); this module only computes. Definitions of the
graph metrics are in ``ontology/indicators/README.md``.

Weighted score of the 2013 index (``weighted_scores``): each second-level
indicator's value is min–max normalised over the peer parks (the top-level
parks of the graph), ``s = (v - min) / (max - min)``, reversed for indicators
where lower is better; when every peer has the same value, ``s = 1``. A park's
group score is ``100 * sum(w_i * s_i) / sum(w_i)`` over the indicators whose
value it has, and its total is the group-weighted mean of the group scores
(30/30/20/20), renormalised over the groups it has. ``coverage`` says what share
of the index's weight had a value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from ecograph.analysis.common import (
    edges_of_type,
    has_label,
    park_members,
    parse_date,
    qualifications,
    ratio,
    to_plain,
)
from ecograph.analysis.indicators.systems import IndicatorSystems, StatRow
from ecograph.vocab import Label, Qualification, RelType

__all__ = [
    "GRAPH_METRICS",
    "IndicatorValue",
    "ParkEvaluation",
    "PeerEvaluation",
    "TierResult",
    "evaluate_park",
    "evaluate_peers",
    "graph_metrics",
    "peer_parks",
    "weighted_scores",
]

RD_CLASSES = (
    Label.KeyLaboratory, Label.TechnologyInnovationCenter, Label.EngineeringResearchCenter,
    Label.ManufacturingInnovationCenter, Label.EnterpriseTechnologyCenter,
    Label.ResearchInstitute, Label.NewRDInstitution,
)
SERVICE_CLASSES = (
    Label.PublicServicePlatform, Label.PilotPlatform, Label.ServiceProvider,
    Label.IncubationCarrier,
)
BENCHMARK_QUALIFICATIONS = frozenset({
    Qualification.HighTechEnterprise, Qualification.Gazelle, Qualification.SpecializedSME,
    Qualification.LittleGiant, Qualification.Listed,
})
#: Revenue threshold of index 2.1 (3 bn CNY) in 万元.
REVENUE_3BN_WAN = 300_000.0


def _number(attrs: Mapping[str, object], key: str) -> float | None:
    value = attrs.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def graph_metrics(
    graph: nx.MultiDiGraph, park: str, *, year: int | None = None
) -> dict[str, float | None]:
    """Compute the indicators the graph can count for ``park`` (and sub-parks).

    ``year`` selects the report year for the "new in the year" counts; without
    it those are ``None``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> for i, q in enumerate([["HighTechEnterprise"], [], ["Listed"]]):
    ...     g.add_node(f"e{i}", label="Enterprise", labels=frozenset({"Enterprise"}),
    ...                qualifications=q, employees=5000, revenue=100.0, rd_expense=5.0)
    ...     _ = g.add_edge(f"e{i}", "P", type="LOCATED_IN")
    >>> m = graph_metrics(g, "P")
    >>> round(m["high_tech_share"], 4), round(m["listed_per_10k_employees"], 4)
    (33.3333, 0.6667)
    >>> m["rd_revenue_percent"]
    5.0
    """
    members = park_members(graph, park)
    nodes = graph.nodes
    enterprises = [m for m in members if has_label(graph, m, Label.Enterprise)]

    def count(classes: Iterable[Label], national: bool) -> float:
        wanted = tuple(classes)
        return float(sum(
            1 for m in members
            if any(has_label(graph, m, c) for c in wanted)
            and (not national or nodes[m].get("level") == "national")
        ))

    quals = {e: qualifications(nodes[e].get("qualifications")) for e in enterprises}
    hte = [e for e in enterprises if Qualification.HighTechEnterprise in quals[e]]
    with_staff = [e for e in enterprises if _number(nodes[e], "employees") is not None]
    staff = math.fsum(_number(nodes[e], "employees") or 0.0 for e in with_staff)
    listed = sum(1 for e in with_staff if Qualification.Listed in quals[e])
    rd_pairs = [
        (rd, rev) for e in enterprises
        if (rd := _number(nodes[e], "rd_expense")) is not None
        and (rev := _number(nodes[e], "revenue")) is not None
    ]
    rd_sum = math.fsum(rd for rd, _ in rd_pairs)
    rev_sum = math.fsum(rev for _, rev in rd_pairs)
    invested = {t for _, t, _ in edges_of_type(graph, RelType.INVESTS_IN) if t in members}
    vc_backed = sum(1 for e in enterprises if e in invested)

    result: dict[str, float | None] = {
        "national_rd_institutions": count(RD_CLASSES, national=True),
        "rd_institutions": count(RD_CLASSES, national=False),
        "national_incubators": count((Label.Incubator, Label.Accelerator), national=True),
        "national_service_institutions": count(SERVICE_CLASSES, national=True),
        "service_institutions": count(SERVICE_CLASSES, national=False),
        "high_tech_share": ratio(len(hte), len(enterprises), 100.0),
        "hte_revenue_over_3bn": float(sum(
            1 for e in hte if (_number(nodes[e], "revenue") or 0.0) >= REVENUE_3BN_WAN
        )),
        "listed_per_10k_employees": ratio(listed, staff, 10_000.0),
        "rd_revenue_percent": ratio(rd_sum, rev_sum, 100.0),
        "rd_per_10k_revenue": ratio(rd_sum, rev_sum, 10_000.0),
        "benchmark_firms": float(sum(
            1 for e in enterprises if quals[e] & BENCHMARK_QUALIFICATIONS
        )),
        "vc_backed_firms": float(vc_backed),
        "vc_backed_share": ratio(vc_backed, len(enterprises), 100.0),
        "new_incubated_firms": None,
        "new_enterprise_share": None,
    }
    if year is not None:
        result["new_incubated_firms"] = float(_new_incubated(graph, members, year))
        founded = sum(
            1 for e in enterprises
            if (d := parse_date(nodes[e].get("founded"))) is not None and d.year == year
        )
        result["new_enterprise_share"] = ratio(founded, len(enterprises), 100.0)
    return result


def _new_incubated(graph: nx.MultiDiGraph, members: set[str], year: int) -> int:
    carriers = {m for m in members if has_label(graph, m, Label.IncubationCarrier)}
    firms = {
        firm for firm, carrier, attrs in edges_of_type(graph, RelType.INCUBATED_IN)
        if carrier in carriers
        and (d := parse_date(attrs.get("since"))) is not None and d.year == year
    }
    return len(firms)


#: Keys returned by :func:`graph_metrics`.
GRAPH_METRICS: tuple[str, ...] = (
    "national_rd_institutions", "rd_institutions", "national_incubators",
    "national_service_institutions", "service_institutions", "high_tech_share",
    "hte_revenue_over_3bn", "listed_per_10k_employees", "rd_revenue_percent",
    "rd_per_10k_revenue", "benchmark_firms", "vc_backed_firms", "vc_backed_share",
    "new_incubated_firms", "new_enterprise_share",
)


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator's value for a park, with its provenance."""

    system: str
    id: str
    zh: str
    en: str
    unit: str
    value: float | None
    source: str  # "graph", "table" or "missing"
    weight: float | None = None
    group: str | None = None


@dataclass(frozen=True)
class TierResult:
    """Whether a park meets each target of one tier."""

    tier: str
    tier_zh: str
    tier_en: str
    targets: tuple[dict[str, object], ...]
    met: int
    known: int
    total: int
    qualifies: bool


@dataclass(frozen=True)
class ParkEvaluation:
    """A park's indicator values and tier results."""

    park: str
    year: int | None
    indicators: tuple[IndicatorValue, ...]
    tiers: tuple[TierResult, ...]
    qualifies_for: str | None


def _latest_stats(stats: Iterable[StatRow], park: str, year: int | None) -> dict[str, float]:
    best: dict[str, tuple[int, float]] = {}
    for row in stats:
        if row.park != park or (year is not None and row.year > year):
            continue
        if row.indicator not in best or row.year >= best[row.indicator][0]:
            best[row.indicator] = (row.year, row.value)
    return {key: value for key, (_, value) in best.items()}


def evaluate_park(
    graph: nx.MultiDiGraph,
    park: str,
    systems: IndicatorSystems,
    stats: Iterable[StatRow] = (),
    *,
    year: int | None = None,
) -> ParkEvaluation:
    """Evaluate ``park`` against the three systems and the tier targets.

    Graph-countable indicators come from :func:`graph_metrics`; the rest from
    ``stats`` (the latest row at or before ``year`` per indicator). A tier is
    met when every target is known and meets its threshold; ``qualifies_for``
    is the highest such tier, or ``None``.

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> ev = evaluate_park(g, "P", load_systems())
    >>> ev.qualifies_for is None, [t.tier for t in ev.tiers]
    (True, ['world_class', 'innovative', 'characteristic'])
    """
    metrics = graph_metrics(graph, park, year=year)
    table = _latest_stats(stats, park, year)

    def lookup(key: str, metric: str | None) -> tuple[float | None, str]:
        if metric is not None:
            return metrics.get(metric), "graph"
        if key in table:
            return table[key], "table"
        return None, "missing"

    values: list[IndicatorValue] = []
    for ind in systems.index:
        value, source = lookup(ind.id, ind.graph_metric)
        values.append(IndicatorValue("hitech_zone_index_2013", ind.id, ind.zh, ind.en, ind.unit,
                                     value, source, ind.weight, ind.group))
    for g_ind in systems.guide:
        value, source = lookup(g_ind.id, g_ind.graph_metric)
        values.append(IndicatorValue("guangxi_innovation_system", g_ind.id, g_ind.zh, g_ind.en,
                                     g_ind.unit, value, source, None, g_ind.group))

    compare: dict[str, Callable[[float, float], bool]] = {
        ">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t,
    }
    tiers: list[TierResult] = []
    for tier in systems.tier_names:
        rows = []
        for target in (t for t in systems.tiers if t.tier == tier):
            value, source = lookup(target.indicator, target.graph_metric)
            met = None if value is None else compare[target.comparator](value, target.threshold)
            rows.append({
                "indicator": target.indicator, "zh": target.zh, "en": target.en,
                "unit": target.unit, "comparator": target.comparator,
                "threshold": target.threshold, "value": value, "source": source, "met": met,
                "note": target.note,
            })
        first = next(t for t in systems.tiers if t.tier == tier)
        met_count = sum(1 for r in rows if r["met"] is True)
        known = sum(1 for r in rows if r["met"] is not None)
        tiers.append(TierResult(tier, first.tier_zh, first.tier_en, tuple(rows), met_count,
                                known, len(rows), met_count == len(rows)))
    qualifies = next((t.tier for t in tiers if t.qualifies), None)
    return ParkEvaluation(park, year, tuple(values), tuple(tiers), qualifies)


def peer_parks(graph: nx.MultiDiGraph) -> list[str]:
    """Return the top-level parks (no ``SUB_PARK_OF`` parent), sorted.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for p in ("A", "A1", "B"):
    ...     g.add_node(p, label="Park", labels=frozenset({"Park"}))
    >>> _ = g.add_edge("A1", "A", type="SUB_PARK_OF")
    >>> peer_parks(g)
    ['A', 'B']
    """
    children = {s for s, _, _ in edges_of_type(graph, RelType.SUB_PARK_OF)}
    return sorted(n for n in graph if has_label(graph, n, Label.Park) and n not in children)


def weighted_scores(
    evaluations: Mapping[str, ParkEvaluation], systems: IndicatorSystems
) -> dict[str, dict[str, object]]:
    """Score each park on the 2013 index by min–max normalisation over the peers.

    Returns, per park: ``total`` (0–100 or None), ``groups`` (group → score or
    None), ``coverage`` (share of the index weight with a value) and
    ``method``. See the module docstring for the method.

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> s = load_systems()
    >>> def ev(v):
    ...     return ParkEvaluation("x", None, (IndicatorValue("hitech_zone_index_2013", "hz.2.4",
    ...         "", "", "%", v, "graph", 1.0, "2"),), (), None)
    >>> scores = weighted_scores({"A": ev(10.0), "B": ev(30.0)}, s)
    >>> scores["A"]["groups"]["2"], scores["B"]["groups"]["2"], scores["B"]["total"]
    (0.0, 100.0, 100.0)
    """
    meta = {ind.id: ind for ind in systems.index}
    by_indicator: dict[str, dict[str, float]] = defaultdict(dict)
    for park, evaluation in evaluations.items():
        for value in evaluation.indicators:
            if value.id in meta and value.value is not None:
                by_indicator[value.id][park] = value.value
    normalised: dict[str, dict[str, float]] = defaultdict(dict)
    for ind_id, per_park in by_indicator.items():
        low, high = min(per_park.values()), max(per_park.values())
        for park, v in per_park.items():
            s = 1.0 if high == low else (v - low) / (high - low)
            normalised[park][ind_id] = 1.0 - s if meta[ind_id].direction == "lower" else s
    groups = {ind.group: ind.group_weight for ind in systems.index}
    total_weight = sum(ind.weight for ind in systems.index)
    result: dict[str, dict[str, object]] = {}
    for park in evaluations:
        scores: dict[str, float | None] = {}
        known_weight = 0.0
        for group in groups:
            members = [ind for ind in systems.index
                       if ind.group == group and ind.id in normalised[park]]
            weight = sum(ind.weight for ind in members)
            known_weight += weight
            scores[group] = (
                None if weight == 0
                else 100.0 * sum(ind.weight * normalised[park][ind.id] for ind in members) / weight
            )
        present = {g: s for g, s in scores.items() if s is not None}
        gw = sum(groups[g] for g in present)
        total = None if gw == 0 else sum(groups[g] * s for g, s in present.items()) / gw
        result[park] = {
            "total": total, "groups": scores, "coverage": known_weight / total_weight,
            "method": "min-max over peer parks; weights 30/30/20/20 and second-level 赋权",
        }
    return result


@dataclass(frozen=True)
class PeerEvaluation:
    """A park evaluated together with its peers (the top-level parks of the graph)."""

    park: str
    year: int | None
    evaluations: Mapping[str, ParkEvaluation]
    scores: Mapping[str, dict[str, object]]

    @property
    def own(self) -> ParkEvaluation:
        """The evaluation of :attr:`park` itself."""
        return self.evaluations[self.park]

    def to_dict(self) -> dict[str, object]:
        """The park's indicators, tiers and target category, and every peer's score."""
        own = self.own
        return {
            "park": self.park, "year": self.year,
            "indicators": to_plain(own.indicators),
            "tiers": to_plain(own.tiers),
            "qualifies_for": own.qualifies_for,
            "scores": to_plain(self.scores),
        }


def evaluate_peers(
    graph: nx.MultiDiGraph,
    park: str,
    systems: IndicatorSystems,
    stats: Iterable[StatRow] = (),
    *,
    year: int | None = None,
) -> PeerEvaluation:
    """Evaluate ``park`` and its peers and score them on the 2013 index.

    The peers are :func:`peer_parks` (plus ``park`` when it is a sub-park); the
    CLI, the API and the report all evaluate through here.

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> g = nx.MultiDiGraph()
    >>> for p in ("A", "B"):
    ...     g.add_node(p, label="Park", labels=frozenset({"Park"}))
    >>> result = evaluate_peers(g, "A", load_systems())
    >>> sorted(result.evaluations), sorted(result.to_dict())
    (['A', 'B'], ['indicators', 'park', 'qualifies_for', 'scores', 'tiers', 'year'])
    """
    rows = list(stats)
    peers = peer_parks(graph)
    if park not in peers:
        peers.append(park)
    evaluations = {p: evaluate_park(graph, p, systems, rows, year=year) for p in peers}
    return PeerEvaluation(park, year, evaluations, weighted_scores(evaluations, systems))
