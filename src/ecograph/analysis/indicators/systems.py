"""Read the evaluation systems in ``ontology/indicators/``.

Park statistics (``park_stats.csv``) are validated and loaded like every other
table and read back from the graph by
:func:`ecograph.analysis.observations.indicator_observations`; :class:`StatRow`
is the same row in memory, for callers that hold rows of their own.

This is the I/O half; the computation is in :mod:`ecograph.analysis.indicators.evaluation`.
The file formats are documented in ``ontology/indicators/README.md``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ecograph.errors import InputError
from ecograph.resources import ONTOLOGY_DIR

__all__ = [
    "CarrierCount",
    "GuideIndicator",
    "IndexIndicator",
    "IndicatorSystems",
    "StatRow",
    "TierTarget",
    "load_systems",
]

INDICATOR_DIR = ONTOLOGY_DIR / "indicators"


@dataclass(frozen=True)
class IndexIndicator:
    """A second-level indicator of the 2013 national high-tech zone index."""

    id: str
    group: str
    group_zh: str
    group_en: str
    group_weight: float
    seq: str
    zh: str
    en: str
    weight: float
    source_type: str
    unit: str
    direction: str
    graph_metric: str | None
    target_indicator: str | None = None
    target_factor: float = 1.0


@dataclass(frozen=True)
class CarrierCount:
    """A graph metric that counts park organisations of some classes (and level)."""

    metric: str
    zh: str
    en: str
    classes: tuple[str, ...]
    level: str | None


@dataclass(frozen=True)
class TierTarget:
    """One target of one of the three park tiers (2013 plan, 附1)."""

    tier: str
    tier_zh: str
    tier_en: str
    seq: int
    indicator: str
    zh: str
    en: str
    comparator: str
    threshold: float
    unit: str
    graph_metric: str | None
    note: str


@dataclass(frozen=True)
class GuideIndicator:
    """An indicator of the Guangxi industrial-park innovation-system guideline."""

    id: str
    group: str
    group_zh: str
    group_en: str
    seq: str
    zh: str
    en: str
    unit: str
    graph_metric: str | None


@dataclass(frozen=True)
class IndicatorSystems:
    """All three systems, as read from the data files."""

    index: tuple[IndexIndicator, ...]
    tiers: tuple[TierTarget, ...]
    guide: tuple[GuideIndicator, ...]
    counts: tuple[CarrierCount, ...] = ()
    #: Target year of the three categories (2013 plan: 到2020年).
    target_year: int = 2020

    @property
    def tier_names(self) -> tuple[str, ...]:
        """Tier keys in the order of the source (highest tier first)."""
        return tuple(dict.fromkeys(t.tier for t in self.tiers))


@dataclass(frozen=True)
class StatRow:
    """One park statistics value held in memory (the graph holds them as observations)."""

    park: str
    year: int
    indicator: str
    value: float


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _metric(value: str) -> str | None:
    return value.strip() or None


@lru_cache(maxsize=4)
def load_systems(directory: Path = INDICATOR_DIR) -> IndicatorSystems:
    """Read the three evaluation systems from ``directory``.

    Examples
    --------
    >>> systems = load_systems()
    >>> len(systems.index), systems.tier_names
    (40, ('world_class', 'innovative', 'characteristic'))
    """
    index = tuple(
        IndexIndicator(
            id=r["id"], group=r["group"], group_zh=r["group_zh"], group_en=r["group_en"],
            group_weight=float(r["group_weight"]), seq=r["seq"], zh=r["zh"], en=r["en"],
            weight=float(r["weight"]), source_type=r["source_type"], unit=r["unit"],
            direction=r["direction"], graph_metric=_metric(r["graph_metric"]),
            target_indicator=_metric(r.get("target_indicator") or ""),
            target_factor=float(r.get("target_factor") or 1.0),
        )
        for r in _rows(directory / "hitech_zone_index_2013.csv")
    )
    tiers = tuple(
        TierTarget(
            tier=r["tier"], tier_zh=r["tier_zh"], tier_en=r["tier_en"], seq=int(r["seq"]),
            indicator=r["indicator"], zh=r["zh"], en=r["en"], comparator=r["comparator"],
            threshold=float(r["threshold"]), unit=r["unit"],
            graph_metric=_metric(r["graph_metric"]), note=r["note"],
        )
        for r in _rows(directory / "tier_targets_2013.csv")
    )
    guide = tuple(
        GuideIndicator(
            id=r["id"], group=r["group"], group_zh=r["group_zh"], group_en=r["group_en"],
            seq=r["seq"], zh=r["zh"], en=r["en"], unit=r["unit"],
            graph_metric=_metric(r["graph_metric"]),
        )
        for r in _rows(directory / "guangxi_innovation_system.csv")
    )
    counts = tuple(
        CarrierCount(metric=r["metric"], zh=r["zh"], en=r["en"],
                     classes=tuple(c for c in r["classes"].split(";") if c),
                     level=_metric(r["level"]))
        for r in _rows(directory / "carrier_counts.csv")
    )
    return IndicatorSystems(index=index, tiers=tiers, guide=guide, counts=counts)
