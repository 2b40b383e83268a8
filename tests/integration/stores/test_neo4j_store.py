"""The Neo4j store on a live Neo4j 5 (runs only when ``ECOGRAPH_NEO4J_URI`` is set)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from ecograph.errors import StoreError
from ecograph.settings import Settings
from ecograph.stores.neo4j_store import Neo4jStore

pytestmark = [
    pytest.mark.integration,
    pytest.mark.neo4j,
    pytest.mark.skipif(not os.environ.get("ECOGRAPH_NEO4J_URI"),
                       reason="ECOGRAPH_NEO4J_URI is not set"),
]

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


@pytest.fixture
def neo4j_store() -> Iterator[Neo4jStore]:
    settings = Settings(store="neo4j")
    uri = settings.neo4j_uri or ""
    store = Neo4jStore.connect(uri, user=settings.neo4j_user,
                               password=settings.neo4j_password.get_secret_value(),
                               database=settings.neo4j_database, batch_size=4)
    store.clear()
    try:
        yield store
    finally:
        store.clear()
        store.close()


def test_load_is_idempotent_and_counted(neo4j_store: Neo4jStore, sample_rows: Rows) -> None:
    first = neo4j_store.load(*sample_rows, source="sample")
    second = neo4j_store.load(*sample_rows, source="sample")
    assert (first.nodes, first.edges) == (second.nodes, second.edges) == (11, 17)
    stats = neo4j_store.stats()
    assert stats["nodes"]["Organization"] == 6
    assert stats["relationships"]["LOCATED_IN"] == 4


def test_constraints_exist(neo4j_store: Neo4jStore) -> None:
    neo4j_store.ensure_schema()
    rows = neo4j_store._read("SHOW CONSTRAINTS YIELD name RETURN name", {})
    assert {"organization_id", "park_id"} <= {r["name"] for r in rows}


def test_failing_batch_is_not_applied(neo4j_store: Neo4jStore) -> None:
    rows = [{"id": f"o{i}", "label": "Enterprise", "labels": ["Organization", "Enterprise"],
             "props": {"bad": {"nested": 1}} if i == 3 else {}} for i in range(6)]
    with pytest.raises(StoreError, match="batch 1"):
        neo4j_store.load(rows, [], source="t")
    assert neo4j_store.stats()["nodes"] == {}


def test_named_queries_and_projection(neo4j_store: Neo4jStore, sample_rows: Rows) -> None:
    neo4j_store.load(*sample_rows, source="sample")
    assert neo4j_store.run("chain_funds", {"chain": "C"})[0]["amount"] == 700.0
    path = neo4j_store.run("shortest_connection", {"source": "x", "target": "b"})
    assert path[0]["nodes"] == ["x", "a", "b"]
    assert set(neo4j_store.to_networkx(park="P").nodes) == {"P", "P1", "a", "u", "b", "i"}
