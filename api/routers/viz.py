"""Interactive visualisations as HTML pages (pyvis / vis-network).

Pages reference vis-network from ``/static/vis`` (the copy shipped inside
pyvis), so nothing is fetched from the internet; positions are computed on
the server and browser physics stops after a short stabilisation.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from ecograph.analysis.chain.linkage import chain_linkage
from ecograph.analysis.collaboration.density import (
    CollaborationReport,
    collaboration_density,
    collaboration_graph,
)
from ecograph.analysis.incubation.handoffs import incubation_handoffs
from ecograph.api.cache import CachedBody
from ecograph.api.deps import State
from ecograph.api.html_errors import PAGE_ERRORS
from ecograph.api.respond import html_body, serve_cached
from ecograph.api.schemas import NO_CONTROL, YEAR_RANGE_RULE
from ecograph.viz import (
    chain_map_view,
    collaboration_view,
    ego_subgraph,
    ego_view,
    incubation_view,
    render_html,
)
from ecograph.viz.ego import EGO_CAP, MAX_DEPTH
from ecograph.viz.labels import names_of
from ecograph.viz.numbers import count, decimal, percent
from ecograph.viz.render import Figure

router = APIRouter(prefix="/viz", tags=["visualisations"])

ASSET_BASE = "/static/vis"
_HTML = {**PAGE_ERRORS, 200: {"content": {"text/html": {}}}}

Id = Annotated[str, Query(max_length=200, pattern=NO_CONTROL)]
OptionalId = Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL)]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Until = Annotated[int | None, Query(ge=1900, le=2100, description=YEAR_RANGE_RULE)]
#: Largest node cap of a drawing: pyvis adds edges in quadratic time (5,000 nodes: ~12 s).
MAX_CAP = 5000
Cap = Annotated[int | None, Query(ge=10, le=MAX_CAP, description="node cap (default setting)")]


Group = Annotated[Literal["auto", "none", "type", "community"], Query(
    description="auto (by type above a few hundred organisations), none, type or community")]


def _collaboration_figures(report: CollaborationReport) -> tuple[Figure, ...]:
    """The headline figures of the collaboration analysis, rounded for people."""
    return (
        Figure("机构", "organisations", count(report.nodes)),
        Figure("园区内合作关系", "internal ties", count(report.ties)),
        Figure("网络密度", "density", decimal(report.density, 3)),
        Figure("平均合作对象", "mean degree", decimal(report.mean_degree, 1)),
        Figure("最大连通片占比", "giant component", percent(report.giant_component_share)),
        Figure("产学研占比", "industry–academia share", percent(report.iur_share)),
        Figure("开放度（园外合作）", "openness (ties outside)", percent(report.openness)),
    )


@router.get("/collaboration", response_class=HTMLResponse, responses=_HTML)
async def viz_collaboration(request: Request, state: State, park: Id,
                            chain: OptionalId = None, since: Year = None,
                            until: Until = None, cap: Cap = None,
                            group: Group = "auto") -> Response:
    """Collaboration network of a park: isolates counted, communities as clusters.

    Above a few hundred organisations with ties the default is one node per
    organisation type (``group=auto``); ``group=none`` draws every organisation.
    """
    limit = cap or state.settings.viz_node_cap

    def compute() -> CachedBody:
        full = state.graph()
        graph = collaboration_graph(full, park, chain=chain, since=since, until=until)
        for node, attrs in graph.nodes(data=True):  # English names for the labels
            if full.nodes[node].get("name_en"):
                attrs["name_en"] = full.nodes[node]["name_en"]
        report = collaboration_density(full, park, chain=chain, since=since, until=until)
        years = f"{since or ''}–{until or ''}" if since or until else ""
        park_zh, park_en = names_of(park, full.nodes[park])
        chain_zh, chain_en = names_of(chain, full.nodes[chain]) if chain else ("", "")
        subtitle = " · ".join(x for x in (park, chain, years) if x)
        page = collaboration_view(
            graph, cap=limit, subtitle=subtitle, group=group,
            figures=_collaboration_figures(report),
            title=(f"协同创新网络：{park_zh}" + (f" · {chain_zh}" if chain else ""),
                   f"Collaboration network: {park_en}" + (f" · {chain_en}" if chain else "")))
        return html_body(render_html(page, asset_base=ASSET_BASE))
    key = ("viz-collaboration", park, chain, since, until, limit, group)
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
                         window_days: Annotated[int, Query(ge=0, le=3650)] = 365,
                         level: Annotated[Literal["carriers", "stages"], Query(
                             description="carriers (default) or the stage pipeline")]
                         = "carriers") -> Response:
    """Incubation chain: carriers by stage, handoffs, 留园 and 离园 (leakage) by firms."""
    def compute() -> CachedBody:
        graph = state.graph()
        report = incubation_handoffs(graph, park, window_days=window_days)
        return html_body(render_html(incubation_view(graph, report, park, level=level),
                                     asset_base=ASSET_BASE))
    return await serve_cached(state, ("viz-incubation", park, window_days, level), compute,
                              request)


@router.get("/ego/{org:path}", response_class=HTMLResponse, responses=_HTML)
async def viz_ego(request: Request, state: State,
                  org: Annotated[str, Path(max_length=200, pattern=NO_CONTROL)],
            depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1, cap: Cap = None) -> Response:
    """An organisation's ego network, neighbours grouped by relation (depth 1 by default).

    At most ``cap`` organisations (default 150, nearest hops first) are drawn;
    a notice says when more are connected.
    """
    limit = cap or EGO_CAP

    def compute() -> CachedBody:
        sub = ego_subgraph(state.graph(), org, depth=depth, max_nodes=limit + 1)
        more = len(sub) > limit
        return html_body(render_html(ego_view(sub, org, cap=limit, depth=depth, more=more),
                                     asset_base=ASSET_BASE))
    return await serve_cached(state, ("viz-ego", org, depth, limit), compute, request)
