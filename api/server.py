"""Run the API with uvicorn (used by ``ecograph serve`` and ``ecograph demo``)."""

from __future__ import annotations

import logging

import uvicorn

from api.app import create_app
from ecograph.settings import get_settings

__all__ = ["serve"]

logger = logging.getLogger(__name__)


def serve(host: str, port: int) -> None:
    """Serve the ecograph API on ``host:port`` until interrupted (blocking)."""
    app = create_app(get_settings())
    logger.info("serving on http://%s:%d/", host, port)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
