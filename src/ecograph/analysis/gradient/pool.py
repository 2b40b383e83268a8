"""The next-tier pool: TechSME firms not (yet) high-tech enterprises that meet the R&D bar.

A firm is a candidate when it holds ``TechSME`` and not ``HighTechEnterprise``
at ``as_of``. Its R&D intensity is ``rd_expense / revenue`` of its latest
``org_stats`` year up to ``as_of``'s year; it *meets* the bar when the
intensity is at least the threshold of its revenue band
(:data:`~ecograph.analysis.gradient.tiers.RD_BANDS`). ``meets`` is None
(unknown) when that year lacks a positive revenue or an R&D expense, or the
firm has no statistics. ``next_tier_pool`` is the candidates that meet it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ecograph.analysis.gradient.tiers import rd_band

__all__ = ["PoolFirm", "pool_firm"]


@dataclass(frozen=True)
class PoolFirm:
    """A TechSME without HighTechEnterprise, its R&D intensity and revenue band."""

    firm: str
    name: str | None
    year: int | None
    revenue: float | None
    rd_expense: float | None
    rd_intensity: float | None
    band: str | None
    threshold: float | None
    meets: bool | None


def pool_firm(firm: str, name: str | None,
              years: Mapping[int, Mapping[str, float]], as_of: date) -> PoolFirm:
    """Read one candidate's latest statistics and compare them with its band.

    Examples
    --------
    >>> p = pool_firm("f", None, {2022: {"revenue": 5000.0, "rd_expense": 200.0},
    ...                           2021: {"revenue": 10.0}}, date(2024, 1, 1))
    >>> (p.year, p.rd_intensity, p.band, p.threshold, p.meets)
    (2022, 0.04, '5000万–2亿', 0.04, True)
    >>> pool_firm("g", None, {}, date(2024, 1, 1)).meets is None
    True
    """
    known: Iterable[int] = (y for y in years if y <= as_of.year)
    latest = max(known, default=None)
    if latest is None:
        return PoolFirm(firm, name, None, None, None, None, None, None, None)
    row = years[latest]
    revenue, rd = row.get("revenue"), row.get("rd_expense")
    if revenue is None or revenue <= 0:
        return PoolFirm(firm, name, latest, revenue, rd, None, None, None, None)
    band = rd_band(revenue)
    if rd is None:
        return PoolFirm(firm, name, latest, revenue, None, None, band.name, band.threshold, None)
    intensity = rd / revenue
    return PoolFirm(firm, name, latest, revenue, rd, intensity, band.name, band.threshold,
                    intensity >= band.threshold - 1e-12)
