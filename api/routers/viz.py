"""Interactive visualisations as HTML pages (pyvis / vis-network).

Pages reference vis-network from ``/static/vis`` (the copy shipped inside
pyvis), so nothing is fetched from the internet; positions are computed on
the server and browser physics stops after a short stabilisation.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from ecograph.analysis.chain.linkage import chain_linkage
from ecograph.analysis.collaboration.density import collaboration_graph
from ecograph.analysis.incubation.handoffs import incubation_handoffs
from ecograph.api.cache import CachedBody
from ecograph.api.deps import State
from ecograph.api.respond import html_body, serve_cached
from ecograph.api.schemas import HTML_ERRORS, NO_CONTROL, YEAR_RANGE_RULE
from ecograph.viz import (
    chain_map_view,
    collaboration_view,
    ego_subgraph,
    ego_view,
    incubation_view,
    render_html,
)
from ecograph.viz.ego import MAX_DEPTH

router = APIRouter(prefix="/viz", tags=["visualisations"])

ASSET_BASE = "/static/vis"
_HTML = {**HTML_ERRORS, 200: {"content": {"text/html": {}}}}

Id = Annotated[str, Query(max_length=200, pattern=NO_CONTROL)]
OptionalId = Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL)]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Until = Annotated[int | None, Query(ge=1900, le=2100, description=YEAR_RANGE_RULE)]
#: Largest node cap of a drawing: pyvis adds edges in quadratic time (5,000 nodes: ~12 s).
MAX_CAP = 5000
Cap = Annotated[int | None, Query(ge=10, le=MAX_CAP, description="node cap (default setting)")]


@router.get("/collaboration", response_class=HTMLResponse, responses=_HTML)
async def viz_collaboration(request: Request, state: State, park: Id,
                            chain: OptionalId = None, since: Year = None,
                            until: Until = None, cap: Cap = None) -> Response:
    """Collaboration network of a park: colour by organisation type, size by degree."""
    limit = cap or state.settings.viz_node_cap

    def compute() -> CachedBody:
        graph = collaboration_graph(state.graph(), park, chain=chain, since=since, until=until)
        years = f"{since or ''}–{until or ''}" if since or until else ""
        subtitle = " · ".join(x for x in (park, chain, years) if x)
        page = collaboration_view(graph, cap=limit, subtitle=subtitle)
        return html_body(render_html(page, asset_base=ASSET_BASE))
    key = ("viz-collaboration", park, chain, since, until, limit)
    return await serve_cached(state, key, compute, request)


@router.get("/chain", response_class=HTMLResponse, responses=_HTML)
async def viz_chain(request: Request, state: State, park: Id, chain: Id, firms: bool = True,
              cap: Cap = None) -> Response:
    """Chain map: segments by stage coloured by status, firms and gap candidates."""
    limit = cap or state.settings.viz_node_cap

    def compute() -> CachedBody:
        graph = state.graph()
        page = chain_map_view(graph, chain_linkage(graph, park, chain), show_firms=firms,
                              cap=limit)
        return html_body(render_html(page, asset_base=ASSET_BASE))
    return await serve_cached(state, ("viz-chain", park, chain, firms, limit), compute, request)


@router.get("/incubation", response_class=HTMLResponse, responses=_HTML)
async def viz_incubation(request: Request, state: State, park: Id,
                   window_days: Annotated[int, Query(ge=0, le=3650)] = 365) -> Response:
    """Incubation flow: carriers by stage, handoff edges weighted by flow."""
    def compute() -> CachedBody:
        graph = state.graph()
        report = incubation_handoffs(graph, park, window_days=window_days)
        return html_body(render_html(incubation_view(graph, report, park),
                                     asset_base=ASSET_BASE))
    return await serve_cached(state, ("viz-incubation", park, window_days), compute, request)


@router.get("/ego/{org:path}", response_class=HTMLResponse, responses=_HTML)
async def viz_ego(request: Request, state: State,
                  org: Annotated[str, Path(max_length=200, pattern=NO_CONTROL)],
            depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1, cap: Cap = None) -> Response:
    """An organisation's ego network (all organisation-to-organisation relations)."""
    limit = cap or state.settings.viz_node_cap

    def compute() -> CachedBody:
        sub = ego_subgraph(state.graph(), org, depth=depth, max_nodes=limit)
        return html_body(render_html(ego_view(sub, org, cap=limit, depth=depth),
                                     asset_base=ASSET_BASE))
    return await serve_cached(state, ("viz-ego", org, depth, limit), compute, request)
