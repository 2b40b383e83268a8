"""ecograph errors → HTTP status codes and JSON bodies, in this one place.

Every error body is ``{"error": <short reason>, "detail": <message or list>}``.
Unexpected exceptions are logged with their traceback and answered with a
generic 500: nothing of the internals reaches the client.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ecograph.api.html_errors import error_page, wants_page
from ecograph.errors import (
    EcographError,
    InputError,
    NotFoundError,
    ParameterError,
    QueryError,
    StoreDataError,
    StoreUnavailableError,
    ValidationFailedError,
)

__all__ = ["STATUS_CODES", "install_error_handlers", "status_for"]

logger = logging.getLogger(__name__)

#: Status code per error class; the first matching class wins.
STATUS_CODES: tuple[tuple[type[EcographError], int, str], ...] = (
    (NotFoundError, 404, "not found"),
    (QueryError, 422, "invalid query"),
    (ParameterError, 422, "invalid parameters"),
    (InputError, 422, "invalid input"),
    (ValidationFailedError, 422, "validation failed"),
    (StoreUnavailableError, 503, "store unavailable"),
    (StoreDataError, 500, "store data unreadable"),
    (EcographError, 500, "internal error"),
)


def status_for(exc: EcographError) -> tuple[int, str]:
    """Return ``(status code, short reason)`` for an ecograph error.

    Examples
    --------
    >>> status_for(NotFoundError("unknown Park id 'X'"))
    (404, 'not found')
    >>> status_for(StoreUnavailableError("down"))
    (503, 'store unavailable')
    """
    return next((code, reason) for cls, code, reason in STATUS_CODES if isinstance(exc, cls))


def _body(status: int, error: str, detail: object,
          headers: dict[str, str] | None = None, request: Request | None = None) -> Response:
    if (request is not None and request.method == "GET"
            and wants_page(request.url.path, request.headers.get("accept", ""))):
        return error_page(status, error, detail, headers)  # a browser on a page URL
    return JSONResponse(status_code=status, content={"error": error, "detail": detail},
                        headers=headers)


async def _ecograph_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, EcographError):  # pragma: no cover - registered for EcographError
        raise exc
    status, reason = status_for(exc)
    if status >= 500:
        logger.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        detail = str(exc) if isinstance(exc, (StoreUnavailableError, StoreDataError)) \
            else "see the server log"
    else:
        detail = str(exc)
    return _body(status, reason, detail, request=request)


async def _validation_error(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [
        {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
        for err in errors
    ]
    return _body(422, "invalid parameters", detail, request=request)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    detail = exc.detail if isinstance(exc, StarletteHTTPException) else ""
    headers = dict(exc.headers or {}) if isinstance(exc, StarletteHTTPException) else {}
    if status == 405 and "Allow" not in headers:
        headers["Allow"] = _allowed(request)
    reason = {404: "not found", 405: "method not allowed"}.get(status, "http error")
    return _body(status, reason, str(detail), headers, request=request)


def _allowed(request: Request) -> str:
    """The methods the app serves at the request's path (the ``Allow`` of a 405)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods)) or "GET"


async def _unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("%s %s crashed", request.method, request.url.path, exc_info=exc)
    return _body(500, "internal error", "see the server log", request=request)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(EcographError, _ecograph_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
