"""The 2013 index score of a park (metrics.md §5, ``index_score``).

Attainment of each second-level indicator:

- where the seeds give a target for it in the category the park is measured
  against (``target_indicator`` of ``hitech_zone_index_2013.csv``, scaled by
  ``target_factor`` into the indicator's unit): ``value / target`` capped at 1
  (and at 0 below), or ``target / value`` for an indicator where lower is
  better;
- otherwise a peer min–max over the loaded parks of the same ``kind`` (node
  label) that have a value, the park included, when there are at least 3 of
  them: ``(v − min) / (max − min)`` (reversed where lower is better); when
  every peer has the same value the scale is undefined and the indicator is
  left out;
- otherwise the indicator is left out and named with the reason.

The weighted score is ``100 × Σ wᵢ aᵢ / Σ wᵢ`` over the indicators with an
attainment, where ``wᵢ = group weight × second-level weight / Σ second-level
weights of its group`` (the 30/30/20/20 split, shared inside each group by the
listed 赋权). ``coverage`` is the share of the index's weight (100) the score
covers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ecograph.analysis.indicators.systems import IndexIndicator, IndicatorSystems

__all__ = [
    "MIN_PEERS",
    "Attainment",
    "IndexScore",
    "LeftOut",
    "attainment",
    "effective_weights",
    "index_score",
]

#: Fewest parks of one kind for a peer min–max.
MIN_PEERS = 3


@dataclass(frozen=True)
class Attainment:
    """One indicator's attainment and how it was obtained."""

    id: str
    zh: str
    value: float
    attainment: float
    method: str  # "target" or "peers"
    target: float | None
    peers: int | None
    weight: float


@dataclass(frozen=True)
class LeftOut:
    """An indicator the score leaves out, and why."""

    id: str
    zh: str
    reason: str
    weight: float


@dataclass(frozen=True)
class IndexScore:
    """The weighted index score against one category."""

    category: str
    score: float | None
    coverage: float
    covered_weight: float
    total_weight: float
    groups: Mapping[str, float | None]
    indicators: tuple[Attainment, ...]
    left_out: tuple[LeftOut, ...]
    method: str


def effective_weights(systems: IndicatorSystems) -> dict[str, float]:
    """Return each index indicator's share of the 100 points.

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> w = effective_weights(load_systems())
    >>> round(sum(w.values()), 6), round(w["hz.1.2"], 4)
    (100.0, 3.0275)
    """
    groups: dict[str, float] = {}
    for ind in systems.index:
        groups[ind.group] = groups.get(ind.group, 0.0) + ind.weight
    return {ind.id: ind.group_weight * ind.weight / groups[ind.group] for ind in systems.index}


def attainment(value: float, target: float, direction: str = "higher") -> float:
    """Return ``value / target`` capped to [0, 1] (``target / value`` when lower is better).

    Examples
    --------
    >>> attainment(4.0, 8.0), attainment(12.0, 8.0), attainment(-1.0, 8.0)
    (0.5, 1.0, 0.0)
    >>> attainment(2.0, 1.0, "lower")
    0.5
    """
    if direction == "lower":
        raw = 1.0 if value <= 0 else target / value
    else:
        raw = value / target if target else 1.0
    return min(1.0, max(0.0, raw))


def _peer(value: float, values: Sequence[float], direction: str) -> float:
    low, high = min(values), max(values)
    s = (value - low) / (high - low)
    return 1.0 - s if direction == "lower" else s


def index_score(
    systems: IndicatorSystems,
    category: str,
    values: Mapping[str, float | None],
    peer_values: Mapping[str, Sequence[float]],
) -> IndexScore:
    """Score a park on the 2013 index against ``category`` (see the module docstring).

    ``values`` maps index ids to the park's values; ``peer_values`` maps them to
    the known values of the parks of the same kind (the park included).

    Examples
    --------
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> s = load_systems()
    >>> r = index_score(s, "world_class", {"hz.1.2": 400.0, "hz.1.4": 2.0},
    ...                 {"hz.1.4": [2.0, 1.0]})
    >>> [(a.id, a.attainment, a.method) for a in r.indicators]
    [('hz.1.2', 0.5, 'target')]
    >>> r.score, round(r.covered_weight, 4), [x.id for x in r.left_out][:2]
    (50.0, 3.0275, ['hz.1.1', 'hz.1.3'])
    """
    weights = effective_weights(systems)
    thresholds = {t.indicator: t.threshold for t in systems.tiers if t.tier == category}
    done: list[Attainment] = []
    left: list[LeftOut] = []
    for ind in systems.index:
        result = _one(ind, values.get(ind.id), thresholds, peer_values.get(ind.id, ()),
                      weights[ind.id])
        (done if isinstance(result, Attainment) else left).append(result)  # type: ignore[arg-type]
    covered = sum(a.weight for a in done)
    total = sum(weights.values())
    groups: dict[str, float | None] = {}
    for group in dict.fromkeys(ind.group for ind in systems.index):
        members = [a for a in done if a.id.split(".")[1] == group]
        w = sum(a.weight for a in members)
        groups[group] = None if w == 0 else 100.0 * sum(a.weight * a.attainment
                                                         for a in members) / w
    score = None if covered == 0 else 100.0 * sum(a.weight * a.attainment for a in done) / covered
    return IndexScore(
        category=category, score=score, coverage=covered / total, covered_weight=covered,
        total_weight=total, groups=groups, indicators=tuple(done), left_out=tuple(left),
        method=(f"value / target capped at 1 where the {category} category has a target; "
                f"else min–max over ≥ {MIN_PEERS} parks of the same kind; weights "
                "30/30/20/20 shared by the second-level 赋权"),
    )


def _one(ind: IndexIndicator, value: float | None, thresholds: Mapping[str, float],
         peers: Sequence[float], weight: float) -> Attainment | LeftOut:
    if value is None:
        return LeftOut(ind.id, ind.zh, "no value", weight)
    if ind.target_indicator is not None and ind.target_indicator in thresholds:
        target = thresholds[ind.target_indicator] * ind.target_factor
        return Attainment(ind.id, ind.zh, value, attainment(value, target, ind.direction),
                          "target", target, None, weight)
    if len(peers) >= MIN_PEERS and min(peers) == max(peers):
        return LeftOut(ind.id, ind.zh, f"no target and all {len(peers)} parks of this kind "
                       "have the same value", weight)
    if len(peers) >= MIN_PEERS:
        return Attainment(ind.id, ind.zh, value, _peer(value, peers, ind.direction), "peers",
                          None, len(peers), weight)
    return LeftOut(ind.id, ind.zh,
                   f"no target and {len(peers)} park(s) of this kind with a value "
                   f"(at least {MIN_PEERS} needed)", weight)
