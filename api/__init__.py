"""The ecograph HTTP service: FastAPI app factory, routers per concern, schemas.

Start it with ``ecograph serve`` (:func:`api.server.serve`) or build the app
with :func:`api.app.create_app`.
"""

from ecograph.api.app import create_app

__all__ = ["create_app"]
