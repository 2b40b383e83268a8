"""Run the API with uvicorn (used by ``ecograph serve`` and ``ecograph demo``).

uvicorn picks ``uvloop`` and ``httptools`` when installed (they are
dependencies), the access log is off (one log line per request costs more
than serving a cached body), and ``workers > 1`` runs that many processes,
each with its own store connection and cache, behind one socket.
"""

from __future__ import annotations

import logging

import uvicorn
from fastapi import FastAPI

from ecograph.api.app import create_app
from ecograph.errors import ConfigError
from ecograph.settings import get_settings

__all__ = ["app_from_settings", "serve"]

logger = logging.getLogger(__name__)


def app_from_settings() -> FastAPI:
    """The app for the configured settings (uvicorn's factory in each worker)."""
    return create_app(get_settings())


def serve(host: str, port: int, *, workers: int = 1, access_log: bool = False) -> None:
    """Serve the ecograph API on ``host:port`` until interrupted (blocking).

    Parameters
    ----------
    host, port
        Where to listen.
    workers
        Server processes (1: this process serves).
    access_log
        Log every request (off by default: it costs throughput under load).
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, not {workers}")
    logger.info("serving on http://%s:%d/ (%d worker%s)", host, port, workers,
                "" if workers == 1 else "s")
    if workers == 1:
        uvicorn.run(app_from_settings(), host=host, port=port, log_level="info",
                    access_log=access_log)
    else:
        uvicorn.run("ecograph.api.server:app_from_settings", factory=True, host=host, port=port,
                    workers=workers, log_level="info", access_log=access_log)
