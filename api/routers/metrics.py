"""Analyses of a park: chain linkage and gaps, incubation handoffs, collaboration.

Results are computed on the cached projection and cached per
``(endpoint, park, chain, params, format)`` until the next load.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import TypeAdapter

from ecograph.analysis.chain.attraction import Candidate, TargetRow
from ecograph.analysis.chain.linkage import ChainLinkage, SegmentRow, chain_linkage
from ecograph.analysis.chain.planner import PLANNER_COLUMNS, TargetList, park_targets, to_xlsx
from ecograph.analysis.collaboration.density import (
    CollaborationReport,
    TrendPoint,
    collaboration_density,
)
from ecograph.analysis.collaboration.ties import check_years
from ecograph.analysis.common import resolve_as_of, to_plain
from ecograph.analysis.incubation.carriers import CarrierFigures
from ecograph.analysis.incubation.handoffs import IncubationReport, incubation_handoffs
from ecograph.api.cache import CachedBody
from ecograph.api.deps import Format, State, TableFormat
from ecograph.api.respond import csv_body, json_body, serve_cached, xlsx_body
from ecograph.api.schemas import (
    CSV_RESPONSE,
    ERROR_RESPONSES,
    NO_CONTROL,
    TABLE_RESPONSES,
    YEAR_RANGE_RULE,
    GapsOut,
)

router = APIRouter(tags=["metrics"])

_LINKAGE = TypeAdapter(ChainLinkage)
_INCUBATION = TypeAdapter(IncubationReport)
_COLLABORATION = TypeAdapter(CollaborationReport)
_TARGETS = TypeAdapter(list[TargetRow])
_RESPONSES = {**ERROR_RESPONSES, **CSV_RESPONSE}

ParkId = Annotated[str, Path(description="park id", max_length=200, pattern=NO_CONTROL)]
ChainId = Annotated[str, Path(description="industry chain id", max_length=200, pattern=NO_CONTROL)]
WeakThreshold = Annotated[int, Query(ge=0, le=1000, description="firms below this: weak")]
TopCandidates = Annotated[int, Query(ge=0, le=50, description="candidates per gap")]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Until = Annotated[int | None, Query(ge=1900, le=2100, description=YEAR_RANGE_RULE)]
AsOf = Annotated[date | None, Query(description="only edges current at this date count "
                                                "(YYYY-MM-DD; default today)")]

_GAP_COLUMNS = ["segment", "name", "stage", "status", "action", "recommended", "gap_score",
                *(f"candidate_{f.name}" for f in fields(Candidate))]


def _columns(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Nested values (leakage, shares, components) as JSON text in one CSV cell."""
    return {k: json.dumps(to_plain(v), ensure_ascii=False) if isinstance(v, (dict, list, tuple))
            else v for k, v in row.items()}


def _linkage(state: State, park: str, chain: str, weak: int, top: int,
             as_of: date | None = None) -> ChainLinkage:
    day = resolve_as_of(as_of)
    graph = state.park_graph(park, chain=chain, as_of=day, top_candidates=top)
    return chain_linkage(graph, park, chain, as_of=day,
                         weak_threshold=weak, top_candidates=top)


@router.get("/parks/{park:path}/chains/{chain:path}/linkage", response_model=ChainLinkage,
            responses=_RESPONSES)
async def linkage(request: Request, park: ParkId, chain: ChainId, state: State,
                  weak_threshold: WeakThreshold = 2, top_candidates: TopCandidates = 5,
                  as_of: AsOf = None, format: Format = "json") -> Response:
    """Chain linkage (metrics.md §1) as of a date; CSV: one row per segment."""
    day = resolve_as_of(as_of)

    def compute() -> CachedBody:
        result = _linkage(state, park, chain, weak_threshold, top_candidates, day)
        if format == "csv":
            return csv_body((_flat(asdict(s)) for s in result.segments),
                            f"linkage-{park}-{chain}", _columns(SegmentRow))
        return json_body(result, _LINKAGE)
    key = ("linkage", park, chain, weak_threshold, top_candidates, day, format)
    return await serve_cached(state, key, compute, request)


@router.get("/parks/{park:path}/chains/{chain:path}/gaps", response_model=GapsOut,
            responses=_RESPONSES)
async def gaps(request: Request, park: ParkId, chain: ChainId, state: State,
               weak_threshold: WeakThreshold = 2, top_candidates: TopCandidates = 5,
               as_of: AsOf = None, format: Format = "json") -> Response:
    """Gaps (补链/强链/延链/远链) ranked by gap score, with attraction candidates.

    CSV: one row per (gap, candidate); a gap without candidates gets one row.
    """
    day = resolve_as_of(as_of)

    def compute() -> CachedBody:
        result = _linkage(state, park, chain, weak_threshold, top_candidates, day)
        if format == "csv":
            rows: list[dict[str, Any]] = []
            for gap in result.gaps:
                base = {"segment": gap.segment, "name": gap.name, "stage": gap.stage,
                        "status": gap.status, "action": gap.action,
                        "recommended": gap.recommended, "gap_score": gap.gap_score}
                for cand in gap.candidates or (None,):
                    extra = {} if cand is None else {
                        f"candidate_{k}": v for k, v in _flat(asdict(cand)).items()}
                    rows.append({**base, **extra})
            return csv_body(rows, f"gaps-{park}-{chain}", _GAP_COLUMNS)
        return json_body(GapsOut(park=park, chain=chain, formula=result.formula,
                                 candidate_formula=result.candidate_formula,
                                 gaps=list(result.gaps)))
    key = ("gaps", park, chain, weak_threshold, top_candidates, day, format)
    return await serve_cached(state, key, compute, request)


