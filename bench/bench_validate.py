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
    """Validate ``path`` once (as ``read_sources`` does) and return the measured figures.

    The steps of :func:`loaders.read_sources` are run here one by one so the
    relation phase (checking ``relations.csv`` rows, then resolving every edge
    against the id registry) is timed on its own as well as the whole read.
    """
    import gc

    from ecograph.validation.shapes import load_shapes
    from loaders.assemble import Assembler
    from loaders.chain_maps import add_chain_maps
    from loaders.tabular import iter_tables

    assembler = Assembler(load_shapes(), "2024-01-01T00:00:00+00:00")  # shapes parsed once
    gc.disable()  # as read_sources does
    wall, cpu = time.perf_counter(), time.process_time()
    add_chain_maps(assembler)
    relation_cpu = 0.0
    for file, table, header, records in iter_tables(path):
        started = time.process_time()
        assembler.add_table(file, table, header, records, path.name)
        if table.name == "relations":
            relation_cpu += time.process_time() - started
    started = time.process_time()
    nodes, edges = assembler.finish()
    finish_cpu = time.process_time() - started
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    gc.enable()
    rows = {Path(k).name: v["rows"] for k, v in assembler.stats.items()}
    relation_rows = rows.get("relations.csv", 0)
    all_rows = sum(rows.values())
    relation_edges = assembler.stats.get(str(path / "relations.csv"), {}).get("edges", 0)
    # the relation rows' share of the resolution phase, by edge count
    relation_cpu += finish_cpu * relation_edges / max(1, len(edges))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "relation_phase_cpu_seconds": round(relation_cpu, 2),
        "relation_rows": relation_rows,
        "all_rows": all_rows,
        "nodes": len(nodes),
        "edges": len(edges),
        "rejects": len(assembler.rejects),
        "relation_rows_per_s_whole_read_wall": round(relation_rows / wall),
        "relation_rows_per_s_whole_read_cpu": round(relation_rows / cpu),
        "relation_rows_per_s_relation_phase_cpu": round(relation_rows / max(relation_cpu, 1e-9)),
        "all_rows_per_s_cpu": round(all_rows / cpu),
        "peak_rss_mb": round(peak_kb / 1024),
        "meets_targets": relation_rows / cpu >= 50_000 and peak_kb < 2 * 1024 * 1024,
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
