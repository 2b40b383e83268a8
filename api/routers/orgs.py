"""``GET /orgs`` (paged search), ``GET /orgs/{org}``, ``GET /orgs/{org}/neighbors``."""

from __future__ import annotations

from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import StringConstraints

from ecograph.api.cache import CachedBody
from ecograph.api.deps import Format, State
from ecograph.api.readers import org_detail, org_summary, search_orgs
from ecograph.api.respond import csv_body, json_body, serve_cached
from ecograph.api.schemas import (
    CSV_RESPONSE,
    ERROR_RESPONSES,
    NO_CONTROL,
    ORG_TYPE_PATTERN,
    ORG_TYPES,
    Neighbor,
    NeighborEdge,
    Neighborhood,
    OrgDetail,
    OrgPage,
)
from ecograph.viz.ego import MAX_DEPTH, ORG_RELATIONS, ego_subgraph
from ecograph.viz.palette import org_group

router = APIRouter(tags=["organisations"])
_RESPONSES = {**ERROR_RESPONSES, **CSV_RESPONSE}

OrgId = Annotated[str, Path(description="organisation id", max_length=200, pattern=NO_CONTROL)]
Filter = Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL)]


@router.get("/orgs", response_model=OrgPage, responses=_RESPONSES)
async def list_orgs(
    request: Request, state: State,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL,
                                   description="part of a name (zh/en) or id")]
    = None,
    type: Annotated[str | None, Query(
        max_length=100, pattern=ORG_TYPE_PATTERN, json_schema_extra={"enum": list(ORG_TYPES)},
        description="organisation class, e.g. Enterprise, Incubator (subclasses included)")]
    = None,
    park: Filter = None,
    segment: Filter = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    format: Format = "json",
) -> Response:
    """Search organisations by name and filters, a page at a time (sorted by id)."""
    def compute() -> CachedBody:
        graph = state.graph()
        ids = search_orgs(graph, q=q, type_=type, park=park, segment=segment)
        items = [org_summary(graph, org) for org in ids[offset: offset + limit]]
        if format == "csv":
            return csv_body((i.model_dump() for i in items), "orgs",
                            ["id", "name", "name_en", "type", "label", "parks"])
        return json_body(OrgPage(total=len(ids), limit=limit, offset=offset, items=items))
    key = ("orgs", q, type, park, segment, limit, offset, format)
    return await serve_cached(state, key, compute, request)


def _types(raw: list[str] | None) -> list[str]:
    if not raw:
        return [str(t) for t in ORG_RELATIONS]
    return sorted({part.strip() for item in raw for part in item.split(",") if part.strip()})


@router.get("/orgs/{org:path}/neighbors", response_model=Neighborhood, responses=_RESPONSES)
async def neighbors(
    request: Request, org: OrgId,
    state: State,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    types: Annotated[list[Annotated[str, StringConstraints(pattern=NO_CONTROL)]] | None,
                     Query(max_length=400, description="relation types (repeat or comma)")]
    = None,
    format: Format = "json",
) -> Response:
    """Organisations within ``depth`` hops over the given relation types (CSV: the nodes)."""
    wanted = _types(types)

    def compute() -> CachedBody:
        graph = state.graph()
        sub = ego_subgraph(graph, org, depth=depth, types=wanted)
        hops = nx.single_source_shortest_path_length(nx.Graph(sub), org)
        nodes = [
            Neighbor(id=n, name=str(sub.nodes[n].get("name", n)),
                     type=org_group(sub.nodes[n].get("label")), hops=hops.get(n, 0))
            for n in sorted(sub, key=lambda n: (hops.get(n, 0), n)) if n != org
        ]
        if format == "csv":
            return csv_body((n.model_dump() for n in nodes), f"neighbors-{org}",
                            ["id", "name", "type", "hops"])
        edges = [NeighborEdge(source=u, target=v, type=str(a.get("type")))
                 for u, v, a in sorted(sub.edges(data=True), key=lambda e: (e[0], e[1]))]
        return json_body(Neighborhood(org=org, depth=depth, types=wanted, nodes=nodes,
                                      edges=edges))
    key = ("neighbors", org, depth, tuple(wanted), format)
    return await serve_cached(state, key, compute, request)


@router.get("/orgs/{org:path}", response_model=OrgDetail, responses=ERROR_RESPONSES)
async def get_org(request: Request, org: OrgId, state: State) -> Response:
    """One organisation: properties, parks, segments, relation counts."""
    return await serve_cached(state, ("org", org),
                              lambda: json_body(org_detail(state.graph(), org)), request)
