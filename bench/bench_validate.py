"""Benchmark: validate a tabular data package; report rows/s, peak memory and machine load.

Usage::

    .venv/bin/python bench/bench_validate.py PATH [--results bench/results/validate.md]
    .venv/bin/python bench/bench_validate.py --orgs 100000 --out bench/data/synth-100k

``PATH`` is a data-package folder (e.g. from ``ecograph synth --orgs 100000``,
about 5 relation rows per organisation). With ``--orgs`` a package is
generated first by ``ecograph.synth``; ``--relations N`` pads its
``relations.csv`` with extra ``SUPPLIES`` / ``COLLABORATES_WITH`` rows up to N.

Two passes in one process:

1. the whole read, exactly as users get it: :func:`loaders.read_sources` on
   ``PATH`` (shipped chain maps and their SHACL check included), timed in wall
   and CPU seconds; relation rows per second over that time is the headline
   (conservative) figure, and peak RSS (``ru_maxrss``) is taken right after it;
2. the same steps one by one, to time the relation phase on its own: checking
   ``relations.csv`` rows plus their share (by edge count) of resolving the
   edges against the id registry.

CPU time is the steadier figure on a shared machine; the load average
(``os.getloadavg``) is reported before and after. ``--results FILE`` appends
the run as a row of a Markdown table. Targets (issue 2): >= 50k relation
rows/s, peak < 2 GB on 100k organisations / 500k relations.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

STAMP = "2024-01-01T00:00:00+00:00"
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


def _whole_read(path: Path) -> dict[str, float | int]:
    """Time :func:`loaders.read_sources` on ``path``; return times, counts and peak RSS."""
    from ecograph.loaders import read_sources

    wall, cpu = time.perf_counter(), time.process_time()
    result = read_sources([path], loaded_at=STAMP)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    relation_rows = result.stats.get(str(path / "relations.csv"), {}).get("rows", 0)
    figures: dict[str, float | int] = {
        "seconds": wall, "cpu_seconds": cpu, "relation_rows": relation_rows,
        "all_rows": sum(v["rows"] for v in result.stats.values()),
        "nodes": len(result.nodes), "edges": len(result.edges),
        "rejects": len(result.rejects), "peak_rss_mb": peak_kb / 1024,
    }
    del result
    gc.collect()
    return figures


def _relation_phase(path: Path) -> float:
    """Return the CPU seconds of the relation phase, the read's steps run one by one.

    Checking the ``relations.csv`` rows is timed on its own; resolving edges
    (phase 2) handles every edge at once, so the relation rows' share of it
    is counted by edge count.
    """
    from ecograph.loaders.assemble import Assembler
    from ecograph.loaders.chain_maps import add_chain_maps
    from ecograph.loaders.tabular import iter_tables
    from ecograph.validation.shapes import load_shapes

    assembler = Assembler(load_shapes(), STAMP)
    paused = gc.isenabled()
    gc.disable()  # as read_sources does
    try:
        add_chain_maps(assembler)
        relation_cpu = 0.0
        for file, table, header, records in iter_tables(path):
            started = time.process_time()
            assembler.add_table(file, table, header, records, path.name)
            if table.name == "relations":
                relation_cpu += time.process_time() - started
        started = time.process_time()
        _nodes, edges = assembler.finish()
        finish_cpu = time.process_time() - started
    finally:
        if paused:
            gc.enable()
    relation_edges = assembler.stats.get(str(path / "relations.csv"), {}).get("edges", 0)
    return relation_cpu + finish_cpu * relation_edges / max(1, len(edges))


def _revision() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=False, cwd=Path(__file__).parent)
    except OSError:
        return "?"
    return out.stdout.strip() or "?"


def run(path: Path) -> dict[str, float | int | bool | str]:
    """Validate ``path`` (whole read, then the relation phase alone); return the figures."""
    from ecograph.validation.shapes import load_shapes

    load_shapes()  # the shapes file is parsed once per process, before any read
    load_before = os.getloadavg()
    whole = _whole_read(path)
    relation_cpu = _relation_phase(path)
    load_after = os.getloadavg()
    rows = int(whole["relation_rows"])
    wall, cpu = float(whole["seconds"]), float(whole["cpu_seconds"])
    peak_mb = float(whole["peak_rss_mb"])
    return {
        "package": str(path),
        "revision": _revision(),
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "relation_phase_cpu_seconds": round(relation_cpu, 2),
        "relation_rows": rows,
        "all_rows": int(whole["all_rows"]),
        "nodes": int(whole["nodes"]),
        "edges": int(whole["edges"]),
        "rejects": int(whole["rejects"]),
        "relation_rows_per_s_whole_read_wall": round(rows / wall),
        "relation_rows_per_s_whole_read_cpu": round(rows / cpu),
        "relation_rows_per_s_relation_phase_cpu": round(rows / max(relation_cpu, 1e-9)),
        "all_rows_per_s_cpu": round(int(whole["all_rows"]) / cpu),
        "peak_rss_mb": round(peak_mb),
        "load_before": " ".join(f"{x:.2f}" for x in load_before),
        "load_after": " ".join(f"{x:.2f}" for x in load_after),
        "cpus": os.cpu_count() or 0,
        "meets_targets": rows / cpu >= 50_000 and peak_mb < 2048,
    }


_COLUMNS = (
    ("when (UTC)", "when"), ("rev", "revision"), ("label", "label"),
    ("relation rows", "relation_rows"), ("wall s", "seconds"), ("CPU s", "cpu_seconds"),
    ("rel rows/s (wall)", "relation_rows_per_s_whole_read_wall"),
    ("rel rows/s (CPU)", "relation_rows_per_s_whole_read_cpu"),
    ("relation phase CPU s", "relation_phase_cpu_seconds"),
    ("relation phase rows/s (CPU)", "relation_rows_per_s_relation_phase_cpu"),
    ("peak RSS MB", "peak_rss_mb"), ("load 1/5/15 before", "load_before"),
    ("load after", "load_after"), ("meets targets", "meets_targets"),
)


def append_results(figures: dict[str, float | int | bool | str], out: Path) -> None:
    """Append ``figures`` as one row of the Markdown results table in ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    new = not out.exists()
    with out.open("a", encoding="utf-8") as handle:
        if new:
            handle.write(
                "# Validation benchmark (issue 2)\n\n"
                "Written by `bench/bench_validate.py PATH --results bench/results/validate.md`."
                "\nWhole read = `loaders.read_sources([PATH])` (chain maps included); rows/s"
                " are relation rows over that time. Relation phase = checking `relations.csv`"
                " rows plus their share of edge resolution. CPU time is the steadier figure on"
                f" a shared machine ({figures['cpus']} CPUs here); the load average is"
                " reported with each run. Targets: >= 50k relation rows/s, peak < 2 GB.\n\n"
                + "| " + " | ".join(title for title, _ in _COLUMNS) + " |\n"
                + "|" + "---|" * len(_COLUMNS) + "\n")
        handle.write("| " + " | ".join(str(figures.get(key, "")) for _, key in _COLUMNS)
                     + " |\n")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, prepare the package if asked, run the benchmark, print JSON."""
    parser = argparse.ArgumentParser(description="Validate a data package and time it.")
    parser.add_argument("path", nargs="?", type=Path, help="data-package folder")
    parser.add_argument("--orgs", type=int, help="generate a package of this many orgs first")
    parser.add_argument("--relations", type=int, help="pad relations.csv up to this many rows")
    parser.add_argument("--out", type=Path, default=Path("bench-package"),
                        help="where to generate (with --orgs)")
    parser.add_argument("--results", type=Path,
                        help="append the run to this Markdown table (bench/results/validate.md)")
    parser.add_argument("--label", default="", help="a note for the results row")
    args = parser.parse_args(argv)
    path = args.path
    if args.orgs:
        path = _generate(args.orgs, args.out)
    if path is None:
        parser.error("give PATH or --orgs N")
    if args.relations:
        pad_relations(path, args.relations)
    figures = run(path)
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    if args.results:
        figures["when"] = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
        figures["label"] = args.label
        append_results(figures, args.results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
