"""The FastAPI app factory.

One store per process: the lifespan opens it with
:func:`ecograph.stores.open_store` (or uses the store a test injects, which
it then leaves open) and builds the :class:`~api.deps.ServiceState` holding it
with the settings and the result cache. :class:`~api.fastpath.CachedHits`
answers repeated cached URLs before routing. Routers come from
:data:`api.routers.ROUTERS`; :func:`create_app` accepts extra routers so new
concerns (reports, indicators) plug in without touching the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ecograph.api.cache import ResultCache
from ecograph.api.deps import ServiceState
from ecograph.api.errors import install_error_handlers
from ecograph.api.fastpath import CachedHits
from ecograph.api.guard import RequestGuard
from ecograph.api.routers import ROUTERS
from ecograph.api.routers.docs import DOCS_ASSET_DIR, DOCS_ASSET_URL
from ecograph.errors import EcographError
from ecograph.settings import Settings, get_settings
from ecograph.stores import open_store
from ecograph.stores.base import GraphStore
from ecograph.viz import VIS_ASSET_DIR

__all__ = ["create_app"]

logger = logging.getLogger(__name__)


async def _watch(cache: ResultCache) -> None:
    """Fingerprint the store every ``check_seconds`` (off the request path)."""
    while True:
        await asyncio.sleep(cache.check_seconds)
        try:
            await run_in_threadpool(cache.refresh)
        except EcographError as exc:  # store down: keep serving, /health reports it
            logger.warning("cache refresh failed: %s", exc)


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    *,
    extra_routers: Iterable[APIRouter] = (),
) -> FastAPI:
    """Build the ecograph API.

    Parameters
    ----------
    settings : Settings, optional
        Defaults to :func:`ecograph.settings.get_settings`.
    store : GraphStore, optional
        An open store to serve (tests); by default the lifespan opens the
        configured one and closes it on shutdown.
    extra_routers : Iterable[APIRouter]
        Routers mounted after the built-in ones.

    Examples
    --------
    >>> app = create_app(Settings())
    >>> "/parks/{park}/chains/{chain}/linkage" in app.openapi()["paths"]
    True
    """
    config = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with contextlib.ExitStack() as stack:
            served = store if store is not None else stack.enter_context(open_store(config))
            cache = ResultCache(served)
            app.state.ecograph = ServiceState(store=served, settings=config, cache=cache)
            await run_in_threadpool(cache.refresh)
            watcher = asyncio.create_task(_watch(cache))
            logger.info("ecograph API ready (store: %s)", config.store)
            try:
                yield
            finally:
                watcher.cancel()

    app = FastAPI(
        title="ecograph",
        summary="Knowledge graph of industrial-park innovation ecosystems",
        description=("Parks, organisations and industry chains; chain linkage and gaps, "
                     "incubation handoffs, collaboration density; interactive maps. "
                     "园区创新生态知识图谱。"),
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served offline by api.routers.docs
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(CachedHits)
    app.add_middleware(RequestGuard, allowed_hosts=config.allowed_hosts,
                       timeout=config.request_timeout or None)
    for router in (*ROUTERS, *extra_routers):
        app.include_router(router)
    app.mount("/static/vis", StaticFiles(directory=VIS_ASSET_DIR), name="vis")
    app.mount(DOCS_ASSET_URL, StaticFiles(directory=DOCS_ASSET_DIR), name="docs-assets")
    return app
