"""What only Neo4j has, or what must match FalkorDB, on the session's local Neo4j.

The shared suite (``test_load``, ``test_queries``, ``test_projection``,
``test_cli``) runs on both stores through the parametrised ``store``; this
module adds the Neo4j schema, a restart, and FalkorDB-equal projections.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ecograph.stores.falkordb.store import FalkorDBStore
from ecograph.stores.neo4j_local import LocalNeo4j, start_local, stop_local
from ecograph.stores.neo4j_store import Neo4jStore

pytestmark = [pytest.mark.integration, pytest.mark.neo4j]

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def test_constraints_and_indexes(neo4j_store: Neo4jStore) -> None:
    neo4j_store.ensure_schema()
    constraints = neo4j_store._read(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "RETURN name, type, labelsOrTypes AS labels, properties", {})
    by_name = {r["name"]: r for r in constraints}
    assert {"organization_id", "park_id", "industrychain_id"} <= set(by_name)
    assert by_name["organization_id"]["type"] == "UNIQUENESS"
    assert by_name["organization_id"]["labels"] == ["Organization"]
    assert by_name["organization_id"]["properties"] == ["id"]
    indexes = {r["name"] for r in neo4j_store._read("SHOW INDEXES YIELD name RETURN name", {})}
    assert {"organization_source", "park_source"} <= indexes
    neo4j_store._schema_ready = False
    neo4j_store.ensure_schema()  # a second run is a no-op (IF NOT EXISTS)


def _edge_view(graph: nx.MultiDiGraph) -> list[tuple[Any, ...]]:
    return sorted((u, v, k, sorted(d.items())) for u, v, k, d in graph.edges(keys=True, data=True))


def _node_view(graph: nx.MultiDiGraph) -> list[tuple[Any, ...]]:
    nodes = graph.nodes(data=True)
    return sorted((n, sorted((k, repr(v)) for k, v in d.items())) for n, d in nodes)


@pytest.mark.parametrize("kwargs", [{}, {"park": "P1"}, {"rel_types": ["SUPPLIES", "INVESTS_IN"]}])
def test_projection_equals_falkordb(neo4j_store: Neo4jStore, falkordb_store: FalkorDBStore,
                                    full_rows: Rows, kwargs: dict[str, Any]) -> None:
    neo4j_store.load(*full_rows, source="full")
    falkordb_store.load(*full_rows, source="full")
    mine = neo4j_store.to_networkx(**kwargs)
    theirs = falkordb_store.to_networkx(**kwargs)
    assert mine.number_of_nodes() > 0
    assert _node_view(mine) == _node_view(theirs)
    assert _edge_view(mine) == _edge_view(theirs)


def test_rows_equal_falkordb(neo4j_store: Neo4jStore, falkordb_store: FalkorDBStore,
                             full_rows: Rows) -> None:
    neo4j_store.load(*full_rows, source="full")
    falkordb_store.load(*full_rows, source="full")

    def plain(rows: Rows) -> tuple[list[str], list[str]]:
        def strip(row: dict[str, Any]) -> str:
            props = {k: v for k, v in row["props"].items() if k != "loaded_at"}
            return repr(sorted({**row, "props": sorted(props.items())}.items()))
        return sorted(map(strip, rows[0])), sorted(map(strip, rows[1]))

    assert plain(neo4j_store.iter_rows()) == plain(falkordb_store.iter_rows())  # type: ignore[arg-type]


def test_restart_keeps_data(neo4j_local: LocalNeo4j, neo4j_store: Neo4jStore,
                            sample_rows: Rows) -> None:
    neo4j_store.load(*sample_rows, source="sample")
    before = neo4j_store.stats()
    neo4j_store.close()
    data_dir = Path(neo4j_local.data_dir).parents[1]
    assert stop_local(data_dir)
    again = start_local(data_dir, port=neo4j_local.port)
    assert again.port == neo4j_local.port
    reopened = Neo4jStore.connect(again.uri, user=again.user, password=again.password)
    try:
        assert reopened.stats() == before
    finally:
        reopened.close()


def test_cli_status_and_open_store_find_the_local_neo4j(
    neo4j_local: LocalNeo4j, monkeypatch: pytest.MonkeyPatch, sample_rows: Rows,
    neo4j_store: Neo4jStore,
) -> None:
    import json

    from typer.testing import CliRunner

    from ecograph.cli.app import app
    from ecograph.settings import Settings, get_settings
    from ecograph.stores import open_store

    data_dir = Path(neo4j_local.data_dir).parents[1]
    monkeypatch.setenv("ECOGRAPH_DATA_DIR", str(data_dir))
    monkeypatch.delenv("ECOGRAPH_NEO4J_URI")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["store", "status", "--store", "neo4j", "--local", "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert status["running"] and status["uri"].startswith("bolt://127.0.0.1:")
    with open_store(Settings(store="neo4j", data_dir=data_dir)) as store:
        store.load(*sample_rows, source="sample")
    assert neo4j_store.stats()["nodes"]["Organization"] == 6



@pytest.mark.parametrize("page_size", [1, 7, 20_000])
def test_paged_rows_equal_the_whole_read(neo4j_store: Neo4jStore, full_rows: Rows,
                                         page_size: int) -> None:
    neo4j_store.load(*full_rows, source="full")
    pages = list(neo4j_store.iter_row_pages(page_size))
    nodes = [n for page in pages for n in page[0]]
    edges = [e for page in pages for e in page[1]]
    whole_nodes, whole_edges = neo4j_store.iter_rows()
    assert sorted(nodes, key=lambda r: r["id"]) == sorted(whole_nodes, key=lambda r: r["id"])
    assert sorted(edges, key=lambda r: r["key"]) == sorted(whole_edges, key=lambda r: r["key"])
    assert (len(nodes), len(edges)) == (len(full_rows[0]), len(full_rows[1]))
    assert max(len(page[0]) for page in pages) <= page_size
    if page_size == 1:  # one node per page: a page per node, the edges with their source
        assert len(pages) == len(nodes)
        assert all(e["source"] == page[0][0]["id"] for page in pages for e in page[1])