@router.get("/parks/{park:path}/chains/{chain:path}/targets", response_model=list[TargetRow],
            responses=_RESPONSES)
async def targets(request: Request, park: ParkId, chain: ChainId, state: State,
                  weak_threshold: WeakThreshold = 2, top_candidates: TopCandidates = 5,
                  as_of: AsOf = None, format: Format = "json") -> Response:
    """The 招商清单 of a leading chain: every candidate of its recommended gaps.

    Empty for a chain that is not a leading chain of the park. CSV downloads
    open in Excel.
    """
    day = resolve_as_of(as_of)

    def compute() -> CachedBody:
        result = _linkage(state, park, chain, weak_threshold, top_candidates, day)
        if format == "csv":
            return csv_body((asdict(t) for t in result.targets), f"targets-{park}-{chain}",
                            _columns(TargetRow))
        return json_body(list(result.targets), _TARGETS)
    key = ("targets", park, chain, weak_threshold, top_candidates, day, format)
    return await serve_cached(state, key, compute, request)


@router.get("/parks/{park:path}/incubation", response_model=IncubationReport, responses=_RESPONSES)
async def incubation(
    request: Request, park: ParkId, state: State,
    carrier: Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL,
                                         description="one carrier")] = None,
    window_days: Annotated[int, Query(ge=0, le=3650)] = 365,
    format: Format = "json", as_of: AsOf = None,
) -> Response:
    """Incubation handoffs (metrics.md §2) as of a date; CSV: one row per carrier."""
    day = resolve_as_of(as_of)

    def compute() -> CachedBody:
        # one carrier may lie outside the park (an error the whole graph words right)
        graph = (state.graph() if carrier is not None
                 else state.park_graph(park, as_of=day, candidates=False))
        result = incubation_handoffs(graph, park, carrier=carrier,
                                     window_days=window_days, as_of=day)
        if format == "csv":
            return csv_body((_flat(asdict(c)) for c in result.carriers), f"incubation-{park}",
                            _columns(CarrierFigures))
        return json_body(result, _INCUBATION)
    key = ("incubation", park, carrier, window_days, day, format)
    return await serve_cached(state, key, compute, request)


@router.get("/parks/{park:path}/collaboration", response_model=CollaborationReport,
            responses=_RESPONSES)
async def collaboration(
    request: Request, park: ParkId, state: State,
    chain: Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL)] = None,
    since: Year = None, until: Until = None, format: Format = "json", as_of: AsOf = None,
) -> Response:
    """Collaboration over events (metrics.md §4) as of a date; CSV: the per-year trend rows."""
    day = resolve_as_of(as_of)
    check_years(since, until)  # a bad window is the request's fault, whatever the park

    def compute() -> CachedBody:
        graph = state.park_graph(park, as_of=day, candidates=False)
        result = collaboration_density(graph, park, chain=chain, since=since,
                                       until=until, as_of=day)
        if format == "csv":
            return csv_body((asdict(t) for t in result.trend), f"collaboration-{park}",
                            _columns(TrendPoint))
        return json_body(result, _COLLABORATION)
    key = ("collaboration", park, chain, since, until, day, format)
    return await serve_cached(state, key, compute, request)


_TARGET_LIST = TypeAdapter(TargetList)


@router.get("/parks/{park:path}/targets", response_model=TargetList, responses=TABLE_RESPONSES)
async def park_target_list(
    request: Request, park: ParkId, state: State,
    chain: Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL,
                                       description="one leading chain (default: all)")] = None,
    weak_threshold: WeakThreshold = 2, top_candidates: TopCandidates = 5,
    as_of: AsOf = None, format: TableFormat = "json",
) -> Response:
    """The park's 招商清单: one row per candidate per recommended gap of its leading chains.

    A park without leading chains (or a chain that is not one) gets no rows and
    a ``message``.
    """
    day = resolve_as_of(as_of)

    def compute() -> CachedBody:
        graph = state.park_graph(park, chain=chain, as_of=day, top_candidates=top_candidates)
        result = park_targets(graph, park, chain, as_of=day,
                              weak_threshold=weak_threshold, top_candidates=top_candidates)
        if format == "csv":
            return csv_body(result.records(), f"targets-{park}", list(PLANNER_COLUMNS))
        if format == "xlsx":
            return xlsx_body(to_xlsx(result), f"targets-{park}")
        return json_body(result, _TARGET_LIST)
    key = ("park-targets", park, chain, weak_threshold, top_candidates, day, format)
    return await serve_cached(state, key, compute, request)
