"""Benchmark: loading a generated package into the embedded FalkorDB store.

Usage::

    .venv/bin/python bench/bench_load.py --orgs 100000
    .venv/bin/python bench/bench_load.py --package PATH [--batch-size 5000] [--sample 2000]

Measured in one run, on one fresh embedded server (AOF on, as in normal use):

1. **end to end** — what ``ecograph load PATH`` does: read and validate the
   package (``loaders.read_sources``), then ``GraphStore.load`` (indexes,
   grouping, batched ``UNWIND … MERGE``). Rows/s over both; the store part alone
   is reported too.
2. **raw UNWIND** — the same rows, the same statements and batch size, sent
   straight through the ``falkordb`` client into an empty graph (indexes made
   first): the store's own bulk-upsert rate with the stock client.
   **raw pre-encoded** — the same batches with their parameters encoded before
   the clock starts: the server alone, the floor of any client.
3. **row at a time** — ``--sample`` node rows and as many edge rows, one
   ``MERGE`` statement per row, over the same connection with the same indexes;
   the server CPU per row is reported next to the batched one.

Ratios: end-to-end / raw (target >= 0.5; also against raw pre-encoded) and
end-to-end / row-at-a-time (target >= 50), by wall time and by CPU time
(client + server; steadier on a shared machine, where wall time also counts
other people's work). Absolute
targets: whole load <= 60 s, peak memory <= 2 GB (this process's peak RSS plus
the server's RSS). ``--end-to-end-only`` skips 2 and 3 (the 1M size).

``--store neo4j`` adds, in the same run and on the same rows, the Neo4j
figures of ``bench_neo4j.py`` (ecograph's load, the raw ``UNWIND … MERGE``
floor, row-at-a-time ``MERGE`` on the same sample, rdflib-neo4j loading the RDF
export) on a local Neo4j 5 (needs Java and Maven; ``pip install rdflib-neo4j``),
and the Neo4j / FalkorDB ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil


def _package(args: argparse.Namespace) -> Path:
    if args.package:
        return Path(args.package)
    from ecograph.synth import generate

    out = Path(args.out or Path(tempfile.gettempdir()) / f"ecograph-bench-load-{args.orgs}")
    if not (out / "organizations.csv").exists():
        started = time.perf_counter()
        generate(out, orgs=args.orgs, seed=7)
        print(f"generated {out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return out


def _cpu(server: psutil.Process) -> float:
    """CPU seconds used so far by this process and the server (the machine may be shared)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    times = server.cpu_times()
    return own.ru_utime + own.ru_stime + times.user + times.system


def _raw_unwind(graph: Any, nodes: list[Any], edges: list[Any], batch_size: int) -> float:
    from ecograph.stores.dialect import FALKORDB
    from ecograph.stores.writer import edge_batches, node_batches

    for statement in FALKORDB.schema_statements():
        graph.query(statement)
    batches = [*node_batches(nodes, batch_size, source="raw"),
               *edge_batches(edges, batch_size, source="raw")]
    started = time.perf_counter()
    for batch in batches:
        graph.query(batch.statement, {"rows": batch.rows})
    return time.perf_counter() - started


def _raw_preencoded(graph: Any, nodes: list[Any], edges: list[Any], batch_size: int) -> float:
    """The server alone: the same batches, encoded before the clock starts (the store's floor)."""
    from ecograph.stores.dialect import FALKORDB
    from ecograph.stores.falkordb.params import encode_params
    from ecograph.stores.writer import edge_batches, node_batches

    for statement in FALKORDB.schema_statements():
        graph.query(statement)
    commands = [encode_params({"rows": b.rows}) + b.statement
                for b in (*node_batches(nodes, batch_size, source="raw"),
                          *edge_batches(edges, batch_size, source="raw"))]
    started = time.perf_counter()
    for command in commands:
        graph.execute_command("GRAPH.QUERY", graph.name, command, "--compact")
    return time.perf_counter() - started


def _server_cpu(server: psutil.Process) -> float:
    times = server.cpu_times()
    return float(times.user + times.system)


