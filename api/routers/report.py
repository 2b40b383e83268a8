"""The planner's report and the park evaluation indicators.

``GET /parks/{park}/report`` serves the self-contained HTML report;
``GET /parks/{park}/indicators`` the evaluation (indicator values with their
source, tier results, weighted index score among the peer parks) as JSON, or
``?format=csv`` one row per indicator. Park statistics come from the tables
saved under the data folder (:mod:`ecograph.analysis.indicators.stats`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse

from ecograph.analysis.common import require_node
from ecograph.analysis.indicators.evaluation import evaluate_peers
from ecograph.analysis.indicators.stats import load_park_stats
from ecograph.analysis.indicators.systems import load_systems
from ecograph.api.cache import CachedBody
from ecograph.api.deps import Format, ServiceState, State
from ecograph.api.html_errors import PAGE_ERRORS
from ecograph.api.respond import cached, csv_body, html_body, json_body
from ecograph.api.schemas import CSV_RESPONSE, ERROR_RESPONSES, NO_CONTROL
from ecograph.report import build_report, render_html
from ecograph.vocab import Label

router = APIRouter(tags=["report"])

ParkId = Annotated[str, Path(description="park id", max_length=200, pattern=NO_CONTROL)]
Year = Annotated[int | None, Query(ge=1900, le=2100, description="report year")]

_COLUMNS = ["system", "id", "group", "zh", "en", "unit", "value", "source", "weight"]


def _indicators(state: ServiceState, park: str, year: int | None) -> dict[str, Any]:
    graph = state.graph()
    require_node(graph, park, Label.Park)
    return evaluate_peers(graph, park, load_systems(), load_park_stats(state.settings),
                          year=year).to_dict()


@router.get("/parks/{park:path}/indicators", responses={**ERROR_RESPONSES, **CSV_RESPONSE})
def indicators(park: ParkId, state: State, year: Year = None,
               format: Format = "json") -> Response:
    """Indicator values (graph, table or missing), tier results and peer scores.

    CSV: one row per indicator (``system, id, group, zh, en, unit, value,
    source, weight``).
    """
    def compute() -> CachedBody:
        result = _indicators(state, park, year)
        if format == "csv":
            return csv_body(result["indicators"], f"indicators-{park}", _COLUMNS)
        return json_body(result)
    return cached(state, ("indicators", park, year, format), compute)


@router.get("/parks/{park:path}/report", response_class=HTMLResponse,
            responses={**PAGE_ERRORS, 200: {"content": {"text/html": {}}}})
def report(park: ParkId, state: State, year: Year = None,
           as_of: Annotated[date | None, Query(
               description="only edges current at this date count (YYYY-MM-DD; default "
                           "31 December of year, else today)")] = None) -> Response:
    """The planner's report for a park: one self-contained HTML page."""
    def compute() -> CachedBody:
        data = build_report(state.graph(), park, systems=load_systems(),
                            stats=load_park_stats(state.settings), year=year, as_of=as_of)
        return html_body(render_html(data))
    return cached(state, ("report", park, year, as_of), compute)
