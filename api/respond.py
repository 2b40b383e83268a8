"""Build cached JSON / CSV / HTML responses from results."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

from fastapi import Response
from pydantic import TypeAdapter

from api.cache import CachedBody
from api.csv import CSV_MEDIA_TYPE, to_csv
from api.deps import ServiceState

__all__ = ["cached", "csv_body", "html_body", "json_body"]


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
    """Answer from the cache, computing the body on a miss."""
    body = state.cache.body(key, compute)
    return Response(content=body.content, media_type=body.media_type, headers=body.headers)
