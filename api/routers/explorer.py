"""``GET /``: the explorer page linking the visualisations, with filters."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(tags=["explorer"])

_PAGE = resources.files("ecograph.api") / "templates" / "explorer.html"


@lru_cache(maxsize=1)
def _page() -> str:
    return _PAGE.read_text(encoding="utf-8")


@router.get("/", response_class=HTMLResponse)
def explorer() -> HTMLResponse:
    """The explorer: park / chain / year selects filled from the API, views in a frame."""
    return HTMLResponse(_page())
