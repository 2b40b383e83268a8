"""The Neo4j adapter's driver path against a real Bolt server.

Without ``ECOGRAPH_NEO4J_URI`` the Bolt server is FalkorDB's experimental Bolt
port, on its own embedded server. What it supports, and so what this checks:
managed read/write transactions through the official ``neo4j`` driver, with
payloads under 4 KB (larger Bolt messages crash it), on a server without the
append-only file (Bolt connections crash it otherwise). It does not accept
Neo4j's constraint DDL, so the schema step is marked done here; the full suite
(``test_neo4j_store.py``) covers it on a real Neo4j.
"""

from __future__ import annotations

import random
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase

from ecograph.errors import StoreError, StoreUnavailableError
from ecograph.stores.falkordb.server import ensure_server, stop_server
from ecograph.stores.neo4j_store import Neo4jStore

pytestmark = pytest.mark.integration

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def _free_port() -> int:
    """A free port below 32768: FalkorDB reads ``BOLT_PORT`` as a signed 16-bit number."""
    rng = random.Random()
    for _ in range(100):
        port = rng.randrange(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below 32768")


@pytest.fixture(scope="module")
def bolt_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jStore]:
    data_dir = tmp_path_factory.mktemp("bolt")
    port = _free_port()
    ensure_server(data_dir, bolt_port=port, appendonly=False)
    driver = GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("falkordb", ""))
    store = Neo4jStore(driver, "ecograph_bolt", batch_size=4, owns_driver=True)
    store._schema_ready = True  # FalkorDB's Bolt has no CREATE CONSTRAINT; see module doc
    try:
        yield store
    finally:
        store.close()
        stop_server(Path(data_dir))


def _tiny_rows() -> Rows:
    stamp = {"source": "bolt", "loaded_at": "2024-01-01T00:00:00+00:00"}
    nodes = [
        {"id": "P", "label": "Park", "labels": ["Park"], "props": {"name": "园", **stamp}},
        {"id": "a", "label": "Enterprise", "labels": ["Organization", "Enterprise"],
         "props": {"name": "甲", "employees": 10, **stamp}},
        {"id": "b", "label": "Enterprise", "labels": ["Organization", "Enterprise"],
         "props": {"name": "乙", "qualifications": ["TechSME"], **stamp}},
    ]
    org = "Organization"
    edges = [
        {"key": "k1", "type": "SUPPLIES", "source": "a", "source_label": org, "target": "b",
         "target_label": org, "props": {"weight": 1.5, **stamp}},
        {"key": "k2", "type": "LOCATED_IN", "source": "a", "source_label": org, "target": "P",
         "target_label": "Park", "props": dict(stamp)},
    ]
    return nodes, edges


def test_load_stats_query_projection_over_bolt(bolt_store: Neo4jStore) -> None:
    report = bolt_store.load(*_tiny_rows(), source="bolt")
    assert (report.nodes, report.edges) == (3, 2)
    bolt_store.load(*_tiny_rows(), source="bolt")  # idempotent through the driver too
    assert bolt_store.stats() == {
        "nodes": {"Enterprise": 2, "Organization": 2, "Park": 1},
        "relationships": {"LOCATED_IN": 1, "SUPPLIES": 1},
    }
    rows = bolt_store.run("firm_suppliers_customers", {"org": "a"})
    assert [(r["role"], r["id"], r["weight"]) for r in rows] == [("customer", "b", 1.5)]
    graph = bolt_store.to_networkx(rel_types=["SUPPLIES"])
    assert graph.nodes["b"]["qualifications"] == ["TechSME"]
    assert graph.edges["a", "b", "k1"]["type"] == "SUPPLIES"


def test_rejected_statement_raises_store_error(bolt_store: Neo4jStore) -> None:
    with pytest.raises(StoreError) as caught:
        bolt_store._write("MATCH (n) RETURN n.id AS id ORDER BY nonsense(", {})
    assert not isinstance(caught.value, StoreUnavailableError)
    assert bolt_store._read("RETURN 1 AS one", {}) == [{"one": 1}]  # still serving
