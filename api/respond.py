"""Build cached JSON / CSV / HTML responses from results."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

from fastapi import Request, Response
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from ecograph.api.cache import CachedBody
from ecograph.api.csv import CSV_MEDIA_TYPE, to_csv
from ecograph.api.deps import ServiceState
from ecograph.api.schemas import XLSX_MEDIA_TYPE
from ecograph.csvsafe import content_disposition

__all__ = ["cached", "csv_body", "html_body", "json_body", "serve_cached", "xlsx_body"]


def json_body(value: Any, adapter: TypeAdapter[Any] | None = None) -> CachedBody:
    """Serialise ``value`` (a pydantic model, dataclass or plain data) to JSON."""
    adapter = adapter or TypeAdapter(type(value))
    return CachedBody(adapter.dump_json(value), "application/json")


def csv_body(rows: Iterable[Mapping[str, Any]], name: str,
             columns: Sequence[str] | None = None) -> CachedBody:
    """CSV attachment ``name.csv`` (UTF-8 with BOM; any id in ``name``, RFC 6266)."""
    return CachedBody(to_csv(rows, columns), CSV_MEDIA_TYPE,
                      {"Content-Disposition": content_disposition(f"{name}.csv")})


def xlsx_body(content: bytes, name: str) -> CachedBody:
    """Excel attachment ``name.xlsx`` (any id in ``name``, RFC 6266).

    Examples
    --------
    >>> print(xlsx_body(b"", "targets-高新区").headers["Content-Disposition"])
    ... # doctest: +NORMALIZE_WHITESPACE
    attachment; filename="targets-___.xlsx";
    filename*=UTF-8''targets-%E9%AB%98%E6%96%B0%E5%8C%BA.xlsx
    """
    return CachedBody(content, XLSX_MEDIA_TYPE,
                      {"Content-Disposition": content_disposition(f"{name}.xlsx")})


def html_body(html: str) -> CachedBody:
    """An HTML page."""
    return CachedBody(html.encode("utf-8"), "text/html; charset=utf-8")


def _response(body: CachedBody, request: Request | None) -> Response:
    """The pre-encoded body with its ETag, or 304 when the client already has it."""
    headers = {**body.headers, "ETag": body.etag}
    if request is not None:
        seen = request.headers.get("if-none-match")
        if seen is not None and (seen.strip() == "*" or body.etag in
                                 (tag.strip().removeprefix("W/") for tag in seen.split(","))):
            return Response(status_code=304, headers={"ETag": body.etag})
    return Response(content=body.content, media_type=body.media_type, headers=headers)


def cached(state: ServiceState, key: tuple[Hashable, ...],
           compute: Callable[[], CachedBody], request: Request | None = None) -> Response:
    """Answer from the cache, computing the body on a miss (for sync handlers)."""
    return _response(state.cache.body(key, compute), request)


async def serve_cached(state: ServiceState, key: tuple[Hashable, ...],
                       compute: Callable[[], CachedBody],
                       request: Request | None = None) -> Response:
    """Answer from the cache on the event loop; compute a miss in the thread pool.

    A hit is the stored bytes as they are: no store round trip (the store's
    fingerprint is polled by a background task), no serialisation, no thread
    hop. With ``request``, an ``If-None-Match`` naming the body's ETag gets
    ``304 Not Modified``, and the URL is recorded so that the next request
    for it is answered by :mod:`api.fastpath` without routing or validation.
    """
    body = state.cache.lookup(key)
    if body is None:
        body = await run_in_threadpool(state.cache.compute, key, compute)
    if request is not None:
        state.cache.remember_url(request.url.path, request.scope["query_string"], key)
    return _response(body, request)
