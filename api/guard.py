"""Refuse hostile requests before anything else runs: foreign Host headers, NUL bytes.

- ``Host`` must be one of the configured names (``ECOGRAPH_ALLOWED_HOSTS``,
  default the loopback names; ``*`` allows any): a page on another origin that
  rebinds its DNS name to 127.0.0.1 sends its own name and is refused (400),
  so it cannot read the data.
- A NUL or another control character in the path or the query string is
  refused with 422 (no id or parameter holds one; the store would reject it
  deep inside a handler).

Both answers carry the API's error body ``{"error", "detail"}`` and a request
deadline is enforced here too (``ECOGRAPH_REQUEST_TIMEOUT``): a request that
has not started its response by then gets 503 and its client is freed (the
work left in the thread pool finishes on its own; the store's query timeout
bounds it). A response already streaming (the Turtle export) goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["RequestGuard"]

_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


async def _error(send: Send, status: int, error: str, detail: str) -> None:
    body = json.dumps({"error": error, "detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RequestGuard:
    """ASGI middleware: Host check, control-character check, request deadline."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str],
                 timeout: float | None = None) -> None:
        self.app = app
        hosts = {_host_name(h) for h in allowed_hosts}
        self.any_host = "*" in hosts
        self.hosts = frozenset(hosts)
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self.any_host:
            host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
            if _host_name(host) not in self.hosts:
                await _error(send, 400, "bad host",
                             f"Host {host!r} is not served here (ECOGRAPH_ALLOWED_HOSTS)")
                return
        raw_path = scope.get("raw_path") or scope["path"].encode()
        if _CONTROL.search(unquote_to_bytes(raw_path)) or _CONTROL.search(
                unquote_to_bytes(scope["query_string"].replace(b"+", b" "))):
            await _error(send, 422, "invalid parameters",
                         "control characters (such as NUL) are not allowed in the URL")
            return
        if self.timeout is None:
            await self.app(scope, receive, send)
            return
        await self._with_deadline(scope, receive, send)

    async def _with_deadline(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, tracked))
        done, _ = await asyncio.wait({task}, timeout=self.timeout)
        if task in done or started:  # a response under way (a streamed export) goes on
            await task
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await _error(send, 503, "request timeout",
                     f"the request took longer than {self.timeout:.0f} s; "
                     "narrow it (depth, cap, park) or retry later")
