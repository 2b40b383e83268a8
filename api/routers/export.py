"""``GET /export.ttl`` and ``GET /export.jsonld``: the store as RDF."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ecograph.api.cache import CachedBody
from ecograph.api.deps import State
from ecograph.api.respond import serve_cached
from ecograph.api.schemas import ERROR_RESPONSES
from ecograph.mapping import rows_to_rdf
from ecograph.rdfio import serialize

router = APIRouter(tags=["export"])

_TYPES = {"turtle": "text/turtle; charset=utf-8", "jsonld": "application/ld+json"}


async def _export(state: State, fmt: str) -> Response:
    def compute() -> CachedBody:
        nodes, edges = state.store.iter_rows()
        text = serialize(rows_to_rdf(nodes, edges), fmt)
        return CachedBody(text.encode("utf-8"), _TYPES[fmt])
    return await serve_cached(state, ("export", fmt), compute)


@router.get("/export.ttl", responses={**ERROR_RESPONSES, 200: {"content": {"text/turtle": {}}}},
            response_class=Response)
async def export_turtle(state: State) -> Response:
    """The whole graph in Turtle (ontology terms, qualified relations, provenance)."""
    return await _export(state, "turtle")


@router.get("/export.jsonld",
            responses={**ERROR_RESPONSES, 200: {"content": {"application/ld+json": {}}}},
            response_class=Response)
async def export_jsonld(state: State) -> Response:
    """The whole graph in JSON-LD."""
    return await _export(state, "jsonld")
