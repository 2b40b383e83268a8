"""Per-carrier incubation figures, the handoff network and successor gaps.

Per carrier (``metrics.md`` §2), over its stays (a stay starting after
``as_of`` does not count): ``entrants`` (stays entering it), ``active``,
``graduates``, ``exits``, ``relocated`` (stays by status at ``as_of``);
``handed_off``, ``retained``, ``leaked`` (graduates by fate, see
:mod:`ecograph.analysis.incubation.fates`);

- ``graduation_rate`` = graduates / (graduates + exits + relocated);
- ``handoff_rate`` = handed_off / graduates;
- ``retention_rate`` = (handed_off + retained) / graduates;
- ``leakage`` = leaked + relocated;
- ``median_dwell_days`` over ended stays with both dates, ``median_gap_days``
  (``until`` → next ``since``) over its handoffs.

Every rate is also under ``ratios`` with its numerator and denominator; a zero
denominator gives None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from ecograph.analysis.incubation.fates import GraduateFate
from ecograph.analysis.incubation.stays import Stay
from ecograph.analysis.ratios import Ratio, make_ratio

__all__ = [
    "CarrierFigures",
    "HandoffGap",
    "NetworkEdge",
    "SuccessorGap",
    "carrier_figures",
    "handoff_network",
    "successor_gaps",
]

_ACCELERATOR = "Accelerator"
_FEEDERS = ("Makerspace", "Incubator")


@dataclass(frozen=True)
class CarrierFigures:
    """Per-carrier figures; rates and medians are None on zero denominators."""

    carrier: str
    name: str | None
    stage: str | None
    level: str | None
    entrants: int
    active: int
    graduates: int
    exits: int
    relocated: int
    handed_off: int
    retained: int
    leaked: int
    graduation_rate: float | None
    handoff_rate: float | None
    retention_rate: float | None
    leakage: int
    median_dwell_days: float | None
    median_gap_days: float | None
    ratios: dict[str, Ratio] = field(default_factory=dict)

    @property
    def handoffs(self) -> int:
        """Graduates handed off (the v1 name of :attr:`handed_off`)."""
        return self.handed_off

    @property
    def stayed_in_park(self) -> int:
        """Graduates retained in the park (the v1 name of :attr:`retained`)."""
        return self.retained


@dataclass(frozen=True)
class NetworkEdge:
    """Weighted carrier → carrier handoff edge (weight = number of handoffs)."""

    source: str
    target: str
    weight: int
    source_stage: str
    target_stage: str


@dataclass(frozen=True)
class SuccessorGap:
    """A carrier whose graduates find no successor in the park.

    Stage 1 or 2: none of its graduates was handed off to a later-stage carrier
    of the park; accelerator: none of its graduates was retained.
    """

    carrier: str
    name: str | None
    stage: str | None
    graduates: int
    handed_off: int
    retained: int
    reason: str


#: The v1 name of :class:`SuccessorGap`.
HandoffGap = SuccessorGap


def _median(values: Iterable[int]) -> float | None:
    known = list(values)
    return float(median(known)) if known else None


def carrier_figures(
    carrier: str,
    attrs: dict[str, object],
    stage: str | None,
    own: list[Stay],
    fates: list[GraduateFate],
) -> CarrierFigures:
    """Return the figures of one carrier from its stays and its graduates' fates.

    Examples
    --------
    >>> from datetime import date
    >>> s = [Stay("f", "a", "Accelerator", date(2020, 1, 1), date(2020, 7, 1), "graduated",
    ...           "graduated", 182, "k1"),
    ...      Stay("x", "a", "Accelerator", None, None, "exited", "exited", None, "k2")]
    >>> fate = GraduateFate("f", "a", "Accelerator", None, date(2020, 7, 1), "retained",
    ...                     None, None, None, None)
    >>> row = carrier_figures("a", {"name": "A"}, "Accelerator", s, [fate])
    >>> row.graduation_rate, row.handoff_rate, row.retention_rate, row.median_dwell_days
    (0.5, 0.0, 1.0, 182.0)
    >>> row.ratios["graduation_rate"]
    Ratio(value=0.5, numerator=1.0, denominator=2.0)
    """
    counts = Counter(s.status for s in own)
    graduates, exits, relocated = counts["graduated"], counts["exited"], counts["relocated"]
    by_fate = Counter(f.fate for f in fates)
    handed, retained, leaked = by_fate["handed_off"], by_fate["retained"], by_fate["leaked"]
    ratios = {
        "graduation_rate": make_ratio(graduates, graduates + exits + relocated),
        "handoff_rate": make_ratio(handed, graduates),
        "retention_rate": make_ratio(handed + retained, graduates),
    }
    name, level = attrs.get("name"), attrs.get("level")
    return CarrierFigures(
        carrier=carrier,
        name=name if isinstance(name, str) else None,
        stage=stage,
        level=level if isinstance(level, str) else None,
        entrants=len(own),
        active=counts["active"],
        graduates=graduates,
        exits=exits,
        relocated=relocated,
        handed_off=handed,
        retained=retained,
        leaked=leaked,
        graduation_rate=ratios["graduation_rate"].value,
        handoff_rate=ratios["handoff_rate"].value,
        retention_rate=ratios["retention_rate"].value,
        leakage=leaked + relocated,
        median_dwell_days=_median(s.dwell_days for s in own
                                  if s.status != "active" and s.dwell_days is not None),
        median_gap_days=_median(f.gap_days for f in fates
                                if f.fate == "handed_off" and f.gap_days is not None),
        ratios=ratios,
    )


def handoff_network(fates: Iterable[GraduateFate]) -> list[NetworkEdge]:
    """Aggregate handoffs into weighted directed carrier → carrier edges.

    Examples
    --------
    >>> h = GraduateFate("f", "m", "Makerspace", None, None, "handed_off", "i", "Incubator",
    ...                  3, None)
    >>> [(e.source, e.target, e.weight) for e in handoff_network([h, h])]
    [('m', 'i', 2)]
    """
    weights: Counter[tuple[str, str, str, str]] = Counter()
    for f in fates:
        if f.fate == "handed_off" and f.to_carrier is not None:
            weights[(f.carrier, f.to_carrier, f.stage or "", f.to_stage or "")] += 1
    return [NetworkEdge(s, t, w, ss, ts) for (s, t, ss, ts), w in sorted(weights.items())]


def successor_gaps(rows: Iterable[CarrierFigures]) -> list[SuccessorGap]:
    """Carriers of stage 1 or 2 that handed off no graduate; accelerators that retained none.

    A carrier without graduates is listed too (none of its graduates found a
    successor), with the reason ``no graduates``.

    Examples
    --------
    >>> from datetime import date
    >>> s = Stay("f", "m", "Makerspace", None, date(2020, 1, 1), "graduated", "graduated",
    ...          None, "k")
    >>> m = carrier_figures("m", {}, "Makerspace", [s], [GraduateFate(
    ...     "f", "m", "Makerspace", None, date(2020, 1, 1), "retained", None, None, None, None)])
    >>> [(g.carrier, g.reason) for g in successor_gaps([m])]
    [('m', '1 名毕业企业均未接续到园内后续载体 / 1 graduate, none handed off in the park')]
    """
    gaps: list[SuccessorGap] = []
    for row in rows:
        g = row.graduates
        if row.stage in _FEEDERS and row.handed_off == 0:
            reason = (f"{g} 名毕业企业均未接续到园内后续载体 / {g} graduate"
                      f"{'' if g == 1 else 's'}, none handed off in the park")
        elif row.stage == _ACCELERATOR and row.retained == 0:
            reason = (f"{g} 名毕业企业均未留园 / {g} graduate"
                      f"{'' if g == 1 else 's'}, none retained in the park")
        else:
            continue
        if g == 0:
            reason = "暂无毕业企业 / no graduates"
        gaps.append(SuccessorGap(row.carrier, row.name, row.stage, g, row.handed_off,
                                 row.retained, reason))
    return gaps
