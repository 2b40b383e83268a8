"""Qualification histories (``qualifications.csv``) behind each firm's current set.

A firm's current qualifications (``organizations.csv`` ``qualifications``) are
exactly the ones with an open row here (``until`` empty: still held at the
synthetic "today", :data:`~ecograph.synth.rates.REF_DATE`); every other row
ended before it. Terms follow the programmes' own rhythm (rates in
:mod:`ecograph.synth.rates`, reasons in ``docs/synth.md``):

- ``HighTechEnterprise``, ``SpecializedSME``, ``LittleGiant``,
  ``ManufacturingChampion`` and ``InnovativeSME``: three-year terms, renewed
  until the current one; a few firms let a term lapse;
- ``TechSME`` and ``Gazelle``: one row per calendar year (the yearly
  科技型中小企业 database, the yearly 瞪羚 lists);
- ``Unicorn`` and ``Listed``: one open row from the year gained.

Firms climb the gradient: a TechSME becomes a HighTechEnterprise and leaves
the TechSME list that year, an InnovativeSME becomes a SpecializedSME, a
SpecializedSME a LittleGiant one to three years later.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ecograph.synth.rates import QUALIFICATION_HISTORY, REF_DATE

__all__ = ["QualRow", "current_qualifications", "qualification_history"]

_LAST = REF_DATE.year
#: Level recorded per qualification (the body that grants it).
_LEVEL = {"HighTechEnterprise": "national", "TechSME": "national", "InnovativeSME": "provincial",
          "SpecializedSME": "provincial", "LittleGiant": "national",
          "ManufacturingChampion": "national"}
#: First year each programme granted the qualification.
_FIRST_YEAR = {"HighTechEnterprise": 2008, "TechSME": 2017, "InnovativeSME": 2022,
               "SpecializedSME": 2018, "LittleGiant": 2019, "ManufacturingChampion": 2016,
               "Gazelle": 2015, "Unicorn": 2015, "Listed": 1995}
#: Output order of a firm's rows and of its current set.
_ORDER = ("InnovativeSME", "TechSME", "HighTechEnterprise", "SpecializedSME", "LittleGiant",
          "ManufacturingChampion", "Gazelle", "Unicorn", "Listed")


@dataclass(frozen=True, slots=True)
class QualRow:
    """One ``qualifications.csv`` row (``until`` ``None``: still held)."""

    qualification: str
    since: date
    until: date | None
    level: str


def _day(rng: random.Random, year: int, months: tuple[int, int]) -> date:
    return date(year, rng.randint(*months), rng.randint(1, 28))


def _terms(rng: random.Random, name: str, first: int, *, current: bool,
           terms: int = 0) -> list[QualRow]:
    """Three-year terms from ``first``: up to today when ``current``, else ``terms`` ended ones."""
    rows: list[QualRow] = []
    start = first
    while True:
        since = _day(rng, start, (9, 12))
        end = date(since.year + 3, since.month, since.day) - timedelta(days=1)
        more = start + 3 <= _LAST if current else len(rows) + 1 < terms and end.year + 1 < _LAST
        if current and not more:
            rows.append(QualRow(name, since, None, _LEVEL.get(name, "")))
            return rows
        if not current and end >= REF_DATE:
            return rows
        rows.append(QualRow(name, since, end, _LEVEL.get(name, "")))
        if not more:
            return rows
        start += 3


def _yearly(rng: random.Random, name: str, first: int, last: int, *,
            current: bool) -> list[QualRow]:
    """One row per year ``first..last``; the last stays open when ``current``."""
    rows = []
    for year in range(first, last + 1):
        open_ = current and year == last
        rows.append(QualRow(name, _day(rng, year, (3, 9)), None if open_ else date(year, 12, 31),
                            _LEVEL.get(name, "")))
    return rows


def _start(rng: random.Random, name: str, founded: int, delay: int, latest: int = _LAST) -> int:
    low = min(max(founded + delay, _FIRST_YEAR[name]), latest)
    return rng.randint(low, max(low, latest))


def qualification_history(rng: random.Random, current: set[str], founded: int, *,
                          small: bool) -> list[QualRow]:
    """Draw the rows behind ``current`` for a firm founded in ``founded``.

    ``small`` firms (at most 1,000 employees) may also carry ended TechSME,
    InnovativeSME or SpecializedSME rows. ``current`` must already hold the
    final current set (see :func:`current_qualifications`).

    Examples
    --------
    >>> rows = qualification_history(random.Random(2), {"HighTechEnterprise"}, 2012, small=True)
    >>> {r.qualification for r in rows if r.until is None}
    {'HighTechEnterprise'}
    >>> all(r.until is None or r.since <= r.until < REF_DATE for r in rows)
    True
    """
    h = QUALIFICATION_HISTORY
    rows: list[QualRow] = []
    hte_first = None
    if "HighTechEnterprise" in current:
        hte_first = _start(rng, "HighTechEnterprise", founded, 1)
        rows += _terms(rng, "HighTechEnterprise", hte_first, current=True)
    elif founded <= _LAST - 6 and rng.random() < h["lapsed_hte"]:
        first = _start(rng, "HighTechEnterprise", founded, 1, _LAST - 4)
        rows += _terms(rng, "HighTechEnterprise", first, current=False, terms=rng.randint(1, 2))
    if "TechSME" in current:
        rows += _yearly(rng, "TechSME", _start(rng, "TechSME", founded, 0), _LAST, current=True)
    elif (hte_first is not None and small and hte_first >= 2018 and founded < _LAST
          and rng.random() < h["techsme_before_hte"]):
        # promoted: on the TechSME list until the year it became a high-tech enterprise
        last = min(hte_first, _LAST - 1)
        first = min(_start(rng, "TechSME", founded, 0, last), last)
        rows += _yearly(rng, "TechSME", first, last, current=False)
    elif small and founded <= _LAST - 2 and rng.random() < h["lapsed_techsme"]:
        first = _start(rng, "TechSME", founded, 0, _LAST - 2)
        rows += _yearly(rng, "TechSME", first, min(_LAST - 1, first + rng.randint(0, 2)),
                        current=False)
    spec_first = None
    if "SpecializedSME" in current:
        latest = _LAST - 1 if "LittleGiant" in current else _LAST
        spec_first = _start(rng, "SpecializedSME", founded, 2, latest)
        rows += _terms(rng, "SpecializedSME", spec_first, current=True)
    elif small and founded <= _LAST - 5 and rng.random() < h["lapsed_specialized"]:
        first = _start(rng, "SpecializedSME", founded, 2, _LAST - 4)
        rows += _terms(rng, "SpecializedSME", first, current=False, terms=1)
    if "InnovativeSME" in current:
        rows += _terms(rng, "InnovativeSME", _start(rng, "InnovativeSME", founded, 1),
                       current=True)
    elif spec_first is not None and spec_first > max(founded, _FIRST_YEAR["InnovativeSME"]):
        # 创新型 → 专精特新: held until the specialised recognition replaced it
        since = _day(rng, max(founded, _FIRST_YEAR["InnovativeSME"]), (5, 8))
        rows.append(QualRow("InnovativeSME", since, date(spec_first, 8, 31),
                            _LEVEL["InnovativeSME"]))
    if "LittleGiant" in current:
        low = (spec_first or _LAST - 1) + 1
        first = rng.randint(min(low, _LAST), min(_LAST, low + 2))
        rows += _terms(rng, "LittleGiant", max(first, _FIRST_YEAR["LittleGiant"]), current=True)
    if "ManufacturingChampion" in current:
        rows += _terms(rng, "ManufacturingChampion",
                       _start(rng, "ManufacturingChampion", founded, 8), current=True)
    if "Gazelle" in current:
        first = _start(rng, "Gazelle", founded, 2)
        rows += _yearly(rng, "Gazelle", max(first, _LAST - rng.randint(0, 3)), _LAST,
                        current=True)
    for name, delay in (("Unicorn", 2), ("Listed", 3)):
        if name in current:
            rows.append(QualRow(name, _day(rng, _start(rng, name, founded, delay), (1, 12)),
                                None, ""))
    rank = {name: i for i, name in enumerate(_ORDER)}
    rows.sort(key=lambda r: (rank[r.qualification], r.since))
    return rows


def current_qualifications(rng: random.Random, drawn: list[str], *, employees: int,
                           revenue: float, anchor: bool, in_park: bool = False,
                           founded: int = 2000) -> list[str]:
    """Add the v2 tiers to a firm's drawn current set, in gradient order.

    ``InnovativeSME`` (创新型中小企业, from 2022) goes to small firms already on
    the gradient; ``TechSME`` also to a few non-high-tech firms that grew past
    2 亿元 since they entered the list (the top revenue band of the
    next-tier pool). In parks, a few more anchors are 单项冠军 and a few
    large young high-tech firms 独角兽, so the top tiers are not empty.

    Examples
    --------
    >>> current_qualifications(random.Random(0), ["Listed", "TechSME"], employees=50,
    ...                        revenue=900.0, anchor=False)[-1]
    'Listed'
    """
    h = QUALIFICATION_HISTORY
    quals = set(drawn)
    if (not anchor and employees <= 500 and revenue > 20000 and "TechSME" not in quals
            and "HighTechEnterprise" not in quals and rng.random() < h["techsme_above_band"]):
        quals.add("TechSME")
    if in_park and anchor and rng.random() < h["champion_in_park"]:
        quals.add("ManufacturingChampion")
    if (in_park and not anchor and "HighTechEnterprise" in quals and "Listed" not in quals
            and employees >= 150 and founded >= 2012 and rng.random() < h["unicorn_in_park"]):
        quals.add("Unicorn")
    on_gradient = quals & {"TechSME", "HighTechEnterprise", "SpecializedSME"}
    if (not anchor and employees <= 1000 and on_gradient and "LittleGiant" not in quals
            and rng.random() < h["innovative_sme"]):
        quals.add("InnovativeSME")
    return [q for q in _ORDER if q in quals]
