"""The Neo4j half of ``bench_load.py --store neo4j``, on a local Neo4j 5 (tools/neo4j-local).

Measured on one fresh local Neo4j, each on an emptied database:

1. **ecograph load** — ``Neo4jStore.load`` of the rows already read (the store part).
2. **raw UNWIND** — the same batches and statements sent straight through the
   ``neo4j`` driver, one ``execute_write`` per batch (constraints made first).
3. **row at a time** — the sample, one ``MERGE`` statement (one transaction) per row.
4. **rdflib-neo4j** — the RDF export of the same rows (``rows_to_rdf``) loaded
   with rdflib-neo4j's ``Neo4jStore`` (batching on, the same driver) into an
   empty database; rows/s count triples. With ``rdflib_every=N > 1`` only every
   N-th node row and edge row is exported and loaded (a sample), and the time
   for all rows is extrapolated linearly (``rdflib_neo4j_seconds_extrapolated``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil


def _clear(driver: Any) -> None:
    """Empty the database in small transactions (a transaction may use ~70% of the heap)."""
    with driver.session(database="neo4j") as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
                    ).consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


class _Figures(dict[str, Any]):
    """The figures, each also printed to stderr as it comes (a late failure keeps them)."""

    def __setitem__(self, key: str, value: Any) -> None:
        print(f"  {key} = {value}", file=sys.stderr, flush=True)
        super().__setitem__(key, value)

    def update(self, other: Any = (), **kwargs: Any) -> None:  # type: ignore[override]
        for key, value in dict(other, **kwargs).items():
            self[key] = value


def neo4j_figures(nodes: list[Any], edges: list[Any], batch_size: int,
                  sample_nodes: list[Any], sample_edges: list[Any],
                  rdflib_every: int = 1) -> dict[str, Any]:
    """Return the Neo4j figures for ``nodes``/``edges`` (see the module docstring)."""
    from neo4j import GraphDatabase

    from ecograph.mapping import rows_to_rdf
    from ecograph.stores.dialect import NEO4J
    from ecograph.stores.neo4j_local import start_local, stop_local
    from ecograph.stores.neo4j_store import Neo4jStore
    from ecograph.stores.writer import edge_batches, node_batches
    from ecograph.vocab import Label, RelType, base_label

    data_dir = Path(tempfile.mkdtemp(prefix="ecograph-bench-neo4j-"))
    started = time.perf_counter()
    state = start_local(data_dir, pagecache="512m")
    startup = time.perf_counter() - started
    server = psutil.Process(state.pid)
    rss_idle = server.memory_info().rss
    driver = GraphDatabase.driver(state.uri, auth=(state.user, state.password),
                                  notifications_min_severity="OFF")
    rows = len(nodes) + len(edges)
    figures = _Figures()
    figures.update({"neo4j_startup_seconds": round(startup, 1),
                    "neo4j_rss_mb_idle": round(rss_idle / 2**20)})
    try:
        store = Neo4jStore(driver, batch_size=batch_size)
        report = store.load(nodes, edges, source="bench")
        figures["neo4j_store_load_seconds"] = round(report.seconds, 2)
        figures["neo4j_store_load_rows_per_s"] = round(rows / report.seconds)
        figures["neo4j_rss_mb_loaded"] = round(server.memory_info().rss / 2**20)
        _clear(driver)

        batches = [*node_batches(nodes, batch_size, source="raw"),
                   *edge_batches(edges, batch_size, source="raw")]
        with driver.session(database="neo4j") as session:
            for statement in NEO4J.schema_statements():
                session.run(statement).consume()
            started = time.perf_counter()
            for batch in batches:
                session.execute_write(
                    lambda tx, b=batch: tx.run(b.statement, {"rows": b.rows}).consume())
            raw = time.perf_counter() - started
        figures["neo4j_raw_unwind_seconds"] = round(raw, 2)
        figures["neo4j_raw_unwind_rows_per_s"] = round(rows / raw)
        _clear(driver)

        with driver.session(database="neo4j") as session:
            started = time.perf_counter()
            for row in sample_nodes:
                label = Label(row["label"])
                extra = ":".join(x for x in row["labels"] if x != base_label(label).value)
                set_labels = f"n:{extra}, " if extra else ""
                session.run(f"MERGE (n:{base_label(label).value} {{id: $id}}) "
                            f"SET {set_labels}n += $props",
                            {"id": row["id"], "props": row["props"]}).consume()
            for row in sample_edges:
                rel = RelType(row["type"])
                src, tgt = Label(row["source_label"]), Label(row["target_label"])
                session.run(
                    f"MATCH (a:{src.value} {{id: $source}}) MATCH (b:{tgt.value} {{id: $target}}) "
                    f"MERGE (a)-[r:{rel.value} {{key: $key}}]->(b) SET r += $props",
                    {"source": row["source"], "target": row["target"], "key": row["key"],
                     "props": row["props"]}).consume()
            slow = time.perf_counter() - started
        slow_rows = len(sample_nodes) + len(sample_edges)
        figures["neo4j_row_at_a_time_rows_per_s"] = round(slow_rows / slow)
        _clear(driver)

        rdf_nodes, rdf_edges = nodes[::rdflib_every], edges[::rdflib_every]
        figures.update(_rdflib_neo4j(driver, rows_to_rdf(rdf_nodes, rdf_edges), batch_size))
        rdf_rows = len(rdf_nodes) + len(rdf_edges)
        figures["rdflib_neo4j_rows"] = rdf_rows
        figures["rdflib_neo4j_seconds_extrapolated"] = round(
            figures["rdflib_neo4j_seconds"] * rows / rdf_rows, 1)
        figures["neo4j_rss_mb_end"] = round(server.memory_info().rss / 2**20)
        figures["neo4j_vmhwm_mb_end"] = _vmhwm_mb(state.pid)
        driver.close()
        stop_local(data_dir)
        figures.update(_bulk(data_dir, nodes, edges))
    finally:
        driver.close()
        stop_local(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    e2e, raw_rate = figures["neo4j_store_load_rows_per_s"], figures["neo4j_raw_unwind_rows_per_s"]
    figures["neo4j_ratio_store_load_vs_raw"] = round(e2e / raw_rate, 3)
    figures["neo4j_speedup_store_load_vs_row_at_a_time"] = round(
        e2e / figures["neo4j_row_at_a_time_rows_per_s"], 1)
    figures["neo4j_speedup_store_load_vs_rdflib_neo4j_triples"] = round(
        (rows / figures["neo4j_store_load_seconds"])
        / (rows / figures["rdflib_neo4j_seconds_extrapolated"]), 1)
    figures["neo4j_speedup_bulk_vs_store_load"] = round(
        figures["neo4j_store_load_seconds"] / figures["bulk_total_without_start_seconds"], 1)
    return figures


def _vmhwm_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return 0


def _bulk(data_dir: Path, nodes: list[Any], edges: list[Any]) -> dict[str, Any]:
    """Bulk initial load: CSV files, ``neo4j-admin database import``, start, schema online."""
    from ecograph.stores.neo4j_local import bulk_import_local, start_local
    from ecograph.stores.neo4j_store import Neo4jStore

    started = time.perf_counter()
    done = bulk_import_local(data_dir, nodes, edges, source="bulk")
    after_import = time.perf_counter()
    state = start_local(data_dir, pagecache="512m")
    after_start = time.perf_counter()
    store = Neo4jStore.connect(state.uri, user=state.user, password=state.password)
    try:
        store.ensure_schema()
        store._write("CALL db.awaitIndexes(600)", {})
        done_at = time.perf_counter()
        stats = store.stats()
    finally:
        store.close()
    rows = len(nodes) + len(edges)
    return {
        "bulk_csv_seconds": round(done.files.seconds, 2),
        "bulk_import_tool_seconds": round(done.import_seconds, 2),
        "bulk_start_seconds": round(after_start - after_import, 2),
        "bulk_schema_seconds": round(done_at - after_start, 2),
        "bulk_total_seconds": round(done_at - started, 2),
        "bulk_total_without_start_seconds": round(
            done_at - started - (after_start - after_import), 2),
        "bulk_rows_per_s": round(rows / (done_at - started - (after_start - after_import))),
        "bulk_nodes": sum(stats["nodes"].values()),
        "bulk_relationships": sum(stats["relationships"].values()),
        "bulk_dropped_edges": done.files.dropped_edges,
        "neo4j_rss_mb_bulk_loaded": round(psutil.Process(state.pid).memory_info().rss / 2**20),
    }


def _rdflib_neo4j(driver: Any, graph: Any, batch_size: int) -> dict[str, Any]:
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    with driver.session(database="neo4j") as session:
        session.run("CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS "
                    "FOR (r:Resource) REQUIRE r.uri IS UNIQUE").consume()
    config = Neo4jStoreConfig(handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE,
                              batching=True, batch_size=batch_size)
    target = Graph(store=Neo4jStore(config=config, neo4j_driver=driver))
    triples = len(graph)
    started = time.perf_counter()
    for triple in graph:
        target.add(triple)
    target.close(True)
    seconds = time.perf_counter() - started
    return {"rdflib_neo4j_triples": triples, "rdflib_neo4j_seconds": round(seconds, 2),
            "rdflib_neo4j_triples_per_s": round(triples / seconds)}
