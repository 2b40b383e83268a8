"""``GET /parks`` and ``GET /parks/{park}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import TypeAdapter

from ecograph.api.cache import CachedBody
from ecograph.api.deps import Format, State
from ecograph.api.readers import park_detail_fields, parks
from ecograph.api.respond import csv_body, json_body, serve_cached
from ecograph.api.schemas import CSV_RESPONSE, ERROR_RESPONSES, NO_CONTROL, ParkDetail, ParkSummary

router = APIRouter(tags=["parks"])
_PARKS = TypeAdapter(list[ParkSummary])

ParkId = Annotated[str, Path(description="park id", max_length=200, pattern=NO_CONTROL)]


@router.get("/parks", response_model=list[ParkSummary],
            responses={**ERROR_RESPONSES, **CSV_RESPONSE})
async def list_parks(request: Request, state: State, format: Format = "json") -> Response:
    """Every park with its organisation count (sub-parks included)."""
    def compute() -> CachedBody:
        rows = parks(state.graph())
        if format == "csv":
            return csv_body((r.model_dump() for r in rows), "parks")
        return json_body(rows, _PARKS)
    return await serve_cached(state, ("parks", format), compute, request)


@router.get("/parks/{park:path}", response_model=ParkDetail, responses=ERROR_RESPONSES)
async def get_park(request: Request, park: ParkId, state: State) -> Response:
    """One park: fields, sub-parks and the ``park_overview`` named query's figures."""
    def compute() -> CachedBody:
        fields = park_detail_fields(state.graph(), park)
        rows = state.store.run("park_overview", {"park": park})
        return json_body(ParkDetail(**fields, overview=rows[0] if rows else {}))
    return await serve_cached(state, ("park", park), compute, request)
