"""``GET /export.ttl``, ``/export.nt`` and ``/export.jsonld``: the store as RDF, streamed.

The store is read a page of rows at a time (FalkorDB: a window of internal
node ids and the edges leaving it), each page's triples are generated row by
row and serialised at once (:func:`ecograph.rdfio.serialize_rows`: Turtle
written straight from the mapping's terms after one ``@prefix`` block,
N-Triples as lines, JSON-LD as one array of node objects), so no whole-graph
object is ever built, memory holds about one page, and the first bytes go out
at once. Nothing is cached: a repeated export reads the store again.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import iterate_in_threadpool

from ecograph.api.deps import State
from ecograph.api.schemas import ERROR_RESPONSES
from ecograph.rdfio import MEDIA_TYPES, serialize_rows

router = APIRouter(tags=["export"])

#: Store rows per page of the streamed export (FalkorDB: internal node ids per window).
CHUNK_ROWS = 5000


def export_chunks(state: State, fmt: str) -> Iterator[bytes]:
    """The store in ``fmt`` as a sequence of byte chunks, one page of ``CHUNK_ROWS`` each."""
    return serialize_rows(state.store.iter_row_pages(CHUNK_ROWS), fmt)


def turtle_chunks(state: State) -> Iterator[bytes]:
    """The store as one Turtle document, in chunks of ``CHUNK_ROWS`` rows (the first with
    the ``@prefix`` block)."""
    return export_chunks(state, "turtle")


def _stream(state: State, fmt: str) -> Response:
    media = MEDIA_TYPES[fmt]
    return StreamingResponse(iterate_in_threadpool(export_chunks(state, fmt)),
                             media_type=media)


@router.get("/export.ttl", responses={**ERROR_RESPONSES, 200: {"content": {"text/turtle": {}}}},
            response_class=Response)
async def export_turtle(state: State) -> Response:
    """The whole graph in Turtle (ontology terms, qualified relations, provenance), streamed."""
    return _stream(state, "turtle")


@router.get("/export.nt",
            responses={**ERROR_RESPONSES, 200: {"content": {"application/n-triples": {}}}},
            response_class=Response)
async def export_ntriples(state: State) -> Response:
    """The whole graph in N-Triples, streamed."""
    return _stream(state, "nt")


@router.get("/export.jsonld",
            responses={**ERROR_RESPONSES, 200: {"content": {"application/ld+json": {}}}},
            response_class=Response)
async def export_jsonld(state: State) -> Response:
    """The whole graph in JSON-LD (expanded node objects in one array), streamed."""
    return _stream(state, "jsonld")
