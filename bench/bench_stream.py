"""Benchmark: ``ecograph load`` end to end as users run it (streaming), MERGE or bulk.

Usage::

    .venv/bin/python bench/bench_stream.py --package PATH [--bulk] [--batch-size 5000]

One fresh embedded FalkorDB under a new data folder (started first with
``ecograph store start``, stopped at the end), then ``/usr/bin/time -v ecograph
load PATH`` as a child process. Reported: wall time of the command, the
client's peak RSS (``Maximum resident set size`` of the child), the server's
CPU seconds during the load (its work: the floor no client can go under on
these rows) and its peak RSS (sampled), the load average, and the stored
counts. ``--bulk`` forces ``GRAPH.BULK``; without it a non-empty-graph load
would MERGE, so ``--no-bulk`` is passed to measure the MERGE path on the
empty graph.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from ecograph.stores.dialect import ROOT_LABELS

BIN = Path(sys.executable).parent


def _ecograph(env: dict[str, str], *args: str) -> str:
    return subprocess.run([str(BIN / "ecograph"), *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def _sample_rss(proc: psutil.Process, stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(0.5):
        try:
            peak[0] = max(peak[0], proc.memory_info().rss)
        except psutil.Error:
            return


def _sample_tree(pid: int, stop: threading.Event, peak: list[int]) -> None:
    """Peak of the summed RSS of the load's processes (``ecograph`` and its workers)."""
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.wait(0.5):
        try:
            total = sum(p.memory_info().rss for p in root.children(recursive=True)
                        if p.name() != "time")
        except psutil.Error:
            continue
        peak[0] = max(peak[0], total)


def measure(package: Path, *, bulk: bool, batch_size: int, data_dir: Path) -> dict[str, Any]:
    """Load ``package`` into a fresh store under ``data_dir``; return the figures."""
    env = {**os.environ, "ECOGRAPH_DATA_DIR": str(data_dir), "ECOGRAPH_STORE": "embedded"}
    _ecograph(env, "store", "start")
    try:
        status = json.loads(_ecograph(env, "store", "status", "--json"))
        server = psutil.Process(int(status["pid"]))
        cpu0 = sum(server.cpu_times()[:2])
        peak, stop = [server.memory_info().rss], threading.Event()
        sampler = threading.Thread(target=_sample_rss, args=(server, stop, peak), daemon=True)
        sampler.start()
        load0 = os.getloadavg()[0]
        started = time.perf_counter()
        child = subprocess.Popen(
            ["/usr/bin/time", "-v", str(BIN / "ecograph"), "load", str(package),
             "--bulk" if bulk else "--no-bulk", "--batch-size", str(batch_size),
             "--rejects", str(data_dir / "rejects.csv")],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        tree_peak, tree_stop = [0], threading.Event()
        tree = threading.Thread(target=_sample_tree, args=(child.pid, tree_stop, tree_peak),
                                daemon=True)
        tree.start()
        out, err = child.communicate()
        done = subprocess.CompletedProcess(child.args, child.returncode, out, err)
        wall = time.perf_counter() - started
        stop.set()
        tree_stop.set()
        sampler.join()
        tree.join()
        if done.returncode != 0:
            raise SystemExit(f"ecograph load failed ({done.returncode}):\n{done.stderr[-3000:]}")
        server_cpu = sum(server.cpu_times()[:2]) - cpu0
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
                  .group(1)) * 1024  # type: ignore[union-attr]
        user = float(re.search(r"User time \(seconds\): ([\d.]+)", done.stderr)
                     .group(1))  # type: ignore[union-attr]
        system = float(re.search(r"System time \(seconds\): ([\d.]+)", done.stderr)
                       .group(1))  # type: ignore[union-attr]
        counts = json.loads(_ecograph(env, "stats", "--json"))
        return {
            "package": str(package), "path": "bulk" if bulk else "merge",
            "batch_size": batch_size, "wall_s": round(wall, 1),
            "client_cpu_s": round(user + system, 1), "client_peak_mb": rss // 2**20,
            "client_tree_peak_mb": tree_peak[0] // 2**20,  # the loader and its workers
            "server_cpu_s": round(server_cpu, 1), "server_peak_mb": peak[0] // 2**20,
            "load_avg_start_end": [round(load0, 2), round(os.getloadavg()[0], 2)],
            "nodes": sum(counts["nodes"].get(root.value, 0) for root in ROOT_LABELS),
            "relationships": sum(counts["relationships"].values()),
            "progress_tail": done.stderr.split("\tCommand being timed")[0][-600:],
        }
    finally:
        _ecograph(env, "store", "stop")


def main(argv: list[str] | None = None) -> None:
    """Run one measurement and print it as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--package", required=True)
    parser.add_argument("--bulk", action="store_true")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="eco-stream-bench-"))
    print(json.dumps(measure(Path(args.package), bulk=args.bulk, batch_size=args.batch_size,
                             data_dir=data_dir), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
