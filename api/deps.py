"""Request dependencies: the per-process service state (store, settings, cache)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

import networkx as nx
from fastapi import Depends, Query, Request

from ecograph.api.cache import ResultCache
from ecograph.settings import Settings
from ecograph.stores.base import GraphStore

__all__ = ["Format", "ServiceState", "State", "TableFormat", "get_state"]


@dataclass(frozen=True)
class ServiceState:
    """What every request may use; built once in the app's lifespan."""

    store: GraphStore
    settings: Settings
    cache: ResultCache

    def graph(self) -> nx.MultiDiGraph:
        """The cached projection of the whole store (current generation)."""
        return self.cache.graph()

    def park_graph(self, park: str, *, chain: str | None = None, as_of: date | None = None,
                   candidates: bool = True, top_candidates: int = 5) -> nx.MultiDiGraph:
        """The cached park-scoped projection (same analysis results as :meth:`graph`)."""
        return self.cache.park_graph(park, chain=chain, as_of=as_of, candidates=candidates,
                                     top_candidates=top_candidates)


async def get_state(request: Request) -> ServiceState:
    """Return the app's :class:`ServiceState` (set by the lifespan).

    ``async`` on purpose: FastAPI runs a plain ``def`` dependency in the thread
    pool, a thread hop on every request that cost cached endpoints most of
    their time.
    """
    state: ServiceState = request.app.state.ecograph
    return state


State = Annotated[ServiceState, Depends(get_state)]
#: ``?format=json`` (default) or ``?format=csv`` on tabular endpoints.
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
#: ``?format=`` of the table-shaped analyses that also come as Excel.
TableFormat = Annotated[Literal["json", "csv", "xlsx"],
                        Query(description="json (default), csv (UTF-8 with BOM) or xlsx")]
