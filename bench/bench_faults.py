"""Time and memory of the hostile requests of issue 18 against a running ``ecograph serve``.

Usage (a loaded store, e.g. a 50k-organisation synth package)::

    ecograph serve --port 8765 &
    python bench/bench_faults.py --base http://127.0.0.1:8765 --pid <serve pid>

Measures, each with wall time and the API process's peak RSS (sampled every
50 ms; children included): the ego view of the best-connected organisation at
depth 3 with the largest cap served and with ``cap=20000``; six concurrent
ego views with distinct caps; the streamed ``/export.ttl``; ``/health`` once
and 50 at once. Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psutil


def _rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def measured(proc: psutil.Process, work: Callable[[], Any]) -> tuple[float, int, int, Any]:
    """Run ``work``; return (seconds, RSS before, peak RSS during, its result)."""
    before = _rss(proc)
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss(proc))
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    start = time.perf_counter()
    try:
        result = work()
    finally:
        done.set()
        thread.join()
    return time.perf_counter() - start, before, peak[0], result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--hub", help="organisation id (default: most SUPPLIES partners)")
    args = parser.parse_args()
    proc = psutil.Process(args.pid)
    client = httpx.Client(base_url=args.base, timeout=900, headers={"host": "localhost"})
    hub = args.hub or client.get("/orgs", params={"limit": 1}).json()["items"][0]["id"]
    quoted = urllib.parse.quote(hub, safe="")
    rows: list[tuple[str, str, float, int, int]] = []

    def get(url: str) -> str:
        r = client.get(url)
        return f"{r.status_code}, {len(r.content):,} B"

    def stream(url: str) -> str:
        size = 0
        with client.stream("GET", url) as r:
            for chunk in r.iter_bytes():
                size += len(chunk)
            return f"{r.status_code}, {size:,} B"

    cases: list[tuple[str, Callable[[], str]]] = [
        ("/health", lambda: get("/health")),
        ("/viz/ego/{hub}?depth=3&cap=20000",
         lambda: get(f"/viz/ego/{quoted}?depth=3&cap=20000")),
        ("/viz/ego/{hub}?depth=3&cap=5000", lambda: get(f"/viz/ego/{quoted}?depth=3&cap=5000")),
        ("6 concurrent /viz/ego/{hub}?depth=3, caps 4000–4500", lambda: _concurrent(
            get, [f"/viz/ego/{quoted}?depth=3&cap={c}" for c in range(4000, 4501, 100)])),
        ("50 concurrent /health", lambda: _concurrent(get, ["/health"] * 50)),
        ("/export.ttl", lambda: stream("/export.ttl")),
    ]
    for name, work in cases:
        seconds, before, peak, result = measured(proc, work)
        rows.append((name, str(result), seconds, before, peak))
        print(f"{name}: {seconds:.2f} s, {before / 2**20:.0f} → {peak / 2**20:.0f} MiB ({result})",
              flush=True)
    print(f"\nhub: {hub}\n")
    print("| request | answer | seconds | API RSS before → peak (MiB) |")
    print("| --- | --- | ---: | ---: |")
    for name, result, seconds, before, peak in rows:
        mib = f"{before / 2**20:.0f} → {peak / 2**20:.0f}"
        print(f"| `{name}` | {result} | {seconds:.2f} | {mib} |")


def _concurrent(get: Callable[[str], str], urls: list[str]) -> str:
    with ThreadPoolExecutor(len(urls)) as pool:
        start = time.perf_counter()
        answers = list(pool.map(lambda u: (get(u), time.perf_counter() - start), urls))
    codes = sorted({a.split(",")[0] for a, _ in answers})
    slowest = max(t for _, t in answers)
    return f"{'/'.join(codes)}, slowest {slowest:.2f} s"


if __name__ == "__main__":
    main()
