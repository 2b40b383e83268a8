"""The gradient report as tables (CSV / Excel): the ladder, the pool, the years."""

from __future__ import annotations

from typing import Any

from ecograph.analysis.gradient.ladder import GradientReport
from ecograph.analysis.gradient.tiers import LABELS, TIERS
from ecograph.analysis.sheets import Sheet

__all__ = ["LADDER_COLUMNS", "POOL_COLUMNS", "ladder_rows", "sheets"]

LADDER_COLUMNS: tuple[str, ...] = ("scope", "chain", "id", "name", "firms", *LABELS)
POOL_COLUMNS: tuple[str, ...] = ("firm", "name", "year", "revenue", "rd_expense",
                                 "rd_intensity", "band", "threshold", "meets", "in_pool")
YEAR_COLUMNS: tuple[str, ...] = ("year", "park_firms", *LABELS, "promotions",
                                 *(f"promoted_to_{t}" for t in TIERS))


def ladder_rows(report: GradientReport) -> list[dict[str, Any]]:
    """One row for the park, one per leading chain, one per segment of each.

    Examples
    --------
    >>> import networkx as nx
    >>> from ecograph.analysis.gradient import gradient
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}), name="园")
    >>> [(r["scope"], r["firms"]) for r in ladder_rows(gradient(g, "P", as_of="2024-01-01"))]
    [('park', 0)]
    """
    counts = {t.qualification: t.firms for t in report.tiers}
    rows: list[dict[str, Any]] = [{"scope": "park", "chain": None, "id": report.park,
                                   "name": None, "firms": report.park_firms, **counts}]
    for chain in report.chains:
        rows.append({"scope": "chain", "chain": chain.chain, "id": chain.chain,
                     "name": chain.name, "firms": chain.firms, **chain.counts})
        rows.extend({"scope": "segment", "chain": chain.chain, "id": s.id, "name": s.name,
                     "firms": s.firms, **s.counts} for s in chain.segments)
    return rows


def sheets(report: GradientReport) -> list[Sheet]:
    """The ladder, the next-tier candidates and the per-year counts."""
    pool = {p.firm for p in report.next_tier_pool}
    pool_rows = [{"firm": p.firm, "name": p.name, "year": p.year, "revenue": p.revenue,
                  "rd_expense": p.rd_expense, "rd_intensity": p.rd_intensity, "band": p.band,
                  "threshold": p.threshold, "meets": p.meets, "in_pool": p.firm in pool}
                 for p in report.candidates]
    year_rows = [{"year": y.year, "park_firms": y.park_firms, **y.counts,
                  "promotions": y.promotions,
                  **{f"promoted_to_{t}": n for t, n in y.promotions_by_tier.items()}}
                 for y in report.years]
    return [("梯度培育 ladder", LADDER_COLUMNS, ladder_rows(report)),
            ("高企储备 next-tier pool", POOL_COLUMNS, pool_rows),
            ("年度 years", YEAR_COLUMNS, year_rows)]
