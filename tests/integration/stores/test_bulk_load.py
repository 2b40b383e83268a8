"""``GRAPH.BULK`` and ``UNWIND … MERGE`` build the same FalkorDB graph from the same rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from ecograph.errors import StoreError
from ecograph.stores.dialect import ROOT_LABELS
from ecograph.stores.falkordb import FalkorDBStore
from ecograph.stores.falkordb.server import ServerState

pytestmark = pytest.mark.integration

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]
STAMP = "2024-05-01T00:00:00+00:00"


@pytest.fixture
def two_graphs(embedded_server: ServerState) -> Iterator[tuple[FalkorDBStore, FalkorDBStore]]:
    stores = tuple(FalkorDBStore.connect(embedded_server.host, embedded_server.port, name,
                                         password=embedded_server.password, batch_size=7)
                   for name in ("ecograph_bulk_merge", "ecograph_bulk_bulk"))
    for store in stores:
        store.clear()
    try:
        yield stores  # type: ignore[misc]
    finally:
        for store in stores:
            store.clear()
            store.close()


def _stamped(rows: Rows) -> Rows:
    def stamp(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "props": {**row["props"], "source": "full", "loaded_at": STAMP}}
    return [stamp(n) for n in rows[0]], [stamp(e) for e in rows[1]]


def _fingerprints(store: FalkorDBStore) -> tuple[list[str], list[str], list[str]]:
    nodes = store._read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", {})
    edges = store._read("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS source, "
                        "b.id AS target, properties(r) AS props", {})
    indexes = store._read("CALL db.indexes() YIELD label, properties "
                          "RETURN label, properties", {})
    def dump(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return (sorted(dump({"labels": sorted(r["labels"]), "props": r["props"]}) for r in nodes),
            sorted(dump(r) for r in edges),
            sorted(dump({"label": r["label"], "properties": sorted(r["properties"])})
                   for r in indexes))


def test_bulk_and_merge_build_the_same_graph(two_graphs: tuple[FalkorDBStore, FalkorDBStore],
                                             full_rows: Rows) -> None:
    merge, bulk = two_graphs
    nodes, edges = _stamped(full_rows)
    merged = merge.load(nodes, edges, source="full", bulk=False)
    bulked = bulk.load(nodes + nodes[:3], edges + edges[:2], source="full", bulk=True)
    assert merged.batches > bulked.batches == 1  # 7-row batches vs one GRAPH.BULK command
    assert (bulked.nodes, bulked.edges) == (len(nodes), len(edges))  # duplicates merged
    node_prints, edge_prints, index_prints = _fingerprints(merge)
    assert len(node_prints) == len(nodes) and len(edge_prints) == len(edges)
    assert _fingerprints(bulk) == (node_prints, edge_prints, index_prints)
    assert index_prints == sorted(json.dumps({"label": root.value, "properties": ["id", "source"]})
                                  for root in ROOT_LABELS)  # as after a MERGE load
    # the bulk-loaded graph takes incremental MERGE loads like any other
    again = bulk.load(nodes, edges, source="full")
    assert again.batches > 1 and _fingerprints(bulk)[:2] == (node_prints, edge_prints)


def test_a_forced_bulk_load_refuses_a_graph_with_nodes(
        two_graphs: tuple[FalkorDBStore, FalkorDBStore], full_rows: Rows) -> None:
    store = two_graphs[0]
    store.load(*full_rows, source="full", bulk=False)
    with pytest.raises(StoreError, match="empty graph"):
        store.load(*full_rows, source="full", bulk=True)


def test_edges_to_missing_ends_are_skipped_as_by_merge(
        two_graphs: tuple[FalkorDBStore, FalkorDBStore], full_rows: Rows) -> None:
    merge, bulk = two_graphs
    nodes, edges = _stamped(full_rows)
    kept = [n for n in nodes if n["id"] != "E1"]
    merge.load(kept, edges, source="full", bulk=False)
    bulk.load(kept, edges, source="full", bulk=True)
    assert _fingerprints(bulk) == _fingerprints(merge)
    assert len(_fingerprints(bulk)[1]) < len(edges)
