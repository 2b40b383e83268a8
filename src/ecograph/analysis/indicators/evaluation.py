"""Park evaluation against the seeds' indicator systems (metrics.md v2 §5).

The systems are data (``ontology/indicators/``, read by
:mod:`ecograph.analysis.indicators.systems`); this module only computes.

- **Values.** Each indicator of the 2013 index, of the three categories and of
  the Guangxi guideline is computed by :mod:`~ecograph.analysis.indicators.computed`
  when it has a ``graph_metric`` and the graph gives a value; otherwise it is
  the park's ``park_stats`` value for the evaluation year or the latest year
  before it (looked up by the indicator's id, or through the index ↔ target
  mapping of ``target_indicator``/``target_factor``); otherwise ``missing``.
  Every value carries ``source``, ``year``, its numerator and denominator when
  it is a ratio, and the trend against the previous year when both are known.
- **Evaluation year.** ``year`` when given; else the latest ``org_stats`` year
  of the park's organisations not after as_of, else the latest ``park_stats``
  year, else the year of as_of.
- **Categories.** The three 2013 categories (世界一流高科技园区, 创新型科技园区,
  创新型特色园区; target year 2020) are alternatives for different kinds of
  park, all shown; each target has its value, threshold, met and the distance
  still to go. ``tier_category`` of the park names the one it is measured
  against (``measured_against``).
- **Score.** :mod:`~ecograph.analysis.indicators.scoring`, per category; the
  headline ``index_score`` is that of the measured category (None when the park
  declares none: the three are given side by side in ``index_scores``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import networkx as nx

from ecograph.analysis.common import has_label, require_node, resolve_as_of, to_plain
from ecograph.analysis.indicators.computed import (
    Computed,
    ParkFacts,
    compute_metrics,
    park_facts,
)
from ecograph.analysis.indicators.scoring import IndexScore, index_score
from ecograph.analysis.indicators.systems import IndicatorSystems, TierTarget
from ecograph.analysis.observations import (
    indicator_observations,
    org_year_stats,
    qualification_spans,
)
from ecograph.errors import ParameterError
from ecograph.vocab import Label

__all__ = [
    "CategoryResult",
    "IndicatorValue",
    "ParkEvaluation",
    "TargetResult",
    "distance_text",
    "evaluate_park",
    "same_kind_parks",
]

#: Units that count things (a distance reads "19 more …").
COUNT_UNITS = frozenset({"个", "家", "项", "件"})


class StatLike(Protocol):
    """A ``park_stats`` row: ``IndicatorObservation`` or the legacy ``StatRow``."""

    @property
    def park(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def indicator(self) -> str: ...
    @property
    def value(self) -> float: ...


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator's value for a park, with its provenance and trend."""

    system: str
    id: str
    group: str | None
    zh: str
    en: str
    unit: str
    metric: str | None
    value: float | None
    source: str  # "graph", "org_stats", "park_stats" or "missing"
    year: int | None
    numerator: float | None
    denominator: float | None
    previous_year: int | None
    previous_value: float | None
    change: float | None
    weight: float | None = None


@dataclass(frozen=True)
class TargetResult:
    """One target of one category, with the park's value and the distance to go."""

    indicator: str
    zh: str
    en: str
    unit: str
    comparator: str
    threshold: float
    value: float | None
    source: str
    year: int | None
    met: bool | None
    gap: float | None
    distance_zh: str | None
    distance_en: str | None
    note: str


@dataclass(frozen=True)
class CategoryResult:
    """A park against one of the three categories (an alternative, not a rung)."""

    category: str
    zh: str
    en: str
    target_year: int
    measured: bool
    met: int
    known: int
    total: int
    all_met: bool
    targets: tuple[TargetResult, ...]


