"""The planner's report and the park evaluation indicators.

``GET /parks/{park}/report`` serves the self-contained HTML report;
``GET /parks/{park}/indicators`` the evaluation (metrics.md §5: indicator
values with source, year and trend, the three categories side by side, the
index score with its weight coverage) as JSON, or ``?format=csv`` one row per
indicator. Park statistics are the validated ``park_stats`` observations in
the graph.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter

from ecograph.analysis.common import resolve_as_of
from ecograph.analysis.indicators.evaluation import IndicatorValue, ParkEvaluation, evaluate_park
from ecograph.analysis.indicators.systems import load_systems
from ecograph.api.cache import CachedBody
from ecograph.api.deps import Format, ServiceState, State
from ecograph.api.html_errors import PAGE_ERRORS
from ecograph.api.respond import cached, csv_body, html_body, json_body
from ecograph.api.schemas import CSV_RESPONSE, ERROR_RESPONSES, NO_CONTROL
from ecograph.report import build_report, render_html

router = APIRouter(tags=["report"])

ParkId = Annotated[str, Path(description="park id", max_length=200, pattern=NO_CONTROL)]
Year = Annotated[int | None, Query(ge=1900, le=2100, description="report year")]

_COLUMNS = [f.name for f in fields(IndicatorValue)]
_EVALUATION = TypeAdapter(ParkEvaluation)
AsOf = Annotated[date | None, Query(description="only edges current at this date count "
                                                "(YYYY-MM-DD; default today)")]


def _indicators(state: ServiceState, park: str, year: int | None,
                as_of: date | None) -> ParkEvaluation:
    return evaluate_park(state.graph(), park, load_systems(), year=year,
                         as_of=resolve_as_of(as_of))


@router.get("/parks/{park:path}/indicators", response_model=ParkEvaluation,
            responses={**ERROR_RESPONSES, **CSV_RESPONSE})
def indicators(park: ParkId, state: State, year: Year = None, as_of: AsOf = None,
               format: Format = "json") -> Response:
    """The park's evaluation (metrics.md §5) as of a date.

    Indicator values (source graph, org_stats, park_stats or missing; year;
    trend), the three categories side by side with the distance to each
    target, and the index score against the measured category with its
    weight coverage. CSV: one row per indicator.
    """
    day = resolve_as_of(as_of)

    def compute() -> CachedBody:
        result = _indicators(state, park, year, day)
        if format == "csv":
            return csv_body((asdict(v) for v in result.indicators), f"indicators-{park}",
                            _COLUMNS)
        return json_body(result, _EVALUATION)
    return cached(state, ("indicators", park, year, day, format), compute)


@router.get("/parks/{park:path}/report", response_class=HTMLResponse,
            responses={**PAGE_ERRORS, 200: {"content": {"text/html": {}}}})
def report(park: ParkId, state: State, year: Year = None,
           as_of: Annotated[date | None, Query(
               description="only edges current at this date count (YYYY-MM-DD; default "
                           "31 December of year, else today)")] = None) -> Response:
    """The planner's report for a park: one self-contained HTML page."""
    def compute() -> CachedBody:
        data = build_report(state.graph(), park, systems=load_systems(), year=year,
                            as_of=as_of)
        return html_body(render_html(data))
    return cached(state, ("report", park, year, as_of), compute)
