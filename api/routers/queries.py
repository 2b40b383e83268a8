"""``GET /queries`` and ``GET /queries/{name}``: named, read-only Cypher only.

The query text comes from ``queries/*.cypher``; a request only chooses a name
and gives parameter values, which the driver binds (never spliced).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import TypeAdapter

from ecograph.api.cache import CachedBody
from ecograph.api.deps import Format, State
from ecograph.api.respond import csv_body, json_body, serve_cached
from ecograph.api.schemas import (
    CSV_RESPONSE,
    ERROR_RESPONSES,
    NO_CONTROL,
    QueryInfo,
    QueryParamInfo,
    QueryResult,
)
from ecograph.errors import NotFoundError
from ecograph.stores.catalog import bind_params, load_catalog

router = APIRouter(tags=["queries"])
_INFOS = TypeAdapter(list[QueryInfo])


@router.get("/queries", response_model=list[QueryInfo], responses=ERROR_RESPONSES)
def list_queries() -> list[QueryInfo]:
    """The named queries with their parameters."""
    return [
        QueryInfo(name=q.name, description=q.description,
                  params=[QueryParamInfo(name=p.name, type=p.type, optional=p.optional)
                          for p in q.params])
        for q in load_catalog().values()
    ]


@router.get("/queries/{name}", response_model=QueryResult,
            responses={**ERROR_RESPONSES, **CSV_RESPONSE})
async def run_query(
    name: Annotated[str, Path(max_length=100, pattern=NO_CONTROL)], request: Request, state: State,
    format: Format = "json",
) -> Response:
    """Run a named query; its parameters are the other query-string items."""
    catalog = load_catalog()
    if name not in catalog:
        raise NotFoundError(f"unknown query {name!r}; known: {', '.join(sorted(catalog))}")
    given = {k: v for k, v in request.query_params.items() if k != "format"}
    params = bind_params(catalog[name], given)

    def compute() -> CachedBody:
        rows = state.store.run(name, params)
        if format == "csv":
            return csv_body(rows, f"query-{name}")
        return json_body(QueryResult(name=name, params=params, rows=rows))
    key = ("query", name, tuple(sorted((k, repr(v)) for k, v in params.items())), format)
    return await serve_cached(state, key, compute)
