"""Benchmark the projection and the three analyses on generated 10k / 100k packages (issue 4).

For each size the benchmark

1. generates the package with :func:`ecograph.synth.generate` into
   ``<data-dir>/synth-<orgs>-s<seed>`` unless it is already there;
2. loads it into a **fresh** embedded FalkorDB store whose data folder is
   ``<data-dir>/store-<orgs>-s<seed>`` (child process ``load``);
3. in another child process (``measure``, so its peak RSS is the projection's
   and the analyses' alone) times ``store.to_networkx()`` (plus the one full
   garbage-collector pass it defers), picks the park with
   the most organisations and the chain with the most of its firms, and times
   ``chain_linkage``, ``incubation_handoffs`` and ``collaboration_density``:
   once cold (the first calls on the fresh projection, back to back: their sum
   is "all three") and ``--repeat`` more times warm (best of);
4. stops the store's server.

Peak memory is ``ru_maxrss`` of the measuring child and, for the server, the
FalkorDB process's resident set (now and its high-water mark ``VmHWM``). The
figures are printed as a table and written to ``--out`` as markdown with the
machine load and the growth factor from the first size to the last.

Usage::

    .venv/bin/python bench/bench_analyses.py                     # 10k and 100k, seed 7
    .venv/bin/python bench/bench_analyses.py --orgs 100000 --repeat 1
    .venv/bin/python bench/bench_analyses.py --orgs 100000 --reuse-store   # skip the load
    .venv/bin/python bench/bench_analyses.py --store neo4j --orgs 10000     # the local Neo4j

``--store neo4j`` loads and projects through a local Neo4j 5 (tools/neo4j-local,
Java and Maven) started in the store folder instead of FalkorDB; its figures
are written to ``analyses-neo4j.md`` unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FILES = ("parks.csv", "organizations.csv", "segments.csv", "relations.csv")
#: Reference date of incubation (stays running past the generator's end are active).
TODAY = date(2025, 1, 1)
STEPS = ("projection", "chain_linkage", "incubation_handoffs", "collaboration_density",
         "analyses_total")
TARGETS = {"projection": 15.0, "analyses_total": 10.0}
PEAK_TARGET_MB = 4096.0


# -- helpers ---------------------------------------------------------------------------------
def _load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _server_memory_mb(pid: int) -> dict[str, float]:
    """Current RSS and high-water mark (VmHWM) of the FalkorDB server, in MiB."""
    fields: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    fields[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return {"server_rss_mb": round(fields.get("VmRSS", 0.0), 1),
            "server_hwm_mb": round(fields.get("VmHWM", 0.0), 1)}


def _store_kind() -> str:
    return os.environ.get("ECOGRAPH_BENCH_STORE", "embedded")


def _settings(store_dir: Path) -> Any:
    from ecograph.settings import Settings

    if _store_kind() == "neo4j":  # open_store finds the local Neo4j running in store_dir
        return Settings(store="neo4j", data_dir=store_dir)
    return Settings(store="embedded", data_dir=store_dir, graph_name="ecograph")


def _timed(call: Callable[[], Any], cpu: dict[str, float] | None = None,
           name: str = "") -> tuple[float, Any]:
    """Return the wall time of ``call()`` and its value; store its CPU time in ``cpu``."""
    started, cpu_started = time.perf_counter(), time.process_time()
    value = call()
    if cpu is not None:
        cpu[name] = time.process_time() - cpu_started
    return time.perf_counter() - started, value


# -- child: load -----------------------------------------------------------------------------
def child_load(package: Path, store_dir: Path) -> dict[str, Any]:
    """Read ``package`` and load it into a fresh store in ``store_dir``."""
    from ecograph.loaders import read_sources
    from ecograph.stores import open_store

    read_s, result = _timed(lambda: read_sources([package], source_name=package.name))
    with open_store(_settings(store_dir)) as store:
        store.clear()
        load_s, _ = _timed(lambda: store.load(result.nodes, result.edges, source=package.name))
        stats = store.stats()
    relationships = stats.get("relationships", {})
    return {
        "read_s": round(read_s, 2), "load_s": round(load_s, 2),
        "rows_nodes": len(result.nodes), "rows_edges": len(result.edges),
        "rejects": len(result.rejects),
        "store_nodes": sum(c for lab, c in stats.get("nodes", {}).items()
                           if lab in ("Organization", "Park", "IndustryChain",
                                      "ChainSegment", "Industry")),
        "store_edges": sum(relationships.values()),
        "store_edge_types": dict(sorted(relationships.items())),
        "load_peak_rss_mb": round(_peak_rss_mb(), 1),
    }


# -- child: measure --------------------------------------------------------------------------
def pick_park_and_chain(graph: Any) -> tuple[str, int, str, int]:
    """Return the top park with the most organisations and its chain with the most firms."""
    from ecograph.analysis.common import park_members

    parks = [
        n for n, attrs in graph.nodes(data=True)
        if "Park" in attrs.get("labels", ())
        and not any(a.get("type") == "SUB_PARK_OF" for _, _, a in graph.out_edges(n, data=True))
    ]
    sizes = {p: len(park_members(graph, p)) for p in parks}
    park = max(sorted(sizes), key=lambda p: sizes[p])
    chain_of: dict[str, str] = {}
    for seg, chain, attrs in graph.edges(data=True):
        if attrs.get("type") == "SEGMENT_OF":
            chain_of[seg] = chain
    firms: Counter[str] = Counter()
    for org in park_members(graph, park):
        chains = {chain_of[t] for _, t, a in graph.out_edges(org, data=True)
                  if a.get("type") == "IN_SEGMENT" and t in chain_of}
        firms.update(chains)
    chain, n_firms = max(sorted(firms.items()), key=lambda item: item[1])
    return park, sizes[park], chain, n_firms


def child_measure(store_dir: Path, repeat: int) -> dict[str, Any]:
    """Project the store and time the three analyses; return figures."""
    from ecograph.analysis.chain.linkage import chain_linkage
    from ecograph.analysis.collaboration.density import collaboration_density
    from ecograph.analysis.incubation.handoffs import incubation_handoffs
    from ecograph.stores import open_store
    from ecograph.stores.falkordb.server import server_status

    out: dict[str, Any] = {"load_before": _load_average()}
    cpu: dict[str, float] = {}
    with open_store(_settings(store_dir)) as store:
        out["projection"], graph = _timed(store.to_networkx, cpu, "projection")
    # The projection pauses the cyclic GC; its one deferred full pass over the new graph
    # belongs to the projection, not to whichever analysis would trigger it.
    out["projection_gc"], _ = _timed(gc.collect, cpu, "gc")
    out["projection"] += out["projection_gc"]
    out["projection_cpu"] = cpu["projection"] + cpu["gc"]
    out["graph_nodes"] = graph.number_of_nodes()
    out["graph_edges"] = graph.number_of_edges()
    out["rss_after_projection_mb"] = round(_peak_rss_mb(), 1)
    park, park_orgs, chain, chain_firms = pick_park_and_chain(graph)
    out.update(park=park, park_orgs=park_orgs, chain=chain, chain_firms=chain_firms)

    runs: dict[str, Callable[[], Any]] = {
        "chain_linkage": lambda: chain_linkage(graph, park, chain),
        "incubation_handoffs": lambda: incubation_handoffs(graph, park, today=TODAY),
        "collaboration_density": lambda: collaboration_density(graph, park),
    }
    passes: list[dict[str, float]] = []
    results: dict[str, Any] = {}
    for index in range(1 + repeat):
        times: dict[str, float] = {}
        for name, call in runs.items():
            times[name], results[name] = _timed(call, cpu if index == 0 else None, name)
        times["analyses_total"] = sum(times.values())
        passes.append(times)
    cpu["analyses_total"] = sum(cpu[name] for name in runs)
    for name in (*runs, "analyses_total"):
        out[name] = passes[0][name]
        out[f"{name}_cpu"] = cpu[name]
        out[f"{name}_warm"] = min(p[name] for p in passes[1:]) if repeat else None
    linkage, incubation, collab = (results[n] for n in runs)
    out["chain_gaps"] = len(linkage.gaps)
    out["incubation_stays"] = len(incubation.stays)
    out["collab_nodes"], out["collab_ties"] = collab.nodes, collab.ties
    out["betweenness_method"] = collab.betweenness_method
    out["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    from ecograph.stores.neo4j_local import local_status

    state = server_status(store_dir) if _store_kind() != "neo4j" else local_status(store_dir)
    if state is not None:
        out.update(_server_memory_mb(state.pid))
    out["load_after"] = _load_average()
    return out


# -- child: scoped (issue 15) ----------------------------------------------------------------
_PARK_SIZES = (
    "MATCH (p:Park) WHERE NOT (p)-[:SUB_PARK_OF]->(:Park) "
    "OPTIONAL MATCH (o:Organization)-[:LOCATED_IN]->(:Park)-[:SUB_PARK_OF*0..]->(p) "
    "RETURN p.id AS park, count(DISTINCT o) AS orgs"
)
_PARK_CHAINS = (
    "MATCH (p:Park {id: $park})-[:HAS_LEADING_CHAIN]->(c:IndustryChain) "
    "OPTIONAL MATCH (o:Organization)-[:LOCATED_IN]->(:Park)-[:SUB_PARK_OF*0..]->(p), "
    "(o)-[:IN_SEGMENT]->(:ChainSegment)-[:SEGMENT_OF]->(c) "
    "RETURN c.id AS chain, count(DISTINCT o) AS firms"
)


def pick_scoped(store: Any, park_size: int) -> tuple[str, int, str, int]:
    """In the store: the top-level park whose size is nearest ``park_size``, its top chain."""
    sizes = {r["park"]: int(r["orgs"]) for r in store._read(_PARK_SIZES, {})}
    park = min(sorted(sizes), key=lambda p: abs(sizes[p] - park_size))
    chains = {r["chain"]: int(r["firms"]) for r in store._read(_PARK_CHAINS, {"park": park})}
    chain = max(sorted(chains), key=lambda c: chains[c])
    return park, sizes[park], chain, chains[chain]


def child_scoped(data_dir: Path, park_size: int, compare: bool) -> dict[str, Any]:
    """Project one park's scope and time its three analyses (optionally vs the whole graph)."""
    from ecograph.analysis.chain.linkage import chain_linkage
    from ecograph.analysis.collaboration.density import collaboration_density
    from ecograph.analysis.common import to_plain
    from ecograph.analysis.incubation.handoffs import incubation_handoffs
    from ecograph.settings import Settings
    from ecograph.stores import open_store
    from ecograph.stores.falkordb.server import server_status

    out: dict[str, Any] = {"data_dir": str(data_dir), "load_before": _load_average()}
    cpu: dict[str, float] = {}
    settings = Settings(store="embedded", data_dir=data_dir, graph_name="ecograph")
    with open_store(settings) as store:
        park, park_orgs, chain, chain_firms = pick_scoped(store, park_size)
        out.update(park=park, park_orgs=park_orgs, chain=chain, chain_firms=chain_firms)
        out["store_nodes"] = sum(store.stats().get("nodes", {}).values())
        # the lean scope (no 招商 candidates) and the two analyses that need no more
        out["lean_projection"], lean = _timed(
            lambda: store.park_graph(park, as_of=TODAY, candidates=False), cpu, "lean")
        out["lean_projection_cpu"] = cpu["lean"]
        out["lean_nodes"] = lean.number_of_nodes()
        out["lean_incubation"], _ = _timed(
            lambda: incubation_handoffs(lean, park, today=TODAY), cpu, "lean_inc")
        out["lean_collaboration"], _ = _timed(
            lambda: collaboration_density(lean, park), cpu, "lean_col")
        out["lean_total"] = (out["lean_projection"] + out["lean_incubation"]
                             + out["lean_collaboration"])
        out["lean_incubation_cpu"], out["lean_collaboration_cpu"] = cpu["lean_inc"], cpu["lean_col"]
        out["lean_total_cpu"] = cpu["lean"] + cpu["lean_inc"] + cpu["lean_col"]
        lean.clear()  # free it before the full scope
        gc.collect()
        out["projection"], graph = _timed(
            lambda: store.park_graph(park, chain=chain, as_of=TODAY), cpu, "projection")
        out["projection_gc"], _ = _timed(gc.collect, cpu, "gc")
        out["projection"] += out["projection_gc"]
        out["projection_cpu"] = cpu["projection"] + cpu["gc"]
        out["scope"] = graph.graph["scope"]
        out["graph_nodes"], out["graph_edges"] = graph.number_of_nodes(), graph.number_of_edges()
        out["rss_after_projection_mb"] = round(_peak_rss_mb(), 1)
        runs: dict[str, Callable[[], Any]] = {
            "chain_linkage": lambda: chain_linkage(graph, park, chain, as_of=TODAY),
            "incubation_handoffs": lambda: incubation_handoffs(graph, park, today=TODAY),
            "collaboration_density": lambda: collaboration_density(graph, park),
        }
        results: dict[str, Any] = {}
        for name, call in runs.items():
            out[name], results[name] = _timed(call, cpu, name)
            out[f"{name}_cpu"] = cpu[name]
        out["analyses_total"] = sum(out[n] for n in runs)
        out["analyses_total_cpu"] = sum(cpu[n] for n in runs)
        out["total"] = out["projection"] + out["analyses_total"]
        out["total_cpu"] = out["projection_cpu"] + out["analyses_total_cpu"]
        out["peak_rss_mb"] = round(_peak_rss_mb(), 1)
        state = server_status(data_dir)
        if state is not None:
            out.update(_server_memory_mb(state.pid))
        if compare:
            scoped = json.dumps({k: to_plain(v) for k, v in results.items()}, sort_keys=True,
                                default=str)
            del graph
            gc.collect()
            out["whole_projection"], whole = _timed(store.to_networkx)
            again = {name: to_plain(call()) for name, call in {
                "chain_linkage": lambda: chain_linkage(whole, park, chain, as_of=TODAY),
                "incubation_handoffs": lambda: incubation_handoffs(whole, park, today=TODAY),
                "collaboration_density": lambda: collaboration_density(whole, park),
            }.items()}
            out["equal_to_whole"] = json.dumps(again, sort_keys=True, default=str) == scoped
            out["whole_nodes"] = whole.number_of_nodes()
    out["load_after"] = _load_average()
    return out


