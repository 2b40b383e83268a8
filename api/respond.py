"""Build cached JSON / CSV / HTML responses from results."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

from fastapi import Response
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from api.cache import CachedBody
from api.csv import CSV_MEDIA_TYPE, to_csv
from api.deps import ServiceState

__all__ = ["cached", "csv_body", "html_body", "json_body", "serve_cached"]


def json_body(value: Any, adapter: TypeAdapter[Any] | None = None) -> CachedBody:
    """Serialise ``value`` (a pydantic model, dataclass or plain data) to JSON."""
    adapter = adapter or TypeAdapter(type(value))
    return CachedBody(adapter.dump_json(value), "application/json")


def csv_body(rows: Iterable[Mapping[str, Any]], name: str,
             columns: Sequence[str] | None = None) -> CachedBody:
    """CSV attachment ``name.csv`` (UTF-8 with BOM)."""
    return CachedBody(to_csv(rows, columns), CSV_MEDIA_TYPE,
                      {"Content-Disposition": f'attachment; filename="{name}.csv"'})


def html_body(html: str) -> CachedBody:
    """An HTML page."""
    return CachedBody(html.encode("utf-8"), "text/html; charset=utf-8")


def cached(state: ServiceState, key: tuple[Hashable, ...],
           compute: Callable[[], CachedBody]) -> Response:
    """Answer from the cache, computing the body on a miss (for sync handlers)."""
    body = state.cache.body(key, compute)
    return Response(content=body.content, media_type=body.media_type, headers=body.headers)


async def serve_cached(state: ServiceState, key: tuple[Hashable, ...],
                       compute: Callable[[], CachedBody]) -> Response:
    """Answer from the cache on the event loop; compute a miss in the thread pool.

    Cache hits never leave the event loop, which keeps cached endpoints cheap.
    """
    body = state.cache.lookup(key)
    if body is None:
        body = await run_in_threadpool(state.cache.compute, key, compute)
    return Response(content=body.content, media_type=body.media_type, headers=body.headers)
