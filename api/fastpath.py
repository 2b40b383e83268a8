"""Answer repeated cached URLs before FastAPI routes and validates them.

Routing and parameter validation cost several times more than sending a
cached body. :func:`api.respond.serve_cached` records which URL (path and raw
query string) gave which cache key; this ASGI layer answers a plain ``GET``
of a recorded URL with the stored bytes and headers. Anything else — another
method, a conditional request, a URL not seen in this generation, a body
evicted meanwhile — goes through the app as usual, so behaviour is the same,
only cheaper.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from ecograph.api.deps import ServiceState

__all__ = ["CachedHits"]


class CachedHits:
    """ASGI middleware serving cache hits by URL (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            state: ServiceState | None = getattr(scope["app"].state, "ecograph", None)
            if state is not None and not any(
                    name == b"if-none-match" for name, _ in scope["headers"]):
                body = state.cache.lookup_url(scope["path"], scope["query_string"])
                if body is not None:
                    await send({"type": "http.response.start", "status": 200,
                                "headers": body.raw_headers})
                    await send({"type": "http.response.body", "body": body.content})
                    return
        await self.app(scope, receive, send)