@dataclass(frozen=True)
class ParkEvaluation:
    """A park's indicator values, its results on the three categories and its scores."""

    park: str
    name: str | None
    kind: str | None
    year: int
    as_of: date
    tier_category: str | None
    target_year: int
    indicators: tuple[IndicatorValue, ...]
    categories: tuple[CategoryResult, ...]
    index_score: IndexScore | None
    index_scores: Mapping[str, IndexScore]
    peers: tuple[str, ...]
    #: The category the park is measured against (its ``tier_category``).
    measured_against: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the evaluation as plain data (the JSON of the CLI and the API)."""
        data: dict[str, Any] = to_plain(self)
        return data


def distance_text(target: TierTarget, gap: float) -> tuple[str, str]:
    """Say in Chinese and English how far a target still is.

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> t = next(t for t in load_systems().tiers if t.indicator == "national_rd_institutions")
    >>> distance_text(t, 19.0)
    ('还差19个国家级研发机构数', '19 more national-level r&d institutions')
    """
    amount = f"{gap:.0f}" if gap == round(gap) else f"{gap:.2f}".rstrip("0").rstrip(".")
    if target.unit in COUNT_UNITS:
        return (f"还差{amount}{target.unit}{target.zh}", f"{amount} more {target.en.lower()}")
    if target.unit == "%":
        return (f"还差{amount}个百分点", f"{amount} percentage points to go")
    if target.unit.startswith("达标"):
        return ("未达标", "not met")
    return (f"还差{amount} {target.unit}", f"{amount} {target.unit} to go")


def _stats_table(rows: Iterable[StatLike], park: str) -> dict[str, dict[int, float]]:
    table: dict[str, dict[int, float]] = defaultdict(dict)
    for row in rows:
        if row.park == park:
            table[row.indicator][row.year] = row.value
    return table


class _Lookup:
    """Values of one park for one year: computed first, then park_stats."""

    def __init__(self, metrics: Mapping[str, Computed], previous: Mapping[str, Computed],
                 table: Mapping[str, Mapping[int, float]], year: int,
                 aliases: Mapping[str, list[tuple[str, float]]]) -> None:
        self.metrics, self.previous, self.table = metrics, previous, table
        self.year, self.aliases = year, aliases

    def _stat(self, keys: Sequence[tuple[str, float]], year: int,
              exact: bool) -> tuple[float, int] | None:
        best: tuple[float, int] | None = None
        for key, factor in keys:
            for y, v in self.table.get(key, {}).items():
                if (y == year if exact else y <= year) and (best is None or y > best[1]):
                    best = (v * factor, y)
        return best

    def get(self, key: str, metric: str | None) -> tuple[Computed, Computed | None]:
        if metric is not None and (c := self.metrics.get(metric)) is not None \
                and c.value is not None:
            before = self.previous.get(metric)
            return c, before if before is not None and before.value is not None else None
        keys = [(key, 1.0), *self.aliases.get(key, [])]
        found = self._stat(keys, self.year, exact=False)
        if found is None:
            return Computed(None, "missing", None), None
        value, y = found
        prior = self._stat(keys, y - 1, exact=True)
        return (Computed(value, "park_stats", y),
                None if prior is None else Computed(prior[0], "park_stats", y - 1))


def _aliases(systems: IndicatorSystems) -> dict[str, list[tuple[str, float]]]:
    """Other park_stats keys of the same quantity, with the factor into this key's unit."""
    found: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for ind in systems.index:
        if ind.target_indicator is not None:
            found[ind.id].append((ind.target_indicator, ind.target_factor))
            found[ind.target_indicator].append((ind.id, 1.0 / ind.target_factor))
    return found


def _value(system: str, key: str, group: str | None, zh: str, en: str, unit: str,
           metric: str | None, lookup: _Lookup, weight: float | None) -> IndicatorValue:
    now, before = lookup.get(key, metric)
    change = None if before is None or now.value is None else now.value - (before.value or 0.0)
    return IndicatorValue(
        system, key, group, zh, en, unit, metric, now.value, now.source, now.year,
        now.numerator, now.denominator, before.year if before else None,
        before.value if before else None, change, weight)


def _categories(systems: IndicatorSystems, lookup: _Lookup,
                measured: str | None) -> tuple[CategoryResult, ...]:
    results: list[CategoryResult] = []
    for category in systems.tier_names:
        rows: list[TargetResult] = []
        targets = [t for t in systems.tiers if t.tier == category]
        for t in targets:
            now, _ = lookup.get(t.indicator, t.graph_metric)
            met: bool | None = None
            gap = None
            texts: tuple[str | None, str | None] = (None, None)
            if now.value is not None:
                met = now.value >= t.threshold if t.comparator == ">=" else \
                    now.value <= t.threshold
                if not met:
                    gap = abs(t.threshold - now.value)
                    texts = distance_text(t, gap)
            rows.append(TargetResult(t.indicator, t.zh, t.en, t.unit, t.comparator, t.threshold,
                                     now.value, now.source, now.year, met, gap, *texts, t.note))
        met_count = sum(r.met is True for r in rows)
        results.append(CategoryResult(
            category, targets[0].tier_zh, targets[0].tier_en, systems.target_year,
            category == measured, met_count, sum(r.met is not None for r in rows), len(rows),
            met_count == len(rows), tuple(rows)))
    return tuple(results)


