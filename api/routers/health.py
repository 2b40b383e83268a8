"""``GET /health``: the store is reachable; node and relationship counts."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import State
from api.schemas import ERROR_RESPONSES, Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses=ERROR_RESPONSES)
def health(state: State) -> Health:
    """Ask the store for its counts (503 when it cannot be reached)."""
    counts = state.store.stats()
    return Health(
        status="ok",
        store=state.settings.store,
        nodes=sum(counts.get("nodes", {}).values()),
        relationships=sum(counts.get("relationships", {}).values()),
        counts=counts,
        cache_generation=state.cache.generation,
    )
