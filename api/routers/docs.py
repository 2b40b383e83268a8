"""``/docs`` and ``/redoc`` served from files shipped in the package (no CDN).

FastAPI's default pages load Swagger UI and ReDoc from a CDN, which offline
intranets cannot reach. The app turns those off (``docs_url=None``) and this
router serves the same pages with the scripts, stylesheet and icon of
``api/static/docs`` (Swagger UI 5.35.0 from npm ``swagger-ui-dist``, ReDoc
2.5.1 from npm ``redoc``; their licences sit beside them) under
``/static/docs``. Swagger UI's online validator badge is switched off.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

__all__ = ["DOCS_ASSET_DIR", "DOCS_ASSET_URL", "router"]

#: Folder of the shipped Swagger UI and ReDoc files (package data of ``ecograph.api``).
DOCS_ASSET_DIR = Path(str(resources.files("ecograph.api") / "static" / "docs"))
#: Where the app mounts :data:`DOCS_ASSET_DIR`.
DOCS_ASSET_URL = "/static/docs"

router = APIRouter(include_in_schema=False)


def _openapi_url(request: Request) -> str:
    return str(request.app.openapi_url or "/openapi.json")


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI on the service's own OpenAPI document."""
    return get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} · API",
        swagger_js_url=f"{DOCS_ASSET_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_ASSET_URL}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_ASSET_URL}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None, "deepLinking": True},
    )


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """ReDoc on the service's own OpenAPI document (no web fonts)."""
    return get_redoc_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} · ReDoc",
        redoc_js_url=f"{DOCS_ASSET_URL}/redoc.standalone.js",
        redoc_favicon_url=f"{DOCS_ASSET_URL}/favicon-32x32.png",
        with_google_fonts=False,
    )
