"""``GET /export.ttl`` and ``GET /export.jsonld``: the store as RDF.

Turtle is streamed: rows are turned into RDF and serialised a chunk at a time
(each chunk a Turtle document with its ``@prefix`` lines, which Turtle allows
anywhere), so no whole-graph RDF object is ever built and the first bytes go
out at once. JSON-LD, one JSON value, is built whole and cached.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import iterate_in_threadpool

from ecograph.api.cache import CachedBody
from ecograph.api.deps import State
from ecograph.api.respond import serve_cached
from ecograph.api.schemas import ERROR_RESPONSES
from ecograph.mapping import rows_to_rdf
from ecograph.rdfio import serialize

router = APIRouter(tags=["export"])

_TYPES = {"turtle": "text/turtle; charset=utf-8", "jsonld": "application/ld+json"}
#: Rows turned into RDF and serialised at a time by the streamed export.
CHUNK_ROWS = 2000


def turtle_chunks(state: State) -> Iterator[bytes]:
    """The store as a sequence of Turtle documents of ``CHUNK_ROWS`` rows each."""
    nodes, edges = state.store.iter_rows()
    for start in range(0, max(len(nodes), 1), CHUNK_ROWS):
        yield serialize(rows_to_rdf(nodes[start:start + CHUNK_ROWS], []), "turtle").encode()
    for start in range(0, len(edges), CHUNK_ROWS):
        yield serialize(rows_to_rdf([], edges[start:start + CHUNK_ROWS]), "turtle").encode()


async def _export(state: State, fmt: str) -> Response:
    def compute() -> CachedBody:
        nodes, edges = state.store.iter_rows()
        text = serialize(rows_to_rdf(nodes, edges), fmt)
        return CachedBody(text.encode("utf-8"), _TYPES[fmt])
    return await serve_cached(state, ("export", fmt), compute)


@router.get("/export.ttl", responses={**ERROR_RESPONSES, 200: {"content": {"text/turtle": {}}}},
            response_class=Response)
async def export_turtle(state: State) -> Response:
    """The whole graph in Turtle (ontology terms, qualified relations, provenance), streamed."""
    return StreamingResponse(iterate_in_threadpool(turtle_chunks(state)),
                             media_type=_TYPES["turtle"])


@router.get("/export.jsonld",
            responses={**ERROR_RESPONSES, 200: {"content": {"application/ld+json": {}}}},
            response_class=Response)
async def export_jsonld(state: State) -> Response:
    """The whole graph in JSON-LD."""
    return await _export(state, "jsonld")
