"""The streamed RDF export: store pages, the three formats, isomorphic to the rdflib mapping."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ecograph.mapping import rows_to_rdf
from ecograph.rdfio import serialize_rows
from ecograph.stores.falkordb import FalkorDBStore

pytestmark = pytest.mark.integration

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def _sorted(rows: Rows) -> Rows:
    return sorted(rows[0], key=lambda r: r["id"]), sorted(rows[1], key=lambda r: r["key"])


@pytest.mark.parametrize("window", [1, 3, 5000])
def test_pages_hold_every_row_once(loaded_store: FalkorDBStore, full_rows: Rows,
                                   window: int) -> None:
    pages = list(loaded_store.iter_row_pages(window))
    nodes = [n for page in pages for n in page[0]]
    edges = [e for page in pages for e in page[1]]
    assert _sorted((nodes, edges)) == _sorted(loaded_store.iter_rows())
    assert (len(nodes), len(edges)) == (len(full_rows[0]), len(full_rows[1]))
    if window == 1:  # one node per page: as many pages as internal ids
        assert len(pages) >= len(full_rows[0])


def test_an_empty_store_exports_nothing(store: FalkorDBStore) -> None:
    assert list(store.iter_row_pages()) == []
    assert json.loads(b"".join(serialize_rows(store.iter_row_pages(), "jsonld"))) == []


@pytest.mark.parametrize(("fmt", "plugin"), [("nt", "nt"), ("turtle", "turtle"),
                                             ("jsonld", "json-ld")])
def test_streamed_export_is_isomorphic_to_the_mapping(loaded_store: FalkorDBStore,
                                                      full_rows: Rows, fmt: str,
                                                      plugin: str) -> None:
    data = b"".join(serialize_rows(loaded_store.iter_row_pages(4), fmt))
    exported = Graph().parse(data=data.decode("utf-8"), format=plugin)
    expected = rows_to_rdf(*loaded_store.iter_rows())
    assert len(exported) == len(expected) == len(rows_to_rdf(*full_rows)) > 0
    assert isomorphic(exported, expected)
