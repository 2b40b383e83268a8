"""Loopback load test of the API's cached metric endpoints on the demo ecosystem.

1. ``ecograph demo --no-serve`` loads ``loaders/demo`` into a private embedded
   FalkorDB (its own ``ECOGRAPH_DATA_DIR``);
2. ``ecograph serve --workers W`` serves it from a separate process;
3. each endpoint is requested once (cold times reported), then the load
   generator warms every worker for a couple of seconds;
4. the measured run: ``--clients`` concurrent keep-alive connections cycling
   over the endpoints.

Load generators, both in processes of their own so the client does not share
the server's interpreter: ``wrk`` (C, Debian package ``wrk``; ``--duration``
seconds) when installed, else ``--processes`` Python processes with blocking
``http.client`` connections in threads (``--requests`` in total). Reports
req/s, p50/p95/p99/max latency, errors, the client, concurrency and the
machine's load average (the figures depend on what else runs); ``--record``
appends a row to ``bench/results/api.md``.

Usage::

    .venv/bin/python bench/bench_api.py --clients 50 --duration 20 --record
    .venv/bin/python bench/bench_api.py --client python --clients 50 --requests 6000
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from ecograph.stores.falkordb.server import stop_server

PARK, CHAIN = "P-YH", "ic"
RESULTS = Path(__file__).resolve().parent / "results" / "api.md"
HEADER = ("| date (UTC) | client | workers | clients | requests | req/s | p50 ms | p95 ms "
          "| p99 ms | max ms | errors | load avg before → after (cores) |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|\n")


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


def _ecograph(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("ecograph")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "from ecograph.cli.app import main; main()", *args]


def _get(url: str, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        resp.read()
        status: int = resp.status
        return status


# -- wrk ----------------------------------------------------------------------------------

_WRK_SCRIPT = """\
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "\\nRESULT {\\"requests\\": %%d, \\"seconds\\": %%.3f, \\"p50_ms\\": %%.2f, "
    .. "\\"p95_ms\\": %%.2f, \\"p99_ms\\": %%.2f, \\"max_ms\\": %%.2f, \\"errors\\": %%d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def _wrk(base: str, paths: list[str], clients: int, seconds: float, work: Path) -> dict[str, Any]:
    script = work / "paths.lua"
    script.write_text(_WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
    threads = max(1, min(clients, os.cpu_count() or 1))
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds:g}s",
                          "--timeout", "30s", "-s", str(script), base],
                         check=True, capture_output=True, text=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    figures: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    figures["client"] = f"wrk ({threads} threads)"
    return figures


# -- Python processes -------------------------------------------------------------------

def _client_process(job: tuple[str, int, list[str], int, int]) -> tuple[list[float], int]:
    """One process: ``threads`` keep-alive connections sharing ``count`` requests."""
    host, port, paths, threads, count = job
    latencies: list[float] = []
    errors = [0]
    tickets = iter(range(count))
    lock = threading.Lock()

    def run() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while True:
            with lock:
                i = next(tickets, None)
            if i is None:
                break
            started = time.perf_counter()
            try:
                conn.request("GET", paths[i % len(paths)])
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            latencies.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, errors[0]


def _python(port: int, paths: list[str], clients: int, total: int,
            processes: int) -> dict[str, Any]:
    processes = max(1, min(processes, clients))
    jobs = [("127.0.0.1", port, paths[i:] + paths[:i], clients // processes
             + (1 if i < clients % processes else 0), total // processes
             + (1 if i < total % processes else 0)) for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        started = time.perf_counter()
        results = pool.map(_client_process, jobs)
        elapsed = time.perf_counter() - started
    latencies = [x for lat, _ in results for x in lat]
    return {
        "requests": len(latencies), "seconds": round(elapsed, 3),
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies) * 1000,
        "errors": sum(err for _, err in results),
        "client": f"python http.client ({processes} processes)",
    }


# -- the run ---------------------------------------------------------------------------------

def _record(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text("# API load test (bench/bench_api.py)\n\n" + HEADER, encoding="utf-8")
    before, after = result["load_before"], result["load_after"]
    row = (f"| {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} | {result['client']} "
           f"| {result['workers']} | {result['clients']} | {result['requests']} "
           f"| {result['requests_per_second']:.0f} | {result['p50_ms']:.1f} "
           f"| {result['p95_ms']:.1f} | {result['p99_ms']:.1f} | {result['max_ms']:.1f} "
           f"| {result['errors']} | {before[0]:.2f} → {after[0]:.2f} ({result['cores']}) |\n")
    with path.open("a", encoding="utf-8") as out:
        out.write(row)


def main() -> None:
    """Run the benchmark and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=1, help="ecograph serve --workers")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--duration", type=float, default=20.0, help="wrk: seconds")
    parser.add_argument("--requests", type=int, default=6000, help="python client: total")
    parser.add_argument("--processes", type=int, default=2, help="python client: processes")
    parser.add_argument("--park", default=PARK)
    parser.add_argument("--chain", default=CHAIN)
    parser.add_argument("--record", action="store_true", help=f"append a row to {RESULTS}")
    args = parser.parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"

    work = Path(tempfile.mkdtemp(prefix="ecograph-bench-api-"))
    data_dir = work / "data"
    env = {**os.environ, "ECOGRAPH_DATA_DIR": str(data_dir), "ECOGRAPH_STORE": "embedded"}
    server: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(_ecograph("demo", "--no-serve"), env=env, check=True,
                       stdout=subprocess.DEVNULL)
        port = _free_port()
        server = subprocess.Popen(
            _ecograph("serve", "--host", "127.0.0.1", "--port", str(port),
                      "--workers", str(args.workers)),
            env=env, stdout=subprocess.DEVNULL, stderr=(work / "server.log").open("wb"))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(f"{base}/health", 2) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"API did not start; see {work / 'server.log'}")
            time.sleep(0.2)
        paths = endpoints(args.park, args.chain)
        cold: dict[str, float] = {}
        for path in paths:
            started = time.perf_counter()
            _get(f"{base}{path}", 300)
            cold[path] = round((time.perf_counter() - started) * 1000, 1)
        # warm every worker (each has its own cache), then measure
        if client == "wrk":
            _wrk(base, paths, args.clients, 3, work)
        else:
            _python(port, paths, args.clients, 20 * args.clients, args.processes)
        load_before = os.getloadavg()
        if client == "wrk":
            figures = _wrk(base, paths, args.clients, args.duration, work)
        else:
            figures = _python(port, paths, args.clients, args.requests, args.processes)
        load_after = os.getloadavg()
        result: dict[str, Any] = {
            "client": figures.pop("client"), "workers": args.workers, "clients": args.clients,
            "requests": figures["requests"], "errors": figures["errors"],
            "seconds": round(figures["seconds"], 3),
            "requests_per_second": round(figures["requests"] / figures["seconds"], 1),
            **{k: round(figures[k], 2) for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")},
            "cores": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
            "cold_ms": cold,
        }
        print(json.dumps(result, indent=2, ensure_ascii=False))
        if args.record:
            _record(result, RESULTS)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        stop_server(data_dir)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
