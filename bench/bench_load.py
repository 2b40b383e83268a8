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
   first): the store's own bulk-upsert rate.
3. **row at a time** — ``--sample`` node rows and as many edge rows, one
   ``MERGE`` statement per row.

Ratios: end-to-end / raw (target >= 0.5) and end-to-end / row-at-a-time
(target >= 50), by wall time and by CPU time (client + server; steadier on a
shared machine, where wall time also counts other people's work). Absolute
targets: whole load <= 60 s, peak memory <= 2 GB (this process's peak RSS plus
the server's RSS).
"""

from __future__ import annotations

import argparse
import json
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
    args = parser.parse_args()

    from falkordb import FalkorDB

    from ecograph.settings import Settings
    from ecograph.stores import open_store
    from ecograph.stores.embedded import compact_aof, ensure_server, stop_server
    from loaders import read_sources

    package = _package(args)
    data_dir = Path(tempfile.mkdtemp(prefix="ecograph-bench-load-store-"))
    state = ensure_server(data_dir)
    server = psutil.Process(state.pid)
    settings = Settings(store="embedded", data_dir=data_dir, graph_name="bench",
                        batch_size=args.batch_size)
    try:
        started = time.perf_counter()
        cpu_started = _cpu(server)
        result = read_sources([package], source_name=package.name)
        read_seconds = time.perf_counter() - started
        nodes, edges = result.nodes, result.edges
        with open_store(settings) as store:
            report = store.load(nodes, edges, source=package.name)
            total_seconds = time.perf_counter() - started
            e2e_cpu = _cpu(server) - cpu_started
            stats = store.stats()
        server_rss_loaded = server.memory_info().rss

        db = FalkorDB(host=state.host, port=state.port)
        compact_aof(db.connection)  # let the after-load AOF rewrite finish before timing raw
        cpu_started = _cpu(server)
        raw_seconds = _raw_unwind(db.select_graph("bench_raw"), nodes, edges, args.batch_size)
        raw_cpu = _cpu(server) - cpu_started
        db.select_graph("bench_raw").delete()
        sample_nodes = nodes[: args.sample]
        sample_ids = {n["id"] for n in sample_nodes}
        sample_edges = [e for e in edges if e["source"] in sample_ids and e["target"] in sample_ids]
        sample_edges = sample_edges[: args.sample]
        cpu_started = _cpu(server)
        slow_seconds = _row_at_a_time(db.select_graph("bench_row"), sample_nodes, sample_edges)
        slow_cpu = _cpu(server) - cpu_started
        db.select_graph("bench_row").delete()
        server_rss_peak = max(server_rss_loaded, server.memory_info().rss)
    finally:
        stop_server(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)

    rows = len(nodes) + len(edges)
    e2e_rate = rows / total_seconds
    store_rate = rows / report.seconds
    raw_rate = rows / raw_seconds
    slow_rate = (len(sample_nodes) + len(sample_edges)) / slow_seconds
    client_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    figures = {
        "package": str(package),
        "organizations": sum(v for k, v in stats["nodes"].items() if k == "Organization"),
        "nodes": len(nodes), "edges": len(edges), "rejects": len(result.rejects),
        "batch_size": args.batch_size,
        "read_seconds": round(read_seconds, 2),
        "store_load_seconds": round(report.seconds, 2),
        "end_to_end_seconds": round(total_seconds, 2),
        "end_to_end_rows_per_s": round(e2e_rate),
        "store_load_rows_per_s": round(store_rate),
        "raw_unwind_seconds": round(raw_seconds, 2),
        "raw_unwind_rows_per_s": round(raw_rate),
        "row_at_a_time_rows": len(sample_nodes) + len(sample_edges),
        "row_at_a_time_rows_per_s": round(slow_rate),
        "ratio_end_to_end_vs_raw": round(e2e_rate / raw_rate, 3),
        "ratio_store_load_vs_raw": round(store_rate / raw_rate, 3),
        "speedup_end_to_end_vs_row_at_a_time": round(e2e_rate / slow_rate, 1),
        "speedup_store_load_vs_row_at_a_time": round(store_rate / slow_rate, 1),
        "cpu_seconds_end_to_end": round(e2e_cpu, 1),
        "cpu_seconds_raw_unwind": round(raw_cpu, 1),
        "cpu_ratio_end_to_end_vs_raw": round((rows / e2e_cpu) / (rows / raw_cpu), 3),
        "cpu_speedup_end_to_end_vs_row_at_a_time": round(
            (rows / e2e_cpu) / ((len(sample_nodes) + len(sample_edges)) / slow_cpu), 1),
        "client_peak_rss_mb": round(client_peak / 2**20),
        "server_rss_mb": round(server_rss_peak / 2**20),
        "peak_memory_mb": round((client_peak + server_rss_peak) / 2**20),
        "relationships": sum(stats["relationships"].values()),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:40s} {value}")
    checks = {
        "end to end / raw >= 0.5": figures["ratio_end_to_end_vs_raw"] >= 0.5,
        "end to end >= 50x row at a time": figures["speedup_end_to_end_vs_row_at_a_time"] >= 50,
        "whole load <= 60 s": total_seconds <= 60,
        "peak memory <= 2 GB": figures["peak_memory_mb"] <= 2048,
    }
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")


if __name__ == "__main__":
    main()
