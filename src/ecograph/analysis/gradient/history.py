"""Qualification counts per year and promotions, from ``qualifications.csv`` history.

For each year Y from the first ``since`` year of a park firm's history to
``as_of``'s year, a firm holds a qualification in Y when one of its spans is
current on 31 December of Y (on ``as_of`` for ``as_of``'s own year); only
qualifications with a history count (the stated ``qualifications`` set has no
dates). Park firms are counted as of the same day.

A **promotion** in Y is a firm gaining a higher tier in Y: a tier span that
starts in Y whose tier ranks above every tier the firm held the day before
(from no tier counts too; ``from_tier`` is then None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from ecograph.analysis.gradient.tiers import LABELS, TIERS, tier_rank
from ecograph.analysis.observations import QualificationSpan

__all__ = ["Promotion", "YearCounts", "held_on", "promotions", "year_counts"]


@dataclass(frozen=True)
class Promotion:
    """A firm reaching ``to_tier`` from ``from_tier`` (None: no tier) on ``since``."""

    firm: str
    year: int
    since: date
    from_tier: str | None
    to_tier: str


@dataclass(frozen=True)
class YearCounts:
    """Park firms holding each qualification at the end of ``year``, and promotions in it."""

    year: int
    day: date
    park_firms: int
    counts: dict[str, int]
    promotions: int
    promotions_by_tier: dict[str, int] = field(default_factory=dict)


def _current(span: QualificationSpan, day: date) -> bool:
    return (span.since is None or span.since <= day) and (span.until is None
                                                          or span.until >= day)


def held_on(spans: Iterable[QualificationSpan], day: date) -> frozenset[str]:
    """The qualifications whose span is current on ``day``.

    Examples
    --------
    >>> s = QualificationSpan("TechSME", date(2020, 1, 1), date(2021, 12, 31), None, None)
    >>> held_on([s], date(2021, 12, 31)), held_on([s], date(2022, 1, 1))
    (frozenset({'TechSME'}), frozenset())
    """
    return frozenset(s.qualification for s in spans if _current(s, day))


def promotions(firm: str, spans: Iterable[QualificationSpan]) -> list[Promotion]:
    """Every promotion of one firm.

    Examples
    --------
    >>> t = QualificationSpan("TechSME", date(2020, 3, 1), None, None, None)
    >>> h = QualificationSpan("HighTechEnterprise", date(2022, 11, 1), None, None, None)
    >>> [(p.year, p.from_tier, p.to_tier) for p in promotions("f", [t, h])]
    [(2020, None, 'TechSME'), (2022, 'TechSME', 'HighTechEnterprise')]
    """
    own = list(spans)
    found: list[Promotion] = []
    for span in own:
        rank = tier_rank(span.qualification)
        if rank is None or span.since is None:
            continue
        before = [r for q in held_on(own, span.since - timedelta(days=1))
                  if (r := tier_rank(q)) is not None]
        if before and max(before) >= rank:
            continue
        found.append(Promotion(firm, span.since.year, span.since,
                               TIERS[max(before)] if before else None, span.qualification))
    return sorted(found, key=lambda p: (p.since, p.firm, p.to_tier))


def year_counts(
    spans: Mapping[str, list[QualificationSpan]],
    park_firms_on: Callable[[date], set[str]],
    as_of: date,
) -> tuple[list[YearCounts], list[Promotion]]:
    """Counts per year and the promotions of the firms that are park firms in their year.

    Examples
    --------
    >>> s = {"f": [QualificationSpan("TechSME", date(2022, 3, 1), None, None, None)]}
    >>> rows, promos = year_counts(s, lambda day: {"f"}, date(2023, 6, 1))
    >>> [(r.year, r.counts["TechSME"], r.promotions) for r in rows]
    [(2022, 1, 1), (2023, 1, 0)]
    """
    starts = [s.since.year for own in spans.values() for s in own
              if s.since is not None and s.since <= as_of]
    if not starts:
        return [], []
    rows: list[YearCounts] = []
    kept: list[Promotion] = []
    all_promotions = [p for firm, own in spans.items() for p in promotions(firm, own)]
    for year in range(min(starts), as_of.year + 1):
        day = min(date(year, 12, 31), as_of)
        members = park_firms_on(day)
        counts = dict.fromkeys(LABELS, 0)
        for firm in members:
            for q in held_on(spans.get(firm, ()), day):
                if q in counts:
                    counts[q] += 1
        promoted = [p for p in all_promotions
                    if p.year == year and p.since <= as_of and p.firm in members]
        kept.extend(promoted)
        by_tier = {t: sum(1 for p in promoted if p.to_tier == t) for t in TIERS}
        rows.append(YearCounts(year, day, len(members), counts,
                               len({p.firm for p in promoted}), by_tier))
    return rows, sorted(kept, key=lambda p: (p.since, p.firm, p.to_tier))
