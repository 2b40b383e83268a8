"""One router per concern; :data:`ROUTERS` is what ``create_app`` mounts, in order."""

from fastapi import APIRouter

from ecograph.api.routers import (
    chains,
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
    health.router, parks.router, chains.router, metrics.router, orgs.router,
    queries.router, export.router, viz.router, explorer.router, report.router,
)
