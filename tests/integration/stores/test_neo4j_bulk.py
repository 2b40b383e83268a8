"""Neo4j's bulk import (``neo4j-admin database import``) builds the graph a ``MERGE`` load builds.

The session's local Neo4j is loaded with ``tests/fixtures/full`` through
``GraphStore.load``, fingerprinted, stopped, rebuilt from the same rows with
:func:`ecograph.stores.neo4j_local.bulk_import_local`, restarted and
fingerprinted again: every node (id, labels, properties with their types) and
every relationship (type, key, ends, properties) must be the same.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from ecograph.errors import StoreError
from ecograph.stores.neo4j_local import (
    LocalNeo4j,
    bulk_import_local,
    local_status,
    start_local,
    stop_local,
)
from ecograph.stores.neo4j_store import Neo4jStore

pytestmark = [pytest.mark.integration, pytest.mark.neo4j]

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]
STAMP = "2026-12-02T00:00:00+00:00"


def _fingerprints(store: Neo4jStore) -> tuple[str, str, int, int]:
    nodes = store._read("MATCH (n) RETURN n.id AS id, labels(n) AS labels, "
                        "properties(n) AS props", {})
    edges = store._read("MATCH (a)-[r]->(b) RETURN r.key AS key, type(r) AS type, "
                        "a.id AS a, b.id AS b, properties(r) AS props", {})

    def digest(rows: list[dict[str, Any]]) -> str:
        plain = sorted(repr((sorted((k, sorted(v) if k == "labels" else v)
                                    for k, v in row.items() if k != "props"),
                             sorted((k, type(v).__name__, repr(v))
                                    for k, v in row["props"].items())))
                       for row in rows)
        return hashlib.sha1("\n".join(plain).encode()).hexdigest()

    return digest(nodes), digest(edges), len(nodes), len(edges)


def _stamped(rows: Rows) -> Rows:
    nodes = [{**n, "props": {**n["props"], "loaded_at": STAMP}} for n in rows[0]]
    edges = [{**e, "props": {**e["props"], "loaded_at": STAMP}} for e in rows[1]]
    return nodes, edges


def test_bulk_import_equals_merge_load(neo4j_local: LocalNeo4j, neo4j_store: Neo4jStore,
                                       full_rows: Rows) -> None:
    nodes, edges = _stamped(full_rows)
    report = neo4j_store.load(nodes, edges, source="full")
    merged = _fingerprints(neo4j_store)
    stats = neo4j_store.stats()
    assert merged[2] == report.nodes > 0 and merged[3] > 0
    neo4j_store.close()
    data_dir = Path(neo4j_local.data_dir).parents[1]
    with pytest.raises(StoreError, match="stop the local Neo4j"):
        bulk_import_local(data_dir, nodes, edges, source="full")
    assert stop_local(data_dir)
    try:
        done = bulk_import_local(data_dir, nodes, edges, source="full")
    finally:
        again = start_local(data_dir, port=neo4j_local.port)
    assert done.files.node_count == merged[2]
    assert done.files.edge_count == merged[3]
    assert done.files.dropped_edges == 0
    assert not (data_dir / "neo4j-local" / "import").exists()  # the CSV files are removed
    bulk = Neo4jStore.connect(again.uri, user=again.user, password=again.password)
    try:
        bulk.ensure_schema()
        assert _fingerprints(bulk) == merged
        assert bulk.stats() == stats
        # the uniqueness constraint holds on the imported data
        with pytest.raises(StoreError):
            first = nodes[0]
            bulk._write(f"CREATE (:{first['label']} {{id: $id}})", {"id": first["id"]})
    finally:
        bulk.close()


def test_load_bulk_builds_the_local_neo4j_from_the_stream(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, neo4j_local: LocalNeo4j,
        neo4j_store: Neo4jStore, full_rows: Rows) -> None:
    """``ecograph load --bulk`` on ``ECOGRAPH_STORE=neo4j``: the same graph as a MERGE load."""
    from typer.testing import CliRunner

    from ecograph.cli.app import app
    from ecograph.settings import get_settings

    neo4j_store.load(*full_rows, source="full")
    merged = neo4j_store.stats()
    for key in ("ECOGRAPH_NEO4J_URI", "ECOGRAPH_NEO4J_USER", "ECOGRAPH_NEO4J_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ECOGRAPH_STORE", "neo4j")
    monkeypatch.setenv("ECOGRAPH_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "full"
    try:
        done = CliRunner().invoke(app, ["load", str(fixture), "--bulk", "--source", "full"])
        assert done.exit_code == 0, done.output
        state = local_status(tmp_path)
        assert state is not None
        bulk = Neo4jStore.connect(state.uri, user=state.user, password=state.password)
        try:
            assert bulk.stats() == merged
        finally:
            bulk.close()
        again = CliRunner().invoke(app, ["load", str(fixture), "--bulk"])
        assert again.exit_code != 0  # the database holds nodes: refused, kept
        assert isinstance(again.exception, StoreError) and "holds" in str(again.exception)
    finally:
        stop_local(tmp_path)
        get_settings.cache_clear()
