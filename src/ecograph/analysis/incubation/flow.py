"""Incubation flows: handoffs, the park funnel, conversion and skips.

Definitions (``metrics.md`` §2):

- A **handoff** follows a stay that ended ``graduated`` in a carrier of stage k.
  For k below the last carrier stage, it is the firm's next stay in a carrier
  of a later stage whose ``since`` is at most ``window_days`` days (inclusive)
  after the graduated stay's ``until`` and not before it (``0 <= gap_days <=
  window_days``, ``gap_days`` = next ``since`` − ``until``). A stay that starts
  before the graduation date is an overlap, not a handoff (year-only dates load
  as 1 January for ``since`` and 31 December for ``until``). When several
  qualify, the earliest start wins (then the lower stage, then carrier id),
  and a graduated stay gives at most one handoff. A graduated stay
  with no ``until`` cannot start a carrier handoff. The next carrier may lie
  outside the park (``to_in_park`` says which). For the last carrier stage (``Accelerator``) the
  handoff is the firm remaining ``LOCATED_IN`` the park after graduating
  (``kind="to_park"``, ``to_stage="park"``).
- The **funnel** counts, over a cohort of firms and their stays in the park's
  carriers, the firms ever in each stage and how many of them reach each later
  stage: a stay in that stage starting on or after their first stay in the
  earlier one (unknown dates do not block), or, for ``park``, no active stay
  left and still ``LOCATED_IN`` the park after the last stay ended.
- **Conversion** is reached / firms between consecutive stages (Makerspace →
  Incubator → Accelerator → park); ``None`` when no firm was in the stage.
- A **skip** is a pair of consecutive stays of a firm (ordered by ``since``,
  stays in the park's carriers with a known stage and start) that jumps over
  at least one stage, e.g. Makerspace straight to Accelerator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from ecograph.analysis.incubation.stays import (
    PARK_STAGE,
    STAGE_NAMES,
    Stay,
    StayIndex,
    stage_index,
)
from ecograph.vocab import Outcome

__all__ = [
    "Conversion",
    "FunnelStage",
    "Handoff",
    "Skip",
    "conversion",
    "find_handoff",
    "funnel",
    "reached_park",
    "skips",
]

_LAST = len(STAGE_NAMES) - 1
_GRADUATED = str(Outcome.graduated)
_ACTIVE = str(Outcome.active)


@dataclass(frozen=True)
class Handoff:
    """A graduated stay handed on to a later-stage carrier or to the park."""

    firm: str
    from_carrier: str
    to_carrier: str | None
    from_stage: str
    to_stage: str
    gap_days: int | None
    kind: str  # "carrier" or "to_park"
    to_in_park: bool


@dataclass(frozen=True)
class FunnelStage:
    """Firms ever in ``stage`` and how many reach each later stage."""

    stage: str
    firms: int
    reached: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Conversion:
    """Share of firms of ``from_stage`` that reach ``to_stage``."""

    from_stage: str
    to_stage: str
    firms: int
    converted: int
    rate: float | None


@dataclass(frozen=True)
class Skip:
    """Consecutive stays of a firm that jump over at least one stage."""

    firm: str
    from_carrier: str
    to_carrier: str
    from_stage: str
    to_stage: str
    skipped: tuple[str, ...]


def find_handoff(
    stay: Stay,
    index: StayIndex,
    *,
    window_days: int,
    park_carriers: set[str],
    in_park: bool,
) -> Handoff | None:
    """Return the handoff that follows a graduated ``stay``, or None.

    ``in_park`` says whether the firm remains ``LOCATED_IN`` the park after
    the stay (used for the last carrier stage only).
    """
    k = stage_index(stay.stage)
    if stay.outcome != _GRADUATED or k is None or stay.stage is None:
        return None
    if k == _LAST:
        if not in_park:
            return None
        return Handoff(stay.firm, stay.carrier, None, stay.stage, PARK_STAGE, None,
                       "to_park", True)
    if stay.until is None:
        return None
    best: tuple[int, int, str] | None = None
    chosen: Stay | None = None
    for nxt in index.of_firm(stay.firm):
        j = stage_index(nxt.stage)
        if j is None or j <= k or nxt.since is None:
            continue
        gap = (nxt.since - stay.until).days
        if 0 <= gap <= window_days and (best is None or (gap, j, nxt.carrier) < best):
            best, chosen = (gap, j, nxt.carrier), nxt
    if chosen is None or best is None or chosen.stage is None:
        return None
    return Handoff(stay.firm, stay.carrier, chosen.carrier, stay.stage, chosen.stage, best[0],
                   "carrier", chosen.carrier in park_carriers)


def reached_park(stays: tuple[Stay, ...], in_park_after: bool) -> bool:
    """True when no stay is active and the firm stayed in the park after the last.

    ``in_park_after`` is whether the firm is ``LOCATED_IN`` the park after the
    last known ``until``.

    Examples
    --------
    >>> s = Stay("f", "a", "Accelerator", date(2020, 1, 1), date(2021, 1, 1),
    ...          "graduated", "graduated", 366, "k")
    >>> reached_park((s,), True), reached_park((s,), False)
    (True, False)
    """
    if not stays or any(s.status == _ACTIVE for s in stays):
        return False
    return in_park_after


def funnel(
    cohort_stays: dict[str, tuple[Stay, ...]], reached_park_firms: set[str]
) -> list[FunnelStage]:
    """Count firms per stage and how many reach each later stage.

    ``cohort_stays`` maps each firm to its stays in the park's carriers;
    ``reached_park_firms`` are the firms that reached the park stage.

    Examples
    --------
    >>> m = Stay("f", "m", "Makerspace", date(2020, 1, 1), None, None, "active", None, "1")
    >>> a = Stay("f", "a", "Accelerator", date(2021, 1, 1), None, None, "active", None, "2")
    >>> rows = funnel({"f": (m, a)}, set())
    >>> [(r.stage, r.firms) for r in rows]
    [('Makerspace', 1), ('Incubator', 0), ('Accelerator', 1), ('park', 0)]
    >>> rows[0].reached
    {'Incubator': 0, 'Accelerator': 1, 'park': 0}
    """
    stages = (*STAGE_NAMES, PARK_STAGE)
    ever: dict[str, int] = dict.fromkeys(stages, 0)
    reached: dict[str, dict[str, int]] = {
        s: dict.fromkeys(stages[i + 1:], 0) for i, s in enumerate(stages)
    }
    for firm, stays in cohort_stays.items():
        by_stage: dict[str, list[Stay]] = {}
        for stay in stays:
            if stay.stage is not None:
                by_stage.setdefault(stay.stage, []).append(stay)
        for stage, own in by_stage.items():
            ever[stage] += 1
            known = [s.since for s in own if s.since is not None]
            first = min(known) if len(known) == len(own) else None
            for later in STAGE_NAMES[STAGE_NAMES.index(stage) + 1:]:
                if any(_starts_after(s.since, first) for s in by_stage.get(later, ())):
                    reached[stage][later] += 1
            if firm in reached_park_firms:
                reached[stage][PARK_STAGE] += 1
        if firm in reached_park_firms and by_stage:
            ever[PARK_STAGE] += 1
    return [FunnelStage(s, ever[s], reached[s]) for s in stages]


def _starts_after(since: date | None, first: date | None) -> bool:
    return since is None or first is None or since >= first


def conversion(rows: list[FunnelStage]) -> list[Conversion]:
    """Stage-to-stage conversion from funnel rows (consecutive stages).

    Examples
    --------
    >>> rows = [FunnelStage("Makerspace", 4, {"Incubator": 1}),
    ...         FunnelStage("Incubator", 0, {"Accelerator": 0}), FunnelStage("Accelerator", 2)]
    >>> [(c.from_stage, c.to_stage, c.rate) for c in conversion(rows)]
    [('Makerspace', 'Incubator', 0.25), ('Incubator', 'Accelerator', None)]
    """
    result: list[Conversion] = []
    for row, nxt in pairwise(rows):
        converted = row.reached.get(nxt.stage, 0)
        rate = converted / row.firms if row.firms else None
        result.append(Conversion(row.stage, nxt.stage, row.firms, converted, rate))
    return result


def skips(cohort_stays: dict[str, tuple[Stay, ...]]) -> list[Skip]:
    """Consecutive stays (by ``since``) that jump over at least one stage.

    Examples
    --------
    >>> m = Stay("f", "m", "Makerspace", date(2020, 1, 1), None, None, "active", None, "1")
    >>> a = Stay("f", "a", "Accelerator", date(2021, 1, 1), None, None, "active", None, "2")
    >>> [(s.from_stage, s.to_stage, s.skipped) for s in skips({"f": (m, a)})]
    [('Makerspace', 'Accelerator', ('Incubator',))]
    """
    result: list[Skip] = []
    for firm, stays in sorted(cohort_stays.items()):
        staged = [s for s in stays if s.since is not None and stage_index(s.stage) is not None]
        for prev, nxt in pairwise(staged):
            i, j = stage_index(prev.stage), stage_index(nxt.stage)
            if i is None or j is None or prev.stage is None or nxt.stage is None:
                continue
            if j - i >= 2:
                result.append(Skip(firm, prev.carrier, nxt.carrier, prev.stage, nxt.stage,
                                   STAGE_NAMES[i + 1:j]))
    return result
