"""Per-carrier incubation figures, the handoff network, gaps and eligible firms.

Helpers of :func:`ecograph.analysis.incubation.handoffs.incubation_handoffs`; the
definitions are in that module's docstring and in ``metrics.md`` §2.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from statistics import median

import networkx as nx

from ecograph.analysis.common import ratio
from ecograph.analysis.incubation.flow import Handoff, find_handoff
from ecograph.analysis.incubation.graduation import graduation_check
from ecograph.analysis.incubation.stays import Stay, StayIndex, stage_index
from ecograph.vocab import Label, Outcome

__all__ = [
    "CarrierFigures",
    "EligibleFirm",
    "HandoffGap",
    "NetworkEdge",
    "carrier_figures",
    "eligible_firms",
    "handoff_gaps",
    "handoff_network",
]

_ACCELERATOR = str(Label.Accelerator)


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
    graduation_rate: float | None
    handoffs: int
    handoff_rate: float | None
    median_dwell_days: float | None
    median_gap_days: float | None
    stayed_in_park: int
    leakage: int


@dataclass(frozen=True)
class NetworkEdge:
    """Weighted carrier → carrier handoff edge (weight = number of handoffs)."""

    source: str
    target: str
    weight: int
    source_stage: str
    target_stage: str


@dataclass(frozen=True)
class HandoffGap:
    """A carrier below the accelerator stage that hands no graduate to an accelerator."""

    carrier: str
    name: str | None
    stage: str | None
    graduates: int
    handoffs: int
    reason: str


@dataclass(frozen=True)
class EligibleFirm:
    """A currently incubated firm meeting at least one graduation criterion."""

    firm: str
    name: str | None
    carriers: tuple[str, ...]
    criteria: tuple[str, ...]
    financing_wan: float
    revenue_wan: float | None
    evidence: tuple[str, ...]


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None


def carrier_figures(
    graph: nx.MultiDiGraph,
    carrier: str,
    stage: str | None,
    own: list[Stay],
    index: StayIndex,
    window_days: int,
    park_carriers: set[str],
    in_park: Callable[[str, date | None], bool],
) -> tuple[CarrierFigures, list[Handoff]]:
    """Return the figures of one carrier and the handoffs from it.

    ``own`` are the carrier's stays; ``in_park(firm, after)`` says whether the
    firm is still ``LOCATED_IN`` the park after ``after``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Accelerator", labels=frozenset({"Accelerator"}))
    >>> _ = g.add_edge("f", "a", type="INCUBATED_IN", since="2020-01-01",
    ...                until="2020-07-01", outcome="graduated")
    >>> _ = g.add_edge("x", "a", type="INCUBATED_IN", outcome="exited")
    >>> idx = StayIndex(g, ["a"], today=date(2024, 1, 1))
    >>> row, hs = carrier_figures(g, "a", "Accelerator", idx.of_carrier("a"), idx, 365,
    ...                           {"a"}, lambda firm, after: firm == "f")
    >>> row.graduation_rate, row.handoff_rate, row.median_dwell_days, hs[0].kind
    (0.5, 1.0, 182.0, 'to_park')
    """
    counts = Counter(s.status for s in own)
    graduates = counts[str(Outcome.graduated)]
    exits = counts[str(Outcome.exited)]
    handoffs: list[Handoff] = []
    stayed = leaked = 0
    for stay in own:
        if stay.outcome != str(Outcome.graduated):
            continue
        remains = in_park(stay.firm, stay.until)
        handoff = find_handoff(stay, index, window_days=window_days,
                               park_carriers=park_carriers, in_park=remains)
        if handoff is not None:
            handoffs.append(handoff)
        elif remains:
            stayed += 1
        else:
            leaked += 1
    attrs = graph.nodes[carrier]
    row = CarrierFigures(
        carrier=carrier,
        name=attrs.get("name"),
        stage=stage,
        level=attrs.get("level"),
        entrants=len(own),
        active=counts[str(Outcome.active)],
        graduates=graduates,
        exits=exits,
        graduation_rate=ratio(graduates, graduates + exits),
        handoffs=len(handoffs),
        handoff_rate=ratio(len(handoffs), graduates),
        median_dwell_days=_median([s.dwell_days for s in own if s.dwell_days is not None]),
        median_gap_days=_median([h.gap_days for h in handoffs if h.gap_days is not None]),
        stayed_in_park=stayed,
        leakage=leaked,
    )
    return row, handoffs


def handoff_network(handoffs: list[Handoff]) -> list[NetworkEdge]:
    """Aggregate carrier-to-carrier handoffs into weighted directed edges.

    Examples
    --------
    >>> h = Handoff("f", "m", "i", "Makerspace", "Incubator", 3, "carrier", True)
    >>> [(e.source, e.target, e.weight) for e in handoff_network([h, h])]
    [('m', 'i', 2)]
    """
    weights: Counter[tuple[str, str, str, str]] = Counter()
    for h in handoffs:
        if h.to_carrier is not None:
            weights[(h.from_carrier, h.to_carrier, h.from_stage, h.to_stage)] += 1
    return [NetworkEdge(s, t, w, ss, ts) for (s, t, ss, ts), w in sorted(weights.items())]


def handoff_gaps(rows: list[CarrierFigures], handoffs: list[Handoff]) -> list[HandoffGap]:
    """List the carriers below the accelerator stage that hand no graduate to one.

    Examples
    --------
    >>> row = CarrierFigures("m", None, "Makerspace", None, 2, 0, 2, 0, 1.0, 0, 0.0,
    ...                      None, None, 0, 2)
    >>> [(g.carrier, g.reason) for g in handoff_gaps([row], [])]
    [('m', '2 graduates, none handed to an accelerator')]
    >>> one = CarrierFigures("m", None, "Makerspace", None, 1, 0, 1, 0, 1.0, 0, 0.0,
    ...                      None, None, 0, 1)
    >>> handoff_gaps([one], [])[0].reason
    '1 graduate, none handed to an accelerator'
    """
    feeds_accelerator = {h.from_carrier for h in handoffs if h.to_stage == _ACCELERATOR}
    gaps: list[HandoffGap] = []
    for row in rows:
        idx = stage_index(row.stage)
        if idx is None or row.stage == _ACCELERATOR or row.carrier in feeds_accelerator:
            continue
        noun = "graduate" if row.graduates == 1 else "graduates"
        reason = (f"{row.graduates} {noun}, none handed to an accelerator"
                  if row.graduates else "no graduates")
        gaps.append(
            HandoffGap(row.carrier, row.name, row.stage, row.graduates, row.handoffs, reason))
    return gaps


def eligible_firms(graph: nx.MultiDiGraph, stays: list[Stay], today: date) -> list[EligibleFirm]:
    """Firms with an active stay among ``stays`` that meet a graduation criterion.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("f", name="F", qualifications=["HighTechEnterprise"])
    >>> s = Stay("f", "i", "Incubator", None, None, None, "active", None, "k")
    >>> [(e.firm, e.criteria) for e in eligible_firms(g, [s], date(2024, 1, 1))]
    [('f', ('HighTechEnterprise',))]
    """
    current: dict[str, list[str]] = {}
    for stay in stays:
        if stay.status == str(Outcome.active):
            current.setdefault(stay.firm, []).append(stay.carrier)
    result: list[EligibleFirm] = []
    for firm in sorted(current):
        check = graduation_check(graph, firm, today=today)
        if check.eligible:
            name = graph.nodes[firm].get("name") if firm in graph else None
            result.append(EligibleFirm(firm, name, tuple(sorted(set(current[firm]))),
                                       check.criteria, check.financing_wan, check.revenue_wan,
                                       check.evidence))
    return result
