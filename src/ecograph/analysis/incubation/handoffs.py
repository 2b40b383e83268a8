"""Incubation handoffs for a park or one carrier (``metrics.md`` §2).

Stays, handoffs and the park funnel are defined in
:mod:`ecograph.analysis.incubation.stays` and
:mod:`ecograph.analysis.incubation.flow`; graduation criteria in
:mod:`ecograph.analysis.incubation.graduation`. Here they are put together per carrier
and per park.

Scope: the carriers ``LOCATED_IN`` the park or its sub-parks; with
``carrier=X`` only X. The *cohort* is every firm with a stay in a scoped
carrier; the funnel, conversion and skips follow the cohort through the
park's carriers.

Per carrier: ``entrants`` (stays entering it), ``active``, ``graduates``,
``exits``, ``graduation_rate`` = graduates / (graduates + exits),
``handoff_rate`` = handoffs / graduates, ``median_dwell_days`` (stays with
both dates), ``median_gap_days`` (carrier-to-carrier handoffs), ``stayed_in_park``
(graduates without a handoff still ``LOCATED_IN`` the park) and ``leakage``
(graduates that neither hand off nor stay in the park). Zero denominators
give ``None``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.common import (
    has_label,
    is_current,
    park_closure,
    park_members,
    require_node,
    resolve_as_of,
    to_plain,
)
from ecograph.analysis.incubation.carriers import (
    CarrierFigures,
    EligibleFirm,
    HandoffGap,
    NetworkEdge,
    carrier_figures,
    eligible_firms,
    handoff_gaps,
    handoff_network,
)
from ecograph.analysis.incubation.flow import (
    Conversion,
    FunnelStage,
    Handoff,
    Skip,
    conversion,
    funnel,
    reached_park,
    skips,
)
from ecograph.analysis.incubation.graduation import GRADUATION_RULES
from ecograph.analysis.incubation.stays import (
    STAGE_NAMES,
    Stay,
    StayIndex,
    carrier_stage,
    remains_in_park,
    stage_index,
)
from ecograph.errors import NotFoundError, ParameterError
from ecograph.vocab import Label, RelType

__all__ = [
    "CarrierFigures",
    "EligibleFirm",
    "HandoffGap",
    "IncubationReport",
    "NetworkEdge",
    "incubation_handoffs",
]

logger = logging.getLogger(__name__)


_LOCATED_AT = str(RelType.LOCATED_IN)


@dataclass(frozen=True)
class IncubationReport:
    """Everything ``metrics.md`` §2 asks for, as plain frozen data."""

    params: dict[str, Any]
    stays: list[Stay]
    handoffs: list[Handoff]
    carriers: list[CarrierFigures]
    funnel: list[FunnelStage]
    conversion: list[Conversion]
    skips: list[Skip]
    network: list[NetworkEdge]
    gaps: list[HandoffGap]
    graduation_eligible: list[EligibleFirm]

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (dates as ISO strings).

        Examples
        --------
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
        >>> r = incubation_handoffs(g, "P", today=date(2024, 1, 1))
        >>> r.to_dict()["params"]["today"], r.to_dict()["stays"]
        ('2024-01-01', [])
        """
        result: dict[str, Any] = to_plain(self)
        return result


def _scope(
    graph: nx.MultiDiGraph, park: str | None, carrier: str | None
) -> tuple[set[str], set[str], list[str]]:
    """Return (park ids in closure, park carriers, scoped carriers)."""
    if park is None and carrier is None:
        raise ParameterError("incubation analysis needs a park or a carrier")
    if carrier is not None:
        require_node(graph, carrier, Label.IncubationCarrier)
    if park is not None:
        roots = [park]
    else:
        located = str(RelType.LOCATED_IN)
        roots = sorted({t for _, t, a in graph.out_edges(carrier, data=True)
                        if a.get("type") == located and has_label(graph, t, Label.Park)})
    parks: set[str] = set()
    members: set[str] = set()
    for root in roots:
        parks |= park_closure(graph, root)
        members |= park_members(graph, root)
    park_carriers = {m for m in members if has_label(graph, m, Label.IncubationCarrier)}
    if carrier is not None:
        if park is not None and carrier not in park_carriers:
            raise NotFoundError(f"carrier {carrier!r} is not located in park {park!r}")
        park_carriers.add(carrier)
        return parks, park_carriers, [carrier]
    return parks, park_carriers, sorted(park_carriers, key=lambda c: _carrier_sort(graph, c))


def _carrier_sort(graph: nx.MultiDiGraph, carrier: str) -> tuple[int, str]:
    idx = stage_index(carrier_stage(graph, carrier))
    return (len(STAGE_NAMES) if idx is None else idx, carrier)


