"""Multi-year incubation histories: makerspace → incubator → accelerator.

A history starts soon after the firm is founded, mostly in a makerspace,
sometimes straight in an incubator. Each stay ends in graduation or exit (or
is still active at :data:`~ecograph.synth.rates.REF_DATE`); a graduate moves on
to the next stage with the carrier's hand-off propensity, usually within a
year (a handoff), sometimes later, sometimes skipping a stage.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from ecograph.synth.rates import GRADUATION, HANDOFF_GAP_DAYS, REF_DATE, RELOCATION

__all__ = ["STAGES", "CarrierSet", "Stay", "history", "next_stay", "reroute"]

STAGES: tuple[str, ...] = ("Makerspace", "Incubator", "Accelerator")


@dataclass(frozen=True, slots=True)
class Stay:
    """One ``INCUBATED_IN`` row: carrier, since, until (or ``None``), outcome."""

    carrier: str
    since: date
    until: date | None
    outcome: str


#: Carriers of one park per stage: ``(id, hand-off propensity)`` pairs.
CarrierSet = tuple[list[tuple[str, float]], list[tuple[str, float]], list[tuple[str, float]]]


def history(rng: random.Random, founded: date, carriers: CarrierSet, *,
            moved_away: bool) -> list[Stay]:
    """Draw one firm's stays through the carriers of a park.

    ``moved_away`` firms (located outside this park today) keep only ended
    stays: a still-active last stay is dropped.

    Examples
    --------
    >>> cs: CarrierSet = ([("MS1", 1.0)], [("INC1", 1.0)], [("ACC1", 1.0)])
    >>> stays = history(random.Random(4), date(2015, 3, 1), cs, moved_away=False)
    >>> [s.carrier for s in stays][:1] in (["MS1"], ["INC1"])
    True
    >>> all(s.until is None or s.until >= s.since for s in stays)
    True
    """
    start_roll = rng.random()
    stage = 0 if start_roll < 0.62 else 1 if start_roll < 0.95 else 2
    while stage < 3 and not carriers[stage]:
        stage += 1
    since = founded + timedelta(days=rng.randrange(0, 240))
    stays: list[Stay] = []
    while stage < 3:
        carrier, propensity = carriers[stage][rng.randrange(len(carriers[stage]))]
        median, p_grad = GRADUATION[STAGES[stage]]
        dwell = max(60, int(rng.lognormvariate(math.log(median), 0.45)))
        until = since + timedelta(days=dwell)
        if since > REF_DATE:
            break
        if until > REF_DATE:
            stays.append(Stay(carrier, since, None, "active"))
            break
        graduated = rng.random() < p_grad
        stays.append(Stay(carrier, since, until, "graduated" if graduated else "exited"))
        if not graduated or stage == 2:
            break
        roll = rng.random()
        if roll < propensity:
            nxt = stage + 1
        elif stage == 0 and roll < propensity + 0.08:
            nxt = 2  # a skip: makerspace straight to accelerator
        else:
            break
        while nxt < 3 and not carriers[nxt]:
            nxt += 1
        if nxt >= 3:
            break
        late = rng.random() < 0.08
        gap = rng.randint(400, 800) if late else rng.randint(*HANDOFF_GAP_DAYS)
        since = until + timedelta(days=gap)
        stage = nxt
    if moved_away and stays and stays[-1].until is None:
        stays.pop()
    return stays


def _stage_of(carrier: str) -> int:
    return next((i for i, kind in enumerate(("MS", "INC", "ACC")) if carrier.startswith(kind)), 2)


def next_stay(rng: random.Random, stays: list[Stay], carriers: CarrierSet) -> Stay | None:
    """A next-stage stay in ``carriers`` for a history ending in a graduation, or ``None``.

    Only a makerspace or incubator graduate gets one; it starts within
    ``HANDOFF_GAP_DAYS`` of the graduation (a handoff) and is drawn like any
    stay of that stage.

    Examples
    --------
    >>> s = [Stay("MS1", date(2019, 1, 1), date(2020, 1, 1), "graduated")]
    >>> next_stay(random.Random(1), s, ([], [("INC9", 0.5)], [])).carrier
    'INC9'
    >>> next_stay(random.Random(1), s, ([], [], [])) is None
    True
    """
    if not stays or stays[-1].outcome != "graduated" or stays[-1].until is None:
        return None
    last = stays[-1]
    stage = _stage_of(last.carrier)
    assert last.until is not None
    if stage >= 2 or not carriers[stage + 1]:
        return None
    carrier = carriers[stage + 1][rng.randrange(len(carriers[stage + 1]))][0]
    since = last.until + timedelta(days=rng.randint(*HANDOFF_GAP_DAYS))
    if since > REF_DATE:
        return None
    median, p_grad = GRADUATION[STAGES[stage + 1]]
    until = since + timedelta(days=max(60, int(rng.lognormvariate(math.log(median), 0.45))))
    if until > REF_DATE:
        return Stay(carrier, since, None, "active")
    return Stay(carrier, since, until, "graduated" if rng.random() < p_grad else "exited")


def reroute(rng: random.Random, stays: list[Stay], home: CarrierSet | None) -> list[Stay]:
    """Adjust the stays of a firm that was incubated in another park than its own.

    Such a firm moved away: an ``exited`` stay becomes ``relocated`` (moved
    away before graduating) with probability ``RELOCATION["relocated"]``; a
    graduate of a makerspace or incubator whose history ends there is, with
    probability ``RELOCATION["outside_handoff"]``, taken on by a carrier of
    the next stage in its own park ``home`` (a handoff out of the park it
    graduated from: leakage there).

    Examples
    --------
    >>> s = [Stay("MS1", date(2019, 1, 1), date(2020, 1, 1), "graduated")]
    >>> home: CarrierSet = ([], [("INC9", 0.5)], [])
    >>> [x.carrier for x in reroute(random.Random(1), s, home)]
    ['MS1', 'INC9']
    >>> s = [Stay("MS1", date(2019, 1, 1), date(2020, 1, 1), "exited")]
    >>> reroute(random.Random(1), s, None)[0].outcome
    'relocated'
    """
    out = [Stay(s.carrier, s.since, s.until, "relocated")
           if s.outcome == "exited" and rng.random() < RELOCATION["relocated"] else s
           for s in stays]
    if home is None or not out or out[-1].outcome != "graduated":
        return out
    if rng.random() >= RELOCATION["outside_handoff"]:
        return out
    stay = next_stay(rng, out, home)
    return out if stay is None else [*out, stay]
