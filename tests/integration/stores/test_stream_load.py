"""``ecograph load`` streams: the graph equals a load of ``read_sources`` rows, either path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ecograph.cli.app import app
from ecograph.loaders import read_sources
from ecograph.resources import DEMO_DIR
from ecograph.stores.falkordb.store import FalkorDBStore
from tests.integration.cli.procs import FIXTURES, run, servers

pytestmark = pytest.mark.integration

runner = CliRunner()


def _graph(store: FalkorDBStore) -> tuple[list[str], list[str]]:
    """Every node and relationship with its props, ``loaded_at`` left out (one per read)."""
    def dump(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def bare(props: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if k != "loaded_at"}

    nodes = store._read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", {})
    edges = store._read("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS source, "
                        "b.id AS target, properties(r) AS props", {})
    return (sorted(dump({"labels": sorted(r["labels"]), "props": bare(r["props"])})
                   for r in nodes),
            sorted(dump({**r, "props": bare(r["props"])}) for r in edges))


@pytest.mark.parametrize("flag", ["--no-bulk", "--bulk"])
def test_streamed_load_builds_the_graph_of_read_sources(falkordb_store: FalkorDBStore,
                                                        tmp_path: Path,
                                                        flag: str) -> None:
    store = falkordb_store
    whole = read_sources([DEMO_DIR], source_name="demo")
    store.load(whole.nodes, whole.edges, source="demo", bulk=False)
    expected = _graph(store)
    store.clear()
    result = runner.invoke(app, ["load", str(DEMO_DIR), "--source", "demo", flag,
                                 "--batch-size", "97", "--rejects", str(tmp_path / "r.csv")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(expected[0]) == len(whole.nodes) and len(expected[1]) == len(whole.edges)
    assert _graph(store) == expected


def test_a_repeated_relation_row_merges_across_batches(falkordb_store: FalkorDBStore,
                                                       tmp_path: Path) -> None:
    """The same key in two batches: one edge, the later row's props (as read_sources)."""
    store = falkordb_store
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "id,name,type\na,甲,Enterprise\nb,乙,Enterprise\nc,丙,Enterprise\n", encoding="utf-8")
    (folder / "relations.csv").write_text(
        "source,target,type,since,weight\na,b,SUPPLIES,2020,1\nb,c,SUPPLIES,2020,1\n"
        "a,b,SUPPLIES,2020,5\n", encoding="utf-8")
    result = runner.invoke(app, ["load", str(folder), "--batch-size", "1", "--no-bulk",
                                 "--rejects", str(tmp_path / "r.csv")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = store._read("MATCH (a)-[r:SUPPLIES]->(b) RETURN a.id AS a, b.id AS b, "
                       "r.weight AS w ORDER BY a", {})
    assert [(r["a"], r["b"], r["w"]) for r in rows] == [("a", "b", 5.0), ("b", "c", 1.0)]
    whole = read_sources([folder], include_chain_maps=False)
    assert [e["props"]["weight"] for e in whole.edges if e["source"] == "a"] == [5.0]


@pytest.mark.parametrize(("args", "code"), [
    (["load", str(FIXTURES / "bad" / "unknown_target")], 0),  # rejects reported, rest loaded
    (["load", str(FIXTURES / "bad" / "unknown_target"), "--strict"], 1),
    (["load", str(FIXTURES / "no-such-folder")], 1),
])
def test_load_exit_codes(tmp_path: Path, args: list[str], code: int) -> None:
    data_dir = tmp_path / "store"
    result = run([*args, "--rejects", str(tmp_path / "rejects.csv")], data_dir)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if "no-such-folder" not in args[1]:
        rejects = (tmp_path / "rejects.csv").read_text(encoding="utf-8").splitlines()
        assert len(rejects) > 1 and "relations.csv" in rejects[1]
    if code == 0:
        assert "rows/s" in result.stderr and "ETA" in result.stderr
    run(["store", "stop"], data_dir)
    assert servers(data_dir) == 0


def test_both_stores_take_a_streamed_read(store: Any) -> None:
    """``CypherStore.load`` with the read's index: rows stream into FalkorDB and Neo4j."""
    from ecograph.loaders.stream import stream_sources

    whole = read_sources([FIXTURES / "full"], source_name="full")
    read = stream_sources([FIXTURES / "full"], source_name="full")
    report = store.load(read.nodes(), read.edges(3), source="full", index=read.index)
    assert (report.nodes, report.edges) == (len(whole.nodes), len(whole.edges))
    stats = store.stats()
    assert sum(stats["relationships"].values()) == len(whole.edges)


def test_the_index_check_refuses_before_writing(store: Any) -> None:
    """An id stored under another class stops a streamed load before its first batch."""
    from ecograph.errors import StoreError
    from ecograph.loaders.stream import stream_sources

    store.load([{"id": "E1", "label": "Park", "labels": ["Park"], "props": {}}], [],
               source="other")
    read = stream_sources([FIXTURES / "full"], source_name="full")
    assert "E1" in read.index
    with pytest.raises(StoreError, match="nothing written"):
        store.load(read.nodes(), read.edges(), source="full", index=read.index)
    assert store.stats()["nodes"] == {"Park": 1}
