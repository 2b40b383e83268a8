"""Loopback load test of the API on the demo ecosystem.

Loads ``loaders/demo`` into a private embedded FalkorDB, starts the API in a
separate process (``api.server.serve``), warms the cached metric endpoints
once (cold times reported), then drives them with a bounded async client:
``--clients`` concurrent connections sending ``--requests`` requests in total.
Prints throughput and latency percentiles as JSON.

Usage::

    .venv/bin/python bench/bench_api.py --clients 50 --requests 6000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from ecograph.resources import DEMO_DIR
from ecograph.stores.embedded import ensure_server, stop_server
from ecograph.stores.falkordb_store import FalkorDBStore

GRAPH = "ecograph_bench_api"
PARK, CHAIN = "P-YH", "ic"


def endpoints(park: str, chain: str) -> list[str]:
    """The cached metric endpoints under test."""
    return [
        f"/parks/{park}/chains/{chain}/linkage",
        f"/parks/{park}/chains/{chain}/gaps",
        f"/parks/{park}/incubation",
        f"/parks/{park}/collaboration",
        f"/parks/{park}/chains/{chain}/linkage?format=csv",
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _drive(base: str, paths: list[str], clients: int, total: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker() -> None:
            nonlocal errors
            for i in counter:
                started = time.perf_counter()
                resp = await client.get(paths[i % len(paths)])
                latencies.append(time.perf_counter() - started)
                if resp.status_code != 200:
                    errors += 1
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies), "errors": errors, "seconds": round(elapsed, 3),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2),
    }


def main() -> None:
    """Run the benchmark and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--park", default=PARK)
    parser.add_argument("--chain", default=CHAIN)
    args = parser.parse_args()

    from loaders import read_sources

    data_dir = Path(tempfile.mkdtemp(prefix="ecograph-bench-api-"))
    state = ensure_server(data_dir)
    server: subprocess.Popen[bytes] | None = None
    try:
        store = FalkorDBStore(state.host, state.port, GRAPH)
        rows = read_sources([DEMO_DIR], strict=False, source_name="demo")
        store.load([dict(n) for n in rows.nodes], [dict(e) for e in rows.edges], source="demo")
        store.close()
        port = _free_port()
        env = {**os.environ, "ECOGRAPH_DATA_DIR": str(data_dir), "ECOGRAPH_GRAPH_NAME": GRAPH,
               "ECOGRAPH_STORE": "embedded"}
        server = subprocess.Popen(
            [sys.executable, "-c", f"from api.server import serve; serve('127.0.0.1', {port})"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("API did not start")
            time.sleep(0.2)
        paths = endpoints(args.park, args.chain)
        cold: dict[str, float] = {}
        for path in paths:
            started = time.perf_counter()
            resp = httpx.get(f"{base}{path}", timeout=120)
            resp.raise_for_status()
            cold[path] = round((time.perf_counter() - started) * 1000, 1)
        figures = asyncio.run(_drive(base, paths, args.clients, args.requests))
        print(json.dumps({"clients": args.clients, "cold_ms": cold, **figures}, indent=2,
                         ensure_ascii=False))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        stop_server(data_dir)


if __name__ == "__main__":
    main()
