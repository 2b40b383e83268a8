"""``GET /parks/{park}/gradient`` (梯度培育) and ``GET /parks/{park}/funds`` (园区+基金).

JSON (default), CSV (UTF-8 with BOM: the ladder / the coverage table) or
``.xlsx`` (every table, one sheet each); ``?as_of=`` as every analysis.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import TypeAdapter

from ecograph.analysis.common import resolve_as_of
from ecograph.analysis.funds import FundsReport, park_funds
from ecograph.analysis.funds import tables as fund_tables
from ecograph.analysis.gradient import GradientReport, gradient
from ecograph.analysis.gradient import tables as gradient_tables
from ecograph.analysis.sheets import to_xlsx
from ecograph.api.cache import CachedBody
from ecograph.api.deps import State, TableFormat
from ecograph.api.respond import csv_body, json_body, serve_cached, xlsx_body
from ecograph.api.schemas import NO_CONTROL, TABLE_RESPONSES

__all__ = ["router"]

router = APIRouter(tags=["metrics"])

_GRADIENT = TypeAdapter(GradientReport)
_FUNDS = TypeAdapter(FundsReport)

ParkId = Annotated[str, Path(description="park id", max_length=200, pattern=NO_CONTROL)]
AsOf = Annotated[date | None, Query(description="reference date (YYYY-MM-DD; default today)")]


@router.get("/parks/{park:path}/gradient", response_model=GradientReport, responses=TABLE_RESPONSES)
async def park_gradient(request: Request, park: ParkId, state: State, as_of: AsOf = None,
                        format: TableFormat = "json") -> Response:
    """梯度培育 (metrics.md §3): park firms per tier, per leading chain and segment, per year,
    promotions, and the next-tier pool (TechSME without HTE meeting the R&D band).

    CSV: the ladder (one row for the park, each leading chain and segment).
    """
    day = resolve_as_of(as_of)

    def compute() -> CachedBody:
        result = gradient(state.park_graph(park, as_of=day, candidates=False), park, as_of=day)
        if format == "csv":
            return csv_body(gradient_tables.ladder_rows(result), f"gradient-{park}",
                            list(gradient_tables.LADDER_COLUMNS))
        if format == "xlsx":
            return xlsx_body(to_xlsx(gradient_tables.sheets(result)), f"gradient-{park}")
        return json_body(result, _GRADIENT)
    return await serve_cached(state, ("gradient", park, day, format), compute, request)


@router.get("/parks/{park:path}/funds", response_model=FundsReport, responses=TABLE_RESPONSES)
async def park_fund_coverage(request: Request, park: ParkId, state: State, as_of: AsOf = None,
                             format: TableFormat = "json") -> Response:
    """园区+基金 (metrics.md §3): funds serving the park (located, operated, SERVES_PARK),
    fund coverage per leading chain and segment by investor type, amounts, the early
    share, and the gap segments no fund has invested in.

    CSV: the coverage table (one row for the park, each leading chain and segment).
    """
    day = resolve_as_of(as_of)

    def compute() -> CachedBody:
        result = park_funds(state.graph(), park, as_of=day)
        if format == "csv":
            return csv_body(fund_tables.coverage_rows(result), f"funds-{park}",
                            list(fund_tables.COVERAGE_COLUMNS))
        if format == "xlsx":
            return xlsx_body(to_xlsx(fund_tables.sheets(result)), f"funds-{park}")
        return json_body(result, _FUNDS)
    return await serve_cached(state, ("funds", park, day, format), compute, request)