SCOPED_STEPS = ("projection", "chain_linkage", "incubation_handoffs", "collaboration_density",
                "analyses_total", "total", "lean_projection", "lean_incubation",
                "lean_collaboration", "lean_total")
_SCOPED_LABELS = {"analyses_total": "all three analyses",
                  "total": "**projection + three analyses**",
                  "lean_projection": "lean scope (candidates=False) projection",
                  "lean_incubation": "lean: incubation handoffs",
                  "lean_collaboration": "lean: collaboration density",
                  "lean_total": "**lean projection + incubation + collaboration**"}


def render_scoped(results: Sequence[dict[str, Any]]) -> str:
    """The park-scoped table: projection + three analyses per store size, wall and CPU."""
    first, last = results[0], results[-1]
    sizes = [f"{r['store_nodes']:,} nodes" for r in results]
    head = ["step", *[f"{s} wall (s)" for s in sizes], *[f"{s} CPU (s)" for s in sizes]]
    if len(results) > 1:
        head.append("growth (wall / CPU)")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for step in SCOPED_STEPS:
        row = [_SCOPED_LABELS.get(step, step.replace("_", " "))]
        row += [_cell(r.get(step)) for r in results]
        row += [_cell(r.get(f"{step}_cpu")) for r in results]
        if len(results) > 1:
            row.append(f"{_growth(first.get(step), last.get(step))} / "
                       f"{_growth(first.get(step + '_cpu'), last.get(step + '_cpu'))}")
        lines.append("| " + " | ".join(row) + " |")
    facts = ["| fact | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(sizes)]
    keys = (("park", "park (top level, size nearest --park-size)"),
            ("park_orgs", "its organisations (sub-parks included)"), ("chain", "chain"),
            ("chain_firms", "its park firms in the chain"),
            ("graph_nodes", "scope nodes"), ("graph_edges", "scope edges"),
            ("lean_nodes", "lean scope nodes"),
            ("peak_rss_mb", "process peak RSS (MiB)"),
            ("server_hwm_mb", "FalkorDB server peak RSS (MiB)"),
            ("whole_projection", "whole projection, for comparison (s)"),
            ("equal_to_whole", "results equal the whole graph's"))
    for key, label in keys:
        cells = [f"{r[key]:,}" if isinstance(r.get(key), int) and not isinstance(r.get(key), bool)
                 else f"{r[key]:.2f}" if isinstance(r.get(key), float)
                 else str(r.get(key, "–")) for r in results]
        facts.append("| " + " | ".join([label, *cells]) + " |")
    for part in ("members", "neighbourhood", "candidates_searched", "candidate_nodes",
                 "candidate_expanded"):
        facts.append("| " + " | ".join([f"scope: {part.replace('_', ' ')}",
                                        *[f"{r['scope'].get(part, 0):,}" for r in results]])
                     + " |")
    loads = "; ".join(f"{r['store_nodes']:,}: {r['load_before']} before, {r['load_after']} after"
                      for r in results)
    return "\n".join([
        "## Park-scoped projection (issue 15)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')}; load average (1/5/15 min): {loads}. "
        "`store.park_graph(park, chain=chain, as_of=2025-01-01)` then the three analyses on it, "
        "cold, in one child process (`--scoped DATA_DIR...`, stores loaded with "
        "`ecograph load --bulk`).",
        "", *lines, "", *facts, "",
    ])


# -- parent ----------------------------------------------------------------------------------
def ensure_package(package: Path, orgs: int, seed: int, density: float) -> dict[str, Any]:
    """Generate the package unless all its files are there (written aside, then renamed)."""
    if all((package / name).is_file() for name in PACKAGE_FILES):
        return {"generated": False}
    from ecograph.synth import generate

    options: dict[str, Any] = {}
    if "relations_per_org" in inspect.signature(generate).parameters:
        options["relations_per_org"] = density
    else:
        print("the generator has no relations_per_org option: default density", file=sys.stderr)
    tmp = package.with_name(package.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    report = generate(tmp, orgs=orgs, seed=seed, **options)
    shutil.rmtree(package, ignore_errors=True)
    tmp.rename(package)
    return {"generated": True, "synth_s": report.seconds}


def relation_rows(package: Path) -> int:
    """Count the data rows of ``relations.csv`` (header excluded)."""
    with open(package / "relations.csv", "rb") as handle:
        return sum(1 for _ in handle) - 1


def run_child(step: str, *args: str) -> dict[str, Any]:
    """Run this file as a child process for ``step``; return its JSON answer."""
    done = subprocess.run([sys.executable, __file__, "--child", step, *args], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def bench_size(orgs: int, seed: int, density: float, data_dir: Path,
               repeat: int, reuse_store: bool = False) -> dict[str, Any]:
    """Generate, load and measure one size; stop the server at the end.

    With ``reuse_store`` a store loaded by an earlier run (its load figures saved
    beside it in ``load.json``) is measured again instead of being reloaded.
    """
    from ecograph.stores.falkordb.server import stop_server

    package = data_dir / f"synth-{orgs}-s{seed}-r{density:g}"
    store_dir = data_dir / f"store-{orgs}-s{seed}-r{density:g}"
    saved = store_dir.with_name(store_dir.name + ".load.json")
    figures: dict[str, Any] = {"orgs": orgs, "seed": seed, "relations_per_org": density}
    figures.update(ensure_package(package, orgs, seed, density))
    figures["relations_csv"] = relation_rows(package)
    stop_server(store_dir)
    reused = reuse_store and saved.is_file() and store_dir.is_dir()
    if not reused:
        saved.unlink(missing_ok=True)
        shutil.rmtree(store_dir, ignore_errors=True)
    if _store_kind() == "neo4j":
        from ecograph.stores.neo4j_local import start_local, stop_local

        started = time.perf_counter()
        start_local(store_dir, pagecache="512m")
        figures["neo4j_startup_s"] = round(time.perf_counter() - started, 1)
        stop_server = stop_local  # the finally below stops the Neo4j
    try:
        if reused:
            figures.update(json.loads(saved.read_text(encoding="utf-8")), store_reused=True)
        else:
            loaded = run_child("load", str(package), str(store_dir))
            saved.write_text(json.dumps(loaded), encoding="utf-8")
            figures.update(loaded)
        figures.update(run_child("measure", str(store_dir), str(repeat)))
    finally:
        stop_server(store_dir)
    return figures


def _cell(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _growth(first: float | None, last: float | None) -> str:
    if first is None or last is None or first <= 0:
        return "–"
    return f"×{last / first:.1f}"


def _server_name() -> str:
    return "Neo4j (JVM)" if _store_kind() == "neo4j" else "FalkorDB"


def render(results: Sequence[dict[str, Any]]) -> str:
    """Render the figures as markdown (table per step, growth from first to last size)."""
    first, last = results[0], results[-1]
    sizes = [f"{r['orgs']:,} orgs" for r in results]
    growth = len(results) > 1
    head = ["step", *[f"{s} cold wall (s)" for s in sizes],
            *[f"{s} cold CPU (s)" for s in sizes], *[f"{s} warm wall (s)" for s in sizes]]
    if growth:
        head.append(f"growth {first['orgs'] // 1000}k→{last['orgs'] // 1000}k (wall / CPU)")
    head.append("target")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for step in STEPS:
        row = [step.replace("_", " ") if step != "analyses_total" else "**all three analyses**"]
        row += [_cell(r[step]) for r in results]
        row += [_cell(r.get(f"{step}_cpu")) for r in results]
        row += [_cell(r.get(f"{step}_warm")) for r in results]
        if growth:
            row.append(f"{_growth(first[step], last[step])} / "
                       f"{_growth(first.get(f'{step}_cpu'), last.get(f'{step}_cpu'))}")
        target = TARGETS.get(step)
        row.append(f"≤ {target:.0f} s" if target else "")
        lines.append("| " + " | ".join(row) + " |")
    mem_head = ["memory (MiB)", *sizes]
    if growth:
        mem_head.append("growth")
    mem = ["| " + " | ".join(mem_head) + " |", "|" + "---|" * len(mem_head)]
    for key, label in (("rss_after_projection_mb", "process RSS after projection"),
                       ("peak_rss_mb", "process peak RSS (projection + analyses)"),
                       ("server_rss_mb", f"{_server_name()} server RSS"),
                       ("server_hwm_mb", f"{_server_name()} server peak RSS (VmHWM)"),
                       ("load_peak_rss_mb", "loader process peak RSS (not a target)")):
        row = [label, *[_cell(r.get(key), 0) for r in results]]
        if growth:
            row.append(_growth(first.get(key), last.get(key)))
        mem.append("| " + " | ".join(row) + " |")
    size_head = ["graph", *sizes]
    size = ["| " + " | ".join(size_head) + " |", "|" + "---|" * len(size_head)]
    for key, label in (("relations_csv", "relations.csv rows"),
                       ("projection_gc", "deferred GC pass in projection (s)"),
                       ("store_nodes", "store nodes"), ("store_edges", "store relationships"),
                       ("graph_nodes", "projection nodes"), ("graph_edges", "projection edges"),
                       ("park", "park analysed"), ("park_orgs", "its organisations"),
                       ("chain", "chain analysed"), ("chain_firms", "its park firms in the chain"),
                       ("chain_gaps", "gap segments"), ("incubation_stays", "stays"),
                       ("collab_nodes", "collaboration nodes"),
                       ("collab_ties", "collaboration ties"),
                       ("betweenness_method", "betweenness"),
                       ("read_s", "read_sources (s, not a target)"),
                       ("load_s", "store.load (s, not a target)")):
        cells = [f"{r[key]:,}" if isinstance(r.get(key), int)
                 else f"{r[key]:.2f}" if isinstance(r.get(key), float) else str(r.get(key, "–"))
                 for r in results]
        size.append("| " + " | ".join([label, *cells]) + " |")
    peak = last["peak_rss_mb"] + last.get("server_hwm_mb", 0.0)
    verdict = (
        f"Targets at {last['orgs']:,} organisations (cold, wall): all three analyses "
        f"{last['analyses_total']:.1f} s (≤ 10 s: {_met(last['analyses_total'] <= 10)}); "
        f"projection {last['projection']:.1f} s (≤ 15 s: {_met(last['projection'] <= 15)}); "
        f"peak memory {peak / 1024:.2f} GiB, process plus {_server_name()} server high-water mark "
        f"(≤ 4 GB: {_met(peak <= PEAK_TARGET_MB)})."
    )
    loads = "; ".join(f"{r['orgs']:,}: {r['load_before']} before, {r['load_after']} after"
                      for r in results)
    return "\n".join([
        "# Analyses benchmark (issue 4)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on {platform.node() or 'this machine'}"
        f" ({os.cpu_count()} cores shared with other engineers, Python "
        f"{platform.python_version()}); seed {first['seed']}. Load average (1/5/15 min) of "
        f"the measuring step: {loads}.",
        "",
        "Cold = first call on a fresh projection (the three back to back; their sum is "
        "\"all three analyses\"); warm = best of the repeats on the same projection; CPU = "
        "the benchmark process's CPU time for the cold call (less sensitive to the other load; "
        "the projection's CPU excludes the FalkorDB server's; the projection includes the "
        "full GC pass it defers). "
        "Reproduce with `.venv/bin/python bench/bench_analyses.py` (see `bench/README.md`).",
        "",
        verdict,
        "",
        *lines, "", *mem, "", *size, "",
    ])


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--orgs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--relations-per-org", type=float, default=5.0,
                        help="generator density (about 500k relation rows at 100k orgs)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--repeat", type=int, default=2, help="warm repeats (default 2)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "analyses.md")
    parser.add_argument("--reuse-store", action="store_true",
                        help="measure the store an earlier run loaded (same size, seed and "
                             "density) instead of loading a fresh one")
    parser.add_argument("--store", choices=("embedded", "neo4j"), default="embedded",
                        help="neo4j: a local Neo4j 5 instead of the embedded FalkorDB")
    parser.add_argument("--scoped", type=Path, nargs="+", metavar="DATA_DIR",
                        help="measure the park-scoped projection on stores already loaded in "
                             "these ECOGRAPH_DATA_DIRs (smallest first)")
    parser.add_argument("--park-size", type=int, default=4000,
                        help="--scoped: the park nearest this many organisations")
    parser.add_argument("--compare", action="store_true",
                        help="--scoped: also project the whole graph and compare the results")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.store == "neo4j" and args.out == parser.get_default("out"):
        args.out = args.out.with_name("analyses-neo4j.md")
    if not args.child:  # children inherit it (their own command line has no --store)
        os.environ["ECOGRAPH_BENCH_STORE"] = args.store
    return args


def main(argv: Sequence[str]) -> int:
    """Run the benchmark (or one child step)."""
    args = parse(argv)
    if args.child:
        step, *rest = args.child
        if step == "load":
            answer = child_load(Path(rest[0]), Path(rest[1]))
        elif step == "scoped":
            answer = child_scoped(Path(rest[0]), int(rest[1]), rest[2] == "1")
        else:
            answer = child_measure(Path(rest[0]), int(rest[1]))
        print(json.dumps(answer))
        return 0
    if args.scoped:
        scoped = []
        for folder in args.scoped:
            figures = run_child("scoped", str(folder.resolve()), str(args.park_size),
                                "1" if args.compare else "0")
            print(json.dumps(figures), file=sys.stderr)
            scoped.append(figures)
        print(render_scoped(scoped))
        return 0
    results = []
    for orgs in args.orgs:
        figures = bench_size(orgs, args.seed, args.relations_per_org,
                             args.data_dir.resolve(), args.repeat, args.reuse_store)
        print(json.dumps(figures), file=sys.stderr)
        results.append(figures)
    text = render(results)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
