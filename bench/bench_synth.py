"""Benchmark the synthetic generator: wall time and peak memory at 100k (and 1M) organisations.

Each size runs in a fresh child process so the peak resident set size
(``ru_maxrss`` of the child) belongs to that run alone.

Usage::

    .venv/bin/python bench/bench_synth.py              # 100k
    .venv/bin/python bench/bench_synth.py 100000 1000000
    .venv/bin/python bench/bench_synth.py --relations-per-org 3 100000

``cpu_seconds`` is the child's user + system time: on a shared machine it is
steadier than the wall time.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ecograph.synth import DEFAULT_RELATIONS_PER_ORG

_CHILD = """
import json, sys
from ecograph.synth import generate
r = generate(sys.argv[1], orgs=int(sys.argv[2]), seed=20240601,
             relations_per_org=float(sys.argv[3]))
print(json.dumps({"seconds": r.seconds, "relations": r.files["relations.csv"],
                  "relations_per_org": r.relations_per_org, "parks": r.parks}))
"""


def measure(orgs: int, relations_per_org: float = DEFAULT_RELATIONS_PER_ORG) -> dict[str, float]:
    """Generate ``orgs`` organisations in a child process; return time, memory and size."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _CHILD, out, str(orgs),
                               str(relations_per_org)], check=True, capture_output=True, text=True)
        wall = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(out).iterdir())
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result: dict[str, float] = json.loads(done.stdout)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    result.update(orgs=orgs, wall_seconds=round(wall, 1), cpu_seconds=round(cpu, 1),
                  peak_rss_mb=round(usage.ru_maxrss / 1024, 1), package_mb=round(size / 2**20, 1))
    return result


def main(argv: list[str]) -> None:
    """Run the benchmark for each size given (default 100,000)."""
    density = DEFAULT_RELATIONS_PER_ORG
    if argv[:1] == ["--relations-per-org"]:
        density, argv = float(argv[1]), argv[2:]
    for orgs in [int(a) for a in argv] or [100_000]:
        print(json.dumps(measure(orgs, density)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
