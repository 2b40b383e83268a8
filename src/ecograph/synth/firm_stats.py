"""Firm-year statistics (``org_stats.csv``) in the spirit of the Torch survey (火炬统计).

The latest year (2024, the synthetic "today") repeats the firm's
``organizations.csv`` figures (revenue, R&D expense, employees), so the two
tables agree; earlier years are drawn backwards with a yearly growth rate.
Most firms founded before 2024 report two years, a quarter three; the rest
one (their two-year revenue test is "unknown"). Money in 万元.
"""

from __future__ import annotations

import math
import random

from ecograph.synth.rates import REF_DATE, STATS

__all__ = ["firm_years"]


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (normal approximation above 30)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def firm_years(rng: random.Random, founded: int, employees: int, revenue: float,
               rd_expense: float, *, high_tech: bool) -> list[tuple[int, tuple[object, ...]]]:
    """Return ``(year, values)`` rows, oldest first, values in ``STAT_FIELDS`` order.

    Examples
    --------
    >>> rows = firm_years(random.Random(1), 2015, 120, 18000.0, 900.0, high_tech=True)
    >>> rows[-1][0], rows[-1][1][:3]
    (2024, ('18000.0', '900.0', 120))
    >>> firm_years(random.Random(1), 2024, 8, 300.0, 9.0, high_tech=False)[0][0]
    2024
    """
    s = STATS
    last = REF_DATE.year
    years = [last]
    if founded < last and rng.random() < s["prev_year"]:
        years.insert(0, last - 1)
        if founded < last - 1 and rng.random() < s["third_year"]:
            years.insert(0, last - 2)
    intensity = rd_expense / revenue if revenue > 0 else 0.0
    share = (rng.uniform(s["rd_staff_hte_low"], s["rd_staff_hte_high"]) if high_tech
             else rng.uniform(s["rd_staff_low"], s["rd_staff_high"]))
    per_staff = s["patents_per_rd_staff_hte"] if high_tech else s["patents_per_rd_staff"]
    export_share = 0.0 if rng.random() < 0.6 else rng.uniform(0.02, 0.4)
    new_share = rng.uniform(0.1, 0.6) if high_tech else rng.uniform(0.0, 0.3)
    age = max(0, years[0] - founded)
    held = _poisson(rng, per_staff * employees * share * min(age, 10) * 0.7)
    figures: list[tuple[int, float, float, int]] = []
    rev, emp = revenue, float(employees)
    for year in reversed(years):
        if year == last:
            figures.append((year, revenue, rd_expense, employees))
        else:
            growth = math.exp(rng.gauss(s["growth_mean"], s["growth_sd"]))
            rev, emp = rev / growth, emp / math.sqrt(growth)
            rd = rev * intensity * rng.lognormvariate(0.0, 0.1)
            figures.append((year, round(rev, 1), round(rd, 1), max(1, round(emp))))
    rows: list[tuple[int, tuple[object, ...]]] = []
    for year, rev_y, rd_y, emp_y in reversed(figures):
        rd_staff = max(0, round(emp_y * share))
        masters = round(rd_staff * rng.uniform(0.1, 0.5))
        granted = _poisson(rng, per_staff * rd_staff)
        held += granted
        margin = rng.gauss(0.06, 0.08)
        rows.append((year, (f"{rev_y:.1f}", f"{rd_y:.1f}", emp_y, rd_staff, masters, granted,
                            held, f"{rev_y * new_share:.1f}", f"{rev_y * export_share:.1f}",
                            f"{rev_y * margin:.1f}",
                            f"{rev_y * rng.uniform(0.02, 0.06):.1f}")))
    return rows
