"""The incubation chain of a park or one carrier (``metrics.md`` §2), put together.

Scope: the carriers **of the park** are the ``IncubationCarrier``
organisations currently ``LOCATED_IN`` the park or a sub-park; with
``carrier=X`` the figures are X's (X's own parks are the park when no park is
given). The *cohort* is every firm with a stay in a scoped carrier.

- ``fates``: one row per graduate (:mod:`~ecograph.analysis.incubation.fates`);
- ``carriers``: per-carrier figures (:mod:`~ecograph.analysis.incubation.carriers`);
- ``pipeline``, ``pipeline_flows``, ``conversion``, ``skips``
  (:mod:`~ecograph.analysis.incubation.pipeline`);
- ``network``: handoffs as weighted carrier → carrier edges;
- ``successor_gaps``: carriers of stage 1 or 2 none of whose graduates was
  handed off in the park, accelerators none of whose graduates was retained;
- ``graduation_eligible``: firms in an active stay meeting a criterion, and
  ``graduation_checks``: every such firm with each criterion's status
  (:mod:`~ecograph.analysis.incubation.graduation`).

A firm is a *park firm* at ``as_of`` when it is currently ``LOCATED_IN`` the
park or a sub-park.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.common import (
    has_label,
    park_closure,
    park_members,
    require_node,
    resolve_as_of,
    to_plain,
)
from ecograph.analysis.incubation.carriers import (
    CarrierFigures,
    HandoffGap,
    NetworkEdge,
    SuccessorGap,
    carrier_figures,
    handoff_network,
    successor_gaps,
)
from ecograph.analysis.incubation.eligibility import EligibleFirm, graduation_checks
from ecograph.analysis.incubation.fates import GraduateFate, graduate_fate
from ecograph.analysis.incubation.graduation import GRADUATION_RULES
from ecograph.analysis.incubation.pipeline import (
    Conversion,
    PipelineFlow,
    PipelineRow,
    Skip,
    conversion,
    firm_path,
    pipeline,
    skips,
)
from ecograph.analysis.incubation.stays import STAGE_NAMES, Stay, StayIndex, stage_index
from ecograph.errors import NotFoundError, ParameterError

__all__ = [
    "CarrierFigures",
    "EligibleFirm",
    "HandoffGap",
    "IncubationReport",
    "NetworkEdge",
    "incubation_chain",
    "incubation_handoffs",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncubationReport:
    """Everything ``metrics.md`` §2 asks for, as plain frozen data."""

    params: dict[str, Any]
    stays: list[Stay]
    fates: list[GraduateFate]
    carriers: list[CarrierFigures]
    pipeline: list[PipelineRow]
    pipeline_flows: list[PipelineFlow]
    conversion: list[Conversion]
    skips: list[Skip]
    network: list[NetworkEdge]
    successor_gaps: list[SuccessorGap]
    graduation_eligible: list[EligibleFirm]
    graduation_checks: list[EligibleFirm]

    @property
    def handoffs(self) -> list[GraduateFate]:
        """The graduates handed off to a later-stage carrier of the park."""
        return [f for f in self.fates if f.fate == "handed_off"]

    @property
    def gaps(self) -> list[SuccessorGap]:
        """The v1 name of :attr:`successor_gaps`."""
        return self.successor_gaps

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (dates as ISO strings).

        Examples
        --------
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
        >>> r = incubation_handoffs(g, "P", as_of=date(2024, 1, 1))
        >>> r.to_dict()["params"]["as_of"], r.to_dict()["stays"]
        ('2024-01-01', [])
        """
        result: dict[str, Any] = to_plain(self)
        return result


def _scope(
    graph: nx.MultiDiGraph, park: str | None, carrier: str | None, as_of: date,
) -> tuple[set[str], set[str], list[str]]:
    """Return (park ids in closure, carriers of the park, scoped carriers)."""
    if park is None and carrier is None:
        raise ParameterError("incubation analysis needs a park or a carrier")
    if carrier is not None:
        require_node(graph, carrier, "IncubationCarrier")  # type: ignore[arg-type]
    if park is not None:
        roots = [park]
    else:
        roots = sorted({t for _, t, a in graph.out_edges(carrier, data=True)
                        if a.get("type") == "LOCATED_IN" and has_label(graph, t, "Park")})
    parks: set[str] = set()
    members: set[str] = set()
    for root in roots:
        parks |= park_closure(graph, root)
        members |= park_members(graph, root, as_of=as_of)
    park_carriers = {m for m in members if has_label(graph, m, "IncubationCarrier")}
    if carrier is not None:
        if park is not None and carrier not in park_carriers:
            raise NotFoundError(f"carrier {carrier!r} is not located in park {park!r}")
        park_carriers.add(carrier)
        return parks, park_carriers, [carrier]
    return parks, park_carriers, sorted(park_carriers, key=lambda c: _carrier_sort(graph, c))