def _row_at_a_time(graph: Any, nodes: list[Any], edges: list[Any]) -> float:
    from ecograph.stores.dialect import FALKORDB
    from ecograph.vocab import Label, RelType, base_label

    for statement in FALKORDB.schema_statements():
        graph.query(statement)
    started = time.perf_counter()
    for row in nodes:
        label = Label(row["label"])
        extra = ":".join(x for x in row["labels"] if x != base_label(label).value)
        set_labels = f"n:{extra}, " if extra else ""
        graph.query(f"MERGE (n:{base_label(label).value} {{id: $id}}) SET {set_labels}n += $props",
                    {"id": row["id"], "props": row["props"]})
    for row in edges:
        rel, src, tgt = RelType(row["type"]), Label(row["source_label"]), Label(row["target_label"])
        graph.query(
            f"MATCH (a:{src.value} {{id: $source}}) MATCH (b:{tgt.value} {{id: $target}}) "
            f"MERGE (a)-[r:{rel.value} {{key: $key}}]->(b) SET r += $props",
            {"source": row["source"], "target": row["target"], "key": row["key"],
             "props": row["props"]})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--package", help="Existing data package (skips generation).")
    parser.add_argument("--out", help="Where to generate the package.")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--sample", type=int, default=2000, help="Rows per kind, row-at-a-time.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON only.")
    parser.add_argument("--end-to-end-only", action="store_true",
                        help="Skip the raw and row-at-a-time runs (the 1M-organisation size).")
    parser.add_argument("--store", choices=("falkordb", "neo4j"), default="falkordb",
                        help="neo4j: also measure the local Neo4j (see bench_neo4j.py).")
    parser.add_argument("--rdflib-every", type=int, default=1,
                        help="neo4j: rdflib-neo4j loads every N-th node and edge row's RDF "
                             "(a sample; its time is extrapolated to all rows).")
    parser.add_argument("--streaming", choices=("merge", "bulk"), default=None,
                        help="Measure `ecograph load` as users run it (streaming): wall, "
                             "client peak RSS, server CPU (bench_stream.py) and stop.")
    args = parser.parse_args()
    if args.streaming:
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_stream import measure

        figures = measure(_package(args), bulk=args.streaming == "bulk",
                          batch_size=args.batch_size,
                          data_dir=Path(tempfile.mkdtemp(prefix="eco-stream-bench-")))
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return

    from falkordb import FalkorDB

    from ecograph.loaders import read_sources
    from ecograph.settings import Settings
    from ecograph.stores import open_store
    from ecograph.stores.falkordb.server import compact_aof, ensure_server, stop_server

    package = _package(args)
    data_dir = Path(tempfile.mkdtemp(prefix="ecograph-bench-load-store-"))
    state = ensure_server(data_dir)
    server = psutil.Process(state.pid)
    settings = Settings(store="embedded", data_dir=data_dir, graph_name="bench",
                        batch_size=args.batch_size)
    try:
        started = time.perf_counter()
        cpu_started = _cpu(server)
        server_cpu_started = _server_cpu(server)
        result = read_sources([package], source_name=package.name)
        read_seconds = time.perf_counter() - started
        nodes, edges = result.nodes, result.edges
        with open_store(settings) as store:
            report = store.load(nodes, edges, source=package.name)
            total_seconds = time.perf_counter() - started
            e2e_cpu = _cpu(server) - cpu_started
            stats = store.stats()
        client_peak_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        server_rss_loaded = server.memory_info().rss

        server_cpu_e2e = _server_cpu(server) - server_cpu_started
        db = FalkorDB(host=state.host, port=state.port, password=state.password)
        compact_aof(db.connection, timeout=600)  # the after-load AOF rewrite, before raw runs
        raw_seconds = raw_cpu = pre_seconds = pre_server_cpu = slow_seconds = slow_cpu = 0.0
        slow_server_cpu = 0.0
        sample_nodes: list[Any] = []
        sample_edges: list[Any] = []
        if not args.end_to_end_only:
            cpu_started = _cpu(server)
            raw_seconds = _raw_unwind(db.select_graph("bench_raw"), nodes, edges, args.batch_size)
            raw_cpu = _cpu(server) - cpu_started
            db.select_graph("bench_raw").delete()
            started_server = _server_cpu(server)
            pre_seconds = _raw_preencoded(db.select_graph("bench_pre"), nodes, edges,
                                          args.batch_size)
            pre_server_cpu = _server_cpu(server) - started_server
            db.select_graph("bench_pre").delete()
            sample_nodes = nodes[: args.sample]
            sample_ids = {n["id"] for n in sample_nodes}
            sample_edges = [e for e in edges
                            if e["source"] in sample_ids and e["target"] in sample_ids]
            sample_edges = sample_edges[: args.sample]
            cpu_started = _cpu(server)
            started_server = _server_cpu(server)
            slow_seconds = _row_at_a_time(db.select_graph("bench_row"), sample_nodes,
                                          sample_edges)
            slow_cpu = _cpu(server) - cpu_started
            slow_server_cpu = _server_cpu(server) - started_server
            db.select_graph("bench_row").delete()
        server_rss_peak = max(server_rss_loaded, server.memory_info().rss)
    finally:
        stop_server(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)

    rows = len(nodes) + len(edges)
    slow_rows = len(sample_nodes) + len(sample_edges)
    e2e_rate = rows / total_seconds
    store_rate = rows / report.seconds
    client_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    figures: dict[str, Any] = {
        "package": str(package),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "organizations": sum(v for k, v in stats["nodes"].items() if k == "Organization"),
        "nodes": len(nodes), "edges": len(edges), "rejects": len(result.rejects),
        "batch_size": args.batch_size,
        "read_seconds": round(read_seconds, 2),
        "store_load_seconds": round(report.seconds, 2),
        "end_to_end_seconds": round(total_seconds, 2),
        "end_to_end_rows_per_s": round(e2e_rate),
        "store_load_rows_per_s": round(store_rate),
        "cpu_seconds_end_to_end": round(e2e_cpu, 1),
        "server_cpu_seconds_end_to_end": round(server_cpu_e2e, 1),
        "server_cpu_us_per_row_batched": round(server_cpu_e2e / rows * 1e6, 1),
        "client_peak_rss_mb_load": round(client_peak_load / 2**20),
        "client_peak_rss_mb_all_runs": round(client_peak / 2**20),
        "server_rss_mb": round(server_rss_peak / 2**20),
        "peak_memory_mb": round((client_peak_load + server_rss_loaded) / 2**20),
        "peak_memory_mb_all_runs": round((client_peak + server_rss_peak) / 2**20),
        "relationships": sum(stats["relationships"].values()),
    }
    if not args.end_to_end_only:
        raw_rate = rows / raw_seconds
        pre_rate = rows / pre_seconds
        slow_rate = slow_rows / slow_seconds
        figures.update({
            "raw_unwind_seconds": round(raw_seconds, 2),
            "raw_unwind_rows_per_s": round(raw_rate),
            "raw_preencoded_seconds": round(pre_seconds, 2),
            "raw_preencoded_rows_per_s": round(pre_rate),
            "raw_preencoded_server_cpu_us_per_row": round(pre_server_cpu / rows * 1e6, 1),
            "row_at_a_time_rows": slow_rows,
            "row_at_a_time_rows_per_s": round(slow_rate),
            "row_at_a_time_us_per_row": round(slow_seconds / slow_rows * 1e6),
            "row_at_a_time_server_cpu_us_per_row": round(slow_server_cpu / slow_rows * 1e6, 1),
            "ratio_end_to_end_vs_raw": round(e2e_rate / raw_rate, 3),
            "ratio_end_to_end_vs_raw_preencoded": round(e2e_rate / pre_rate, 3),
            "ratio_store_load_vs_raw": round(store_rate / raw_rate, 3),
            "speedup_end_to_end_vs_row_at_a_time": round(e2e_rate / slow_rate, 1),
            "speedup_store_load_vs_row_at_a_time": round(store_rate / slow_rate, 1),
            "speedup_raw_preencoded_vs_row_at_a_time": round(pre_rate / slow_rate, 1),
            "cpu_seconds_raw_unwind": round(raw_cpu, 1),
            "cpu_ratio_end_to_end_vs_raw": round((rows / e2e_cpu) / (rows / raw_cpu), 3),
            "cpu_speedup_end_to_end_vs_row_at_a_time": round(
                (rows / e2e_cpu) / (slow_rows / slow_cpu), 1),
        })
    if args.store == "neo4j" and not args.end_to_end_only:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_neo4j import neo4j_figures

        figures.update(neo4j_figures(nodes, edges, args.batch_size, sample_nodes, sample_edges,
                                     rdflib_every=args.rdflib_every))
        figures["ratio_neo4j_vs_falkordb_store_load"] = round(
            figures["neo4j_store_load_rows_per_s"] / figures["store_load_rows_per_s"], 3)
        figures["ratio_neo4j_vs_falkordb_raw_unwind"] = round(
            figures["neo4j_raw_unwind_rows_per_s"] / figures["raw_unwind_rows_per_s"], 3)
        figures["ratio_neo4j_vs_falkordb_row_at_a_time"] = round(
            figures["neo4j_row_at_a_time_rows_per_s"] / figures["row_at_a_time_rows_per_s"], 3)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:40s} {value}")
    checks = {
        "whole load <= 60 s (100k) / 900 s (1M)": total_seconds <= (60 if len(nodes) < 500_000
                                                                    else 900),
        "peak memory <= 2 GB (100k)": figures["peak_memory_mb"] <= 2048 or len(nodes) >= 500_000,
    }
    if not args.end_to_end_only:
        checks["end to end / raw >= 0.5"] = figures["ratio_end_to_end_vs_raw"] >= 0.5
        checks["end to end >= 50x row at a time"] = (
            figures["speedup_end_to_end_vs_row_at_a_time"] >= 50)
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")


if __name__ == "__main__":
    main()
