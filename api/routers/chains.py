"""``GET /chains`` and ``GET /chains/{chain}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import TypeAdapter

from ecograph.api.cache import CachedBody
from ecograph.api.deps import Format, State
from ecograph.api.readers import chain_detail, chains
from ecograph.api.respond import csv_body, json_body, serve_cached
from ecograph.api.schemas import (
    CSV_RESPONSE,
    ERROR_RESPONSES,
    NO_CONTROL,
    ChainDetail,
    ChainSummary,
)

router = APIRouter(tags=["chains"])
_CHAINS = TypeAdapter(list[ChainSummary])

ChainId = Annotated[str, Path(description="industry chain id", max_length=200, pattern=NO_CONTROL)]


@router.get("/chains", response_model=list[ChainSummary],
            responses={**ERROR_RESPONSES, **CSV_RESPONSE})
async def list_chains(request: Request, state: State, format: Format = "json") -> Response:
    """Every industry chain with its number of segments."""
    def compute() -> CachedBody:
        rows = chains(state.graph())
        if format == "csv":
            return csv_body((r.model_dump() for r in rows), "chains")
        return json_body(rows, _CHAINS)
    return await serve_cached(state, ("chains", format), compute, request)


@router.get("/chains/{chain:path}", response_model=ChainDetail,
            responses={**ERROR_RESPONSES, **CSV_RESPONSE})
async def get_chain(request: Request, chain: ChainId, state: State,
                    format: Format = "json") -> Response:
    """One chain with its segments by stage (CSV: one row per segment)."""
    def compute() -> CachedBody:
        detail = chain_detail(state.graph(), chain)
        if format == "csv":
            return csv_body((s.model_dump() for s in detail.segment_list), f"chain-{chain}")
        return json_body(detail)
    return await serve_cached(state, ("chain", chain, format), compute, request)
