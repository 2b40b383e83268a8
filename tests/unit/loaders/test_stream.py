"""The streaming read gives what ``read_sources`` gives: rows, rejects, counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ecograph.loaders import read_sources
from ecograph.loaders.stream import stream_sources
from ecograph.resources import DEMO_DIR

FIXTURES = Path(__file__).parents[2] / "fixtures"
STAMP = "2024-05-01T00:00:00+00:00"
PACKAGES = sorted([DEMO_DIR, FIXTURES / "full", FIXTURES / "v2",
                   *(p for p in (FIXTURES / "bad").iterdir() if p.is_dir()),
                   *(p for p in (FIXTURES / "input").iterdir() if p.is_dir())])


def _edges_by_key(edges: Any) -> dict[str, dict[str, Any]]:
    """Edges by key, a repeated key merged onto the first (what MERGE does)."""
    out: dict[str, dict[str, Any]] = {}
    for edge in edges:
        first = out.setdefault(edge["key"], {**edge, "props": {}})
        first["props"].update(edge["props"])
    return out


def _rejects(rejects: Any) -> list[tuple[str, ...]]:
    return sorted(tuple(str(x) for x in (r.file, r.line, r.column, r.reason, r.value,
                                         r.severity)) for r in rejects)


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_stream_equals_read_sources(package: Path) -> None:
    whole = read_sources([package], loaded_at=STAMP)
    read = stream_sources([package], loaded_at=STAMP)
    nodes = list(read.nodes())
    edges = list(read.edges(batch_size=7))
    ids = [n["id"] for n in nodes]
    assert len(ids) == len(set(ids)) == read.node_count
    assert {n["id"]: n for n in nodes} == {n["id"]: n for n in whole.nodes}
    assert _edges_by_key(edges) == _edges_by_key(whole.edges)
    assert _rejects(read.rejects) == _rejects(whole.rejects)
    assert _rejects(read.warnings) == _rejects(whole.warnings)
    assert read.stats == whole.stats
    assert read.notices == whole.notices


def test_bad_fixtures_reject_something() -> None:
    """The comparison above is not vacuous: the bad packages do reject rows."""
    counted = []
    for package in PACKAGES:
        if package.parent.name == "bad":
            read = stream_sources([package], loaded_at=STAMP)
            list(read.edges())
            counted.append(len(read.rejects))
    assert len(counted) > 10 and all(counted)


def test_edge_rejects_come_with_the_edge_pass() -> None:
    """Unknown targets are found while the edges stream, located at their row."""
    read = stream_sources([FIXTURES / "bad" / "unknown_target"], loaded_at=STAMP)
    before = len(read.rejects)
    list(read.nodes())
    list(read.edges())
    late = read.rejects[before:]
    assert late and all(r.file.endswith("relations.csv") and isinstance(r.line, int)
                        and r.column == "target" for r in late)


@pytest.fixture(scope="module")
def synth_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated package (2000 organisations, data model v2 tables included)."""
    from ecograph.synth import generate

    out = tmp_path_factory.mktemp("synth") / "synth-2000"
    generate(out, orgs=2000, seed=7)
    return out


def test_stream_equals_read_sources_on_a_generated_package(synth_package: Path) -> None:
    whole = read_sources([synth_package], loaded_at=STAMP)
    read = stream_sources([synth_package], loaded_at=STAMP)
    nodes = {n["id"]: n for n in read.nodes()}
    edges = list(read.edges(batch_size=300))
    assert len(nodes) == len(whole.nodes) > 2000 and len(edges) >= len(whole.edges) > 10_000
    assert nodes == {n["id"]: n for n in whole.nodes}
    assert _edges_by_key(edges) == _edges_by_key(whole.edges)
    assert _rejects(read.rejects) == _rejects(whole.rejects)
    assert read.stats == whole.stats


def test_streaming_holds_the_index_and_a_batch_not_the_package(synth_package: Path) -> None:
    """Peak Python allocation while streaming stays far under read_sources' peak."""
    import tracemalloc

    def peak(run: Any) -> int:
        tracemalloc.start()
        try:
            run()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    def stream() -> None:
        read = stream_sources([synth_package], loaded_at=STAMP)
        for _ in read.nodes():
            pass
        for _ in read.edges(batch_size=200):
            pass

    read_sources([FIXTURES / "full"], loaded_at=STAMP)  # shapes and chain maps cached
    whole = peak(lambda: read_sources([synth_package], loaded_at=STAMP))
    streamed = peak(stream)
    print(f"peak: read_sources {whole / 2**20:.1f} MB, streamed {streamed / 2**20:.1f} MB")
    # measured: 2000 organisations, 4,300 nodes, 26,000 edges: MB against MB
    assert streamed < 0.3 * whole


@pytest.mark.parametrize("package", [FIXTURES / "full", FIXTURES / "v2",
                                     *sorted(p for p in (FIXTURES / "bad").iterdir()
                                             if p.is_dir() and (p / "relations.csv").is_file())],
                         ids=lambda p: p.name)
def test_worker_checked_edges_equal_in_process(package: Path) -> None:
    """Edge tables checked by the worker process give the same rows, rejects and order."""
    def run(workers: bool) -> tuple[Any, ...]:
        read = stream_sources([package], loaded_at=STAMP, workers=workers)
        nodes = list(read.nodes())
        edges = list(read.edges(batch_size=7))
        return nodes, edges, list(read.rejects), list(read.warnings), read.stats
    assert run(True) == run(False)
