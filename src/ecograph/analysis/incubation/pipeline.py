"""The park's incubation pipeline, stage conversion without censoring, and skips.

Definitions (``metrics.md`` §2), over the *cohort* (firms with a stay in the
scoped carriers) and each firm's stays in carriers **of the park** with a
known stage, ordered by ``since`` (unknown last):

- **Entry stage**: the stage of the firm's first such stay.
- **Path**: the entry stage, then each later stay whose stage is beyond the
  last one on the path (moves back are not steps), then where the firm is at
  ``as_of``: ``incubating`` (an active stay in a carrier of the park),
  ``park`` (retained: otherwise a park firm at ``as_of``) or ``left`` (离园).
- **Pipeline**, per entry stage: ``firms``, ``reached`` (firms whose path
  contains each later stage), and the end states ``incubating``, ``retained``,
  ``left`` (they add up to ``firms``); ``flows`` are the path steps counted
  per entry stage, so no flow is wider than the node it leaves.
- **Conversion** from stage k to k + 1 (and Accelerator → park) counts only
  firms with an *ended* stay at stage k (no right-censoring): converted when a
  stay of stage k + 1 starts on or after the start of that stay (unknown dates
  do not block) or, for the park, when the firm is retained.
- A **skip** is a pair of consecutive stays (known start and stage) that
  jumps over at least one stage, e.g. Makerspace straight to Accelerator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from ecograph.analysis.incubation.stays import PARK_STAGE, STAGE_NAMES, Stay, stage_index
from ecograph.analysis.ratios import Ratio, make_ratio

__all__ = [
    "END_STATES",
    "Conversion",
    "PipelineFlow",
    "PipelineRow",
    "Skip",
    "conversion",
    "firm_path",
    "pipeline",
    "skips",
]

#: Where a firm of the pipeline is at ``as_of``.
END_STATES: tuple[str, ...] = ("incubating", PARK_STAGE, "left")


@dataclass(frozen=True)
class PipelineRow:
    """Firms entering the park's carriers at ``entry_stage`` and where they went."""

    entry_stage: str
    firms: int
    reached: dict[str, int]
    incubating: int
    retained: int
    left: int


@dataclass(frozen=True)
class PipelineFlow:
    """``firms`` of entry stage ``entry_stage`` stepping from ``source`` to ``target``."""

    entry_stage: str
    source: str
    target: str
    firms: int


@dataclass(frozen=True)
class Conversion:
    """Firms with an ended stay at ``from_stage`` (``firms``) that reached ``to_stage``."""

    from_stage: str
    to_stage: str
    firms: int
    converted: int
    rate: float | None
    ratio: Ratio = field(default_factory=lambda: make_ratio(0, 0))


@dataclass(frozen=True)
class Skip:
    """Consecutive stays of a firm that jump over at least one stage."""

    firm: str
    from_carrier: str
    to_carrier: str
    from_stage: str
    to_stage: str
    skipped: tuple[str, ...]


def _staged(stays: tuple[Stay, ...]) -> list[Stay]:
    return [s for s in stays if stage_index(s.stage) is not None and s.stage in STAGE_NAMES]


def firm_path(stays: tuple[Stay, ...], retained: bool) -> tuple[str, ...]:
    """Return a firm's path through the stages of the park's carriers and its end state.

    ``stays`` are the firm's stays in carriers of the park, by ``since``;
    ``retained`` says whether it is a park firm at ``as_of``.

    Examples
    --------
    >>> m = Stay("f", "m", "Makerspace", date(2020, 1, 1), date(2020, 6, 1), "graduated",
    ...          "graduated", 152, "1")
    >>> a = Stay("f", "a", "Accelerator", date(2021, 1, 1), None, None, "active", None, "2")
    >>> firm_path((m, a), True)
    ('Makerspace', 'Accelerator', 'incubating')
    >>> firm_path((m,), False)
    ('Makerspace', 'left')
    """
    staged = _staged(stays)
    if not staged:
        return ()
    path = [str(staged[0].stage)]
    for stay in staged[1:]:
        if (stage_index(stay.stage) or 0) > (stage_index(path[-1]) or 0):
            path.append(str(stay.stage))
    if any(s.status == "active" for s in staged):
        path.append("incubating")
    else:
        path.append(PARK_STAGE if retained else "left")
    return tuple(path)


