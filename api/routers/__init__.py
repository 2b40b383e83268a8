"""One router per concern; :data:`ROUTERS` is what ``create_app`` mounts, in order."""

from fastapi import APIRouter

from ecograph.api.routers import (
    chains,
    cultivation,
    docs,
    explorer,
    export,
    health,
    metrics,
    orgs,
    parks,
    queries,
    report,
    viz,
)

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    # ``/parks/{park:path}`` takes any id, "/" included: it comes after the park sub-routes
    health.router, chains.router, metrics.router, cultivation.router, report.router,
    parks.router, orgs.router,
    queries.router, export.router, viz.router, explorer.router, docs.router,
)
