"""``GET /health``: the store is reachable; node and relationship counts."""

from __future__ import annotations

from fastapi import APIRouter

from ecograph.api.deps import State
from ecograph.api.schemas import ERROR_RESPONSES, Health
from ecograph.errors import StoreUnavailableError
from ecograph.vocab import LABEL_PARENTS

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses=ERROR_RESPONSES)
def health(state: State) -> Health:
    """The store's counts from the cache's last check (503 when it failed).

    The background check runs every second or so; ``/health`` itself sends no
    query, so any number of health checks cost the store nothing. Nodes carry
    all their ancestor labels, so ``nodes`` sums the root labels only
    (``Organization``, ``Park``, ...): each node is counted once.
    """
    if state.cache.stats_error is not None:
        raise StoreUnavailableError(state.cache.stats_error)
    counts = state.cache.stats
    if counts is None:
        state.cache.refresh()
        counts = state.cache.stats or {"nodes": {}, "relationships": {}}
    roots = {str(label) for label, parent in LABEL_PARENTS.items() if parent is None}
    return Health(
        status="ok",
        store=state.settings.store,
        nodes=sum(n for label, n in counts.get("nodes", {}).items() if label in roots),
        relationships=sum(counts.get("relationships", {}).values()),
        counts=counts,
        cache_generation=state.cache.generation,
    )
