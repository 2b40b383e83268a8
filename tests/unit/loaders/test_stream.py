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