def _carrier_sort(graph: nx.MultiDiGraph, carrier: str) -> tuple[int, str]:
    from ecograph.analysis.incubation.stays import carrier_stage

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
    """Compute the incubation chain of a park (and its sub-parks) or one carrier.

    Parameters
    ----------
    graph
        The NetworkX projection (``docs/design.md``).
    park
        Park id. May be None when ``carrier`` is given (the carrier's own
        parks are then the park).
    carrier
        Restrict the figures to this carrier (must lie in ``park`` if given).
    window_days
        Longest gap (days, inclusive) from graduation to the next stay of a handoff.
    today
        The v1 name of ``as_of``; ``as_of`` wins when both are given.
    as_of
        Reference date (metrics.md section 0; default today).

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
    >>> r = incubation_handoffs(g, "P", as_of=date(2024, 1, 1))
    >>> [(f.carrier, f.fate, f.to_carrier, f.gap_days) for f in r.fates]
    [('m', 'handed_off', 'i', 60)]
    >>> [(c.carrier, c.graduates, c.handoff_rate) for c in r.carriers]
    [('m', 1, 1.0), ('i', 0, None)]
    >>> [(p.entry_stage, p.firms, p.reached, p.incubating) for p in r.pipeline][0]
    ('Makerspace', 1, {'Incubator': 1, 'Accelerator': 0}, 1)
    """
    day = resolve_as_of(as_of) if as_of is not None else (today or date.today())
    if window_days < 0:
        raise ParameterError(f"window_days must be >= 0, got {window_days}")
    parks, park_carriers, scoped = _scope(graph, park, carrier, day)
    index = StayIndex(graph, scoped, today=day)
    firm_cache: dict[str, bool] = {}

    def park_firm(firm: str) -> bool:
        if firm not in firm_cache:
            firm_cache[firm] = any(
                attrs.get("type") == "LOCATED_IN" and target in parks
                and _current(attrs, day)
                for _, target, attrs in graph.out_edges(firm, data=True))
        return firm_cache[firm]

    stays: list[Stay] = []
    fates: list[GraduateFate] = []
    rows: list[CarrierFigures] = []
    for c in scoped:
        own = index.of_carrier(c)
        own_fates = [graduate_fate(s, index, window_days=window_days,
                                   park_carriers=park_carriers, park_firm=park_firm)
                     for s in own if s.status == "graduated"]
        stays.extend(own)
        fates.extend(own_fates)
        rows.append(carrier_figures(c, dict(graph.nodes[c]), index.stage_of(c), own, own_fates))

    cohort = {f: tuple(s for s in index.of_firm(f) if s.carrier in park_carriers)
              for f in index.firms}
    paths = {f: firm_path(stays_of, park_firm(f)) for f, stays_of in cohort.items()}
    pipe_rows, pipe_flows = pipeline(paths)
    checks = graduation_checks(graph, stays, day)
    report = IncubationReport(
        params={
            "park": park,
            "carrier": carrier,
            "window_days": window_days,
            "as_of": day,
            "today": day,
            "parks": sorted(parks),
            "carriers_of_park": sorted(park_carriers),
            "amount_unit": "万元",
            "graduation_rules": dict(GRADUATION_RULES),
        },
        stays=stays,
        fates=fates,
        carriers=rows,
        pipeline=pipe_rows,
        pipeline_flows=pipe_flows,
        conversion=conversion(cohort, park_firm),
        skips=skips(cohort),
        network=handoff_network(fates),
        successor_gaps=successor_gaps(rows),
        graduation_eligible=[c for c in checks if c.eligible],
        graduation_checks=checks,
    )
    logger.info("incubation %s/%s: %d carriers, %d stays, %d graduates", park, carrier,
                len(rows), len(stays), len(fates))
    return report


def _current(attrs: dict[str, Any], day: date) -> bool:
    from ecograph.analysis.common import is_current

    return is_current(attrs, day)


#: The name the v2 spec uses; the same function.
incubation_chain = incubation_handoffs
