"""Benchmark: validate a tabular data package; report rows/s and peak memory.

Usage::

    .venv/bin/python bench/bench_validate.py PATH
    .venv/bin/python bench/bench_validate.py --orgs 100000 --relations 500000 --out /tmp/pkg

``PATH`` is a data-package folder (e.g. from ``ecograph synth --orgs 100000``).
With ``--orgs`` a package is generated first by ``ecograph.synth``; with
``--relations N`` its ``relations.csv`` is padded with extra ``SUPPLIES`` /
``COLLABORATES_WITH`` rows between its enterprises up to N rows (synth makes
about 1.8 relations per organisation). Reports wall and CPU time (the machine
may be shared), relation rows per second over the whole read (a conservative
figure), all rows per second and peak RSS (``ru_maxrss``). Targets (issue 2):
>= 50k relation rows/s, peak < 2 GB on 100k organisations / 500k relations.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import time
from pathlib import Path

KINDS = ("joint_patent", "joint_project", "co_publication", "tech_contract", "joint_lab")


def _generate(orgs: int, out: Path) -> Path:
    from ecograph.synth import generate

    generate(out, orgs=orgs)
    return out


def pad_relations(path: Path, target_rows: int, seed: int = 7) -> int:
    """Append SUPPLIES / COLLABORATES_WITH rows to ``relations.csv`` up to ``target_rows``."""
    rng = random.Random(seed)
    with (path / "organizations.csv").open(encoding="utf-8", newline="") as handle:
        firms = [row["id"] for row in csv.DictReader(handle) if row["type"] == "Enterprise"]
    relations = path / "relations.csv"
    with relations.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        have = sum(1 for _ in reader)
    added = 0
    with relations.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for _ in range(max(0, target_rows - have)):
            a, b = rng.sample(firms, 2)
            since = rng.randint(2005, 2023)
            row = dict.fromkeys(header, "")
            row.update(source=a, target=b, since=str(since), weight=f"{rng.random() * 5:.2f}")
            if rng.random() < 0.7:
                row.update(type="SUPPLIES", amount=str(rng.randint(10, 90000)))
            else:
                row.update(type="COLLABORATES_WITH", kind=rng.choice(KINDS),
                           until=str(since + rng.randint(0, 3)))
            writer.writerow([row[h] for h in header])
            added += 1
    return added


def run(path: Path) -> dict[str, float | int | bool]:
    """Validate ``path`` once and return the measured figures."""
    from ecograph.validation.shapes import load_shapes
    from loaders import read_sources

    load_shapes()  # parsed once per process, outside the timing
    started = time.perf_counter()
    cpu_started = time.process_time()
    result = read_sources([path], include_chain_maps=True)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    rows = {Path(k).name: v["rows"] for k, v in result.stats.items()}
    relation_rows = rows.get("relations.csv", 0)
    all_rows = sum(rows.values())
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "relation_rows": relation_rows,
        "all_rows": all_rows,
        "nodes": len(result.nodes),
        "edges": len(result.edges),
        "rejects": len(result.rejects),
        "relation_rows_per_s": round(relation_rows / elapsed),
        "relation_rows_per_cpu_s": round(relation_rows / cpu),
        "all_rows_per_s": round(all_rows / elapsed),
        "peak_rss_mb": round(peak_kb / 1024),
        "meets_targets": relation_rows / elapsed >= 50_000 and peak_kb < 2 * 1024 * 1024,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, prepare the package if asked, run the benchmark, print JSON."""
    parser = argparse.ArgumentParser(description="Validate a data package and time it.")
    parser.add_argument("path", nargs="?", type=Path, help="data-package folder")
    parser.add_argument("--orgs", type=int, help="generate a package of this many orgs first")
    parser.add_argument("--relations", type=int, help="pad relations.csv up to this many rows")
    parser.add_argument("--out", type=Path, default=Path("bench-package"),
                        help="where to generate (with --orgs)")
    args = parser.parse_args(argv)
    path = args.path
    if args.orgs:
        path = _generate(args.orgs, args.out)
    if path is None:
        parser.error("give PATH or --orgs N")
    if args.relations:
        pad_relations(path, args.relations)
    sys.stdout.write(json.dumps(run(path), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