def incubation_handoffs(
    graph: nx.MultiDiGraph,
    park: str | None = None,
    *,
    carrier: str | None = None,
    window_days: int = 365,
    today: date | None = None,
    as_of: date | str | None = None,
) -> IncubationReport:
    """Compute incubation handoffs for a park (and its sub-parks) or one carrier.

    Parameters
    ----------
    graph
        The NetworkX projection (``docs/design.md``).
    park
        Park id; its carriers are the ``IncubationCarrier`` organisations
        ``LOCATED_IN`` it or its sub-parks. May be None when ``carrier`` is
        given (the carrier's own parks are then the park).
    carrier
        Restrict the figures to this carrier (must lie in ``park`` if given).
    window_days
        Longest gap (days, inclusive) from graduation to the next stay.
    today
        Reference date for active stays and investments (default: today).
    as_of
        The same reference date under the name every analysis uses
        (metrics.md section 0); wins over ``today`` when both are given.

    Returns
    -------
    IncubationReport

    Raises
    ------
    NotFoundError
        Unknown park or carrier, or a carrier outside the park.
    ParameterError
        Neither park nor carrier given, or a negative window.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> for c, lab in [("m", "Makerspace"), ("i", "Incubator")]:
    ...     g.add_node(c, label=lab, labels=frozenset({"Organization", "IncubationCarrier", lab}))
    ...     _ = g.add_edge(c, "P", type="LOCATED_IN")
    >>> _ = g.add_edge("f", "m", type="INCUBATED_IN", since="2020-01-01",
    ...                until="2020-12-31", outcome="graduated")
    >>> _ = g.add_edge("f", "i", type="INCUBATED_IN", since="2021-03-01", outcome="active")
    >>> r = incubation_handoffs(g, "P", today=date(2024, 1, 1))
    >>> [(h.from_carrier, h.to_carrier, h.gap_days) for h in r.handoffs]
    [('m', 'i', 60)]
    >>> [(c.carrier, c.graduates, c.handoff_rate) for c in r.carriers]
    [('m', 1, 1.0), ('i', 0, None)]
    """
    today = resolve_as_of(as_of) if as_of is not None else (today or date.today())
    if window_days < 0:
        raise ParameterError(f"window_days must be >= 0, got {window_days}")
    parks, park_carriers, scoped = _scope(graph, park, carrier)
    index = StayIndex(graph, scoped, today=today)
    in_park_cache: dict[tuple[str, date | None], bool] = {}

    def in_park(firm: str, after: date | None) -> bool:
        key = (firm, after)
        if key not in in_park_cache:
            # retained: a park firm at as_of (metrics.md section 2), i.e. currently
            # LOCATED_IN the park; and it was still there after graduating
            in_park_cache[key] = remains_in_park(graph, firm, parks, after, today) and any(
                attrs.get("type") == _LOCATED_AT and target in parks
                and is_current(attrs, today)
                for _, target, attrs in graph.out_edges(firm, data=True))
        return in_park_cache[key]

    stays: list[Stay] = []
    handoffs: list[Handoff] = []
    rows: list[CarrierFigures] = []
    for c in scoped:
        own = index.of_carrier(c)
        stays.extend(own)
        row, own_handoffs = carrier_figures(graph, c, index.stage_of(c), own, index,
                                         window_days, park_carriers, in_park)
        rows.append(row)
        handoffs.extend(own_handoffs)

    cohort = {f: tuple(s for s in index.of_firm(f) if s.carrier in park_carriers)
              for f in index.firms}
    to_park = {f for f in index.firms
               if reached_park(index.of_firm(f), in_park(f, _last_until(index.of_firm(f))))}
    funnel_rows = funnel(cohort, to_park)
    report = IncubationReport(
        params={
            "park": park,
            "carrier": carrier,
            "window_days": window_days,
            "today": today,
            "as_of": today,
            "parks": sorted(parks),
            "amount_unit": "万元 (relation amount read like organisation money columns)",
            "graduation_rules": dict(GRADUATION_RULES),
        },
        stays=stays,
        handoffs=handoffs,
        carriers=rows,
        funnel=funnel_rows,
        conversion=conversion(funnel_rows),
        skips=skips(cohort),
        network=handoff_network(handoffs),
        gaps=handoff_gaps(rows, handoffs),
        graduation_eligible=eligible_firms(graph, stays, today),
    )
    logger.info("incubation %s/%s: %d carriers, %d stays, %d handoffs", park, carrier,
                len(rows), len(stays), len(handoffs))
    return report


def _last_until(stays: tuple[Stay, ...]) -> date | None:
    known = [s.until for s in stays if s.until is not None]
    return max(known) if known else None