def _default_year(facts: ParkFacts, table: Mapping[str, Mapping[int, float]],
                  as_of: date) -> int:
    years = [y for y in facts.stats_years(as_of) if y <= as_of.year]
    if years:
        return max(years)
    stat_years = [y for per in table.values() for y in per if y <= as_of.year]
    return max(stat_years) if stat_years else as_of.year


def _index_values(systems: IndicatorSystems, lookup: _Lookup) -> dict[str, float | None]:
    return {ind.id: lookup.get(ind.id, ind.graph_metric)[0].value for ind in systems.index}


def _lookup_for(facts: ParkFacts, systems: IndicatorSystems, table: Mapping[str, Any],
                year: int, as_of: date) -> _Lookup:
    metrics = compute_metrics(facts, year, as_of, systems.counts)
    previous = compute_metrics(facts, year - 1, as_of, systems.counts)
    return _Lookup(metrics, previous, table, year, _aliases(systems))


def same_kind_parks(graph: nx.MultiDiGraph, park: str) -> list[str]:
    """Return the loaded parks whose ``kind`` (node label) is the park's, the park included.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for p, k in (("A", "HighTechZone"), ("B", "HighTechZone"), ("C", "IndustrialPark")):
    ...     g.add_node(p, label=k, labels=frozenset({"Park", k}))
    >>> same_kind_parks(g, "A")
    ['A', 'B']
    """
    kind = graph.nodes[park].get("label")
    return sorted(p for p, attrs in graph.nodes(data=True)
                  if attrs.get("label") == kind and has_label(graph, p, Label.Park))


def evaluate_park(
    graph: nx.MultiDiGraph,
    park: str,
    systems: IndicatorSystems,
    *,
    year: int | None = None,
    as_of: date | str | None = None,
    stats: Iterable[StatLike] | None = None,
) -> ParkEvaluation:
    """Evaluate ``park`` on the three systems and score it (see the module docstring).

    ``stats`` defaults to the ``park_stats`` observations in the graph
    (:func:`ecograph.analysis.observations.indicator_observations`).

    Raises
    ------
    NotFoundError
        Unknown park.
    ParameterError
        A ``tier_category`` that is not one of the three categories.

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="HighTechZone", labels=frozenset({"Park", "HighTechZone"}),
    ...            tier_category="innovative")
    >>> ev = evaluate_park(g, "P", load_systems(), as_of="2024-06-30")
    >>> ev.year, ev.measured_against, [c.category for c in ev.categories]
    (2024, 'innovative', ['world_class', 'innovative', 'characteristic'])
    >>> ev.index_score.score, ev.target_year  # no organisation: 0 of every count
    (0.0, 2020)
    """
    require_node(graph, park, Label.Park)
    day = resolve_as_of(as_of)
    rows = list(indicator_observations(graph) if stats is None else stats)
    measured = graph.nodes[park].get("tier_category") or None
    if measured is not None and measured not in systems.tier_names:
        raise ParameterError(f"tier_category of {park} is {measured!r}, not one of "
                             f"{', '.join(systems.tier_names)}")
    all_stats = org_year_stats(graph)
    spans = qualification_spans(graph)
    facts = park_facts(graph, park, all_stats, spans)
    table = _stats_table(rows, park)
    chosen = year if year is not None else _default_year(facts, table, day)
    lookup = _lookup_for(facts, systems, table, chosen, day)

    values: list[IndicatorValue] = []
    for ind in systems.index:
        values.append(_value("hitech_zone_index_2013", ind.id, ind.group, ind.zh, ind.en,
                             ind.unit, ind.graph_metric, lookup, ind.weight))
    for g_ind in systems.guide:
        values.append(_value("guangxi_innovation_system", g_ind.id, g_ind.group, g_ind.zh,
                             g_ind.en, g_ind.unit, g_ind.graph_metric, lookup, None))

    own = _index_values(systems, lookup)
    peers = same_kind_parks(graph, park)
    peer_values: dict[str, list[float]] = defaultdict(list)
    for peer in peers:
        peer_index = own if peer == park else _index_values(systems, _lookup_for(
            park_facts(graph, peer, all_stats, spans), systems, _stats_table(rows, peer),
            chosen, day))
        for key, v in peer_index.items():
            if v is not None:
                peer_values[key].append(v)
    scores = {c: index_score(systems, c, own, peer_values) for c in systems.tier_names}
    attrs = graph.nodes[park]
    return ParkEvaluation(
        park=park, name=attrs.get("name"), kind=attrs.get("label"), year=chosen, as_of=day,
        tier_category=measured, target_year=systems.target_year, indicators=tuple(values),
        categories=_categories(systems, lookup, measured),
        index_score=scores.get(measured) if measured else None, index_scores=scores,
        peers=tuple(peers), measured_against=measured,
    )