def pipeline(
    paths: Mapping[str, tuple[str, ...]],
) -> tuple[list[PipelineRow], list[PipelineFlow]]:
    """Return the pipeline rows (one per entry stage) and its flows from firm paths.

    Examples
    --------
    >>> rows, flows = pipeline({"f": ("Makerspace", "Incubator", "park"),
    ...                         "g": ("Makerspace", "left"), "h": ("Incubator", "incubating")})
    >>> [(r.entry_stage, r.firms, r.reached, r.retained, r.left) for r in rows[:2]]
    [('Makerspace', 2, {'Incubator': 1, 'Accelerator': 0}, 1, 1), ('Incubator', 1, \
{'Accelerator': 0}, 0, 0)]
    >>> [(f.source, f.target, f.firms) for f in flows if f.entry_stage == "Makerspace"]
    [('Incubator', 'park', 1), ('Makerspace', 'Incubator', 1), ('Makerspace', 'left', 1)]
    """
    rows: list[PipelineRow] = []
    steps: Counter[tuple[str, str, str]] = Counter()
    for i, entry in enumerate(STAGE_NAMES):
        own = [p for p in paths.values() if p and p[0] == entry]
        reached = {later: sum(1 for p in own if later in p) for later in STAGE_NAMES[i + 1:]}
        ends = Counter(p[-1] for p in own)
        rows.append(PipelineRow(entry, len(own), reached, ends["incubating"], ends[PARK_STAGE],
                                ends["left"]))
        for p in own:
            for a, b in pairwise(p):
                steps[(entry, a, b)] += 1
    flows = [PipelineFlow(e, a, b, n) for (e, a, b), n in sorted(steps.items(), key=lambda kv: (
        STAGE_NAMES.index(kv[0][0]), kv[0][1], kv[0][2]))]
    return rows, flows


def conversion(
    cohort: Mapping[str, tuple[Stay, ...]], retained: Callable[[str], bool],
) -> list[Conversion]:
    """Stage-to-stage conversion over firms whose stay at the earlier stage has ended.

    ``cohort`` maps each firm to its stays in carriers of the park;
    ``retained(firm)`` says whether the firm is a park firm at ``as_of``.

    Examples
    --------
    >>> m1 = Stay("f", "m", "Makerspace", date(2020, 1, 1), date(2020, 6, 1), "graduated",
    ...           "graduated", 152, "1")
    >>> i1 = Stay("f", "i", "Incubator", date(2020, 9, 1), None, None, "active", None, "2")
    >>> m2 = Stay("g", "m", "Makerspace", date(2021, 1, 1), None, None, "active", None, "3")
    >>> [(c.to_stage, c.converted, c.firms) for c in conversion({"f": (m1, i1), "g": (m2,)},
    ...                                                         lambda firm: False)]
    [('Incubator', 1, 1), ('Accelerator', 0, 0), ('park', 0, 0)]
    """
    targets = (*STAGE_NAMES[1:], PARK_STAGE)
    result: list[Conversion] = []
    for stage, nxt in zip(STAGE_NAMES, targets, strict=True):
        firms = converted = 0
        for firm, stays in cohort.items():
            ended = [s for s in stays if s.stage == stage and s.status != "active"]
            if not ended:
                continue
            firms += 1
            if nxt == PARK_STAGE:
                hit = retained(firm) and not any(s.status == "active" for s in stays)
            else:
                starts = [s.since for s in ended]
                first = None if any(d is None for d in starts) else min(
                    d for d in starts if d is not None)
                hit = any(s.stage == nxt and _on_or_after(s.since, first) for s in stays)
            converted += hit
        share = make_ratio(converted, firms)
        result.append(Conversion(stage, nxt, firms, converted, share.value, share))
    return result


def _on_or_after(since: date | None, first: date | None) -> bool:
    return since is None or first is None or since >= first


def skips(cohort: Mapping[str, tuple[Stay, ...]]) -> list[Skip]:
    """Consecutive stays (by ``since``) that jump over at least one stage.

    Examples
    --------
    >>> m = Stay("f", "m", "Makerspace", date(2020, 1, 1), None, None, "active", None, "1")
    >>> a = Stay("f", "a", "Accelerator", date(2021, 1, 1), None, None, "active", None, "2")
    >>> [(s.from_stage, s.to_stage, s.skipped) for s in skips({"f": (m, a)})]
    [('Makerspace', 'Accelerator', ('Incubator',))]
    """
    result: list[Skip] = []
    for firm, stays in sorted(cohort.items()):
        staged = [s for s in _staged(stays) if s.since is not None]
        for prev, nxt in pairwise(staged):
            i, j = stage_index(prev.stage), stage_index(nxt.stage)
            if i is None or j is None or prev.stage is None or nxt.stage is None:
                continue
            if j - i >= 2:
                result.append(Skip(firm, prev.carrier, nxt.carrier, prev.stage, nxt.stage,
                                   STAGE_NAMES[i + 1:j]))
    return result
