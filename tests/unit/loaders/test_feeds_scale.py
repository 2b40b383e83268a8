"""The ``feeds`` cycle check is linear for an acyclic chain, whatever the row order."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from ecograph.loaders import read_sources


def _chain(folder: Path, segments: int, *, loop: bool = False) -> Path:
    folder.mkdir()
    lines = ["chain,chain_name,segment,segment_name,stage,code,feeds"]
    for i in reversed(range(segments)):  # reverse order: each row feeds one read earlier
        target = f"s{i + 1}" if i + 1 < segments else ("s0" if loop else "")
        lines.append(f"long,长链,s{i},段{i},midstream,C3841,{target}")
    (folder / "chains.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "organizations.csv").write_text("id,name,type\ne1,甲,Enterprise\n",
                                              encoding="utf-8")
    return folder


@pytest.mark.parametrize("segments", [10_000, 20_000])
def test_long_acyclic_chain_in_reverse_order(tmp_path: Path, segments: int) -> None:
    started = time.perf_counter()
    result = read_sources([_chain(tmp_path / "pkg", segments)], strict=False, source_name="t")
    assert time.perf_counter() - started < 15  # was 18.9 s (10k) and > 90 s (20k)
    feeds = [e for e in result.edges if e["type"] == "FEEDS" and e["source"][1:].isdigit()]
    assert len(feeds) == segments - 1 and not result.rejects


def test_the_edge_closing_a_loop_is_still_rejected(tmp_path: Path) -> None:
    result = read_sources([_chain(tmp_path / "pkg", 50, loop=True)], strict=False,
                          source_name="t")
    reasons = [r.reason for r in result.rejects]
    assert len(reasons) == 1 and "feeds cycle" in reasons[0]
    assert sum(e["type"] == "FEEDS" and e["source"][1:].isdigit() for e in result.edges) == 49


def test_parallel_relations_of_one_pair_are_bounded(tmp_path: Path) -> None:
    from ecograph.loaders.assemble import MAX_PARALLEL_EDGES

    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "organizations.csv").write_text("id,name,type\na,甲,Enterprise\nb,乙,Enterprise\n",
                                              encoding="utf-8")
    first = date(2000, 1, 1)
    rows = [f"a,b,SUPPLIES,{first + timedelta(days=i)}" for i in range(3 * MAX_PARALLEL_EDGES)]
    (folder / "relations.csv").write_text("source,target,type,since\n" + "\n".join(rows) + "\n",
                                          encoding="utf-8")
    started = time.perf_counter()
    result = read_sources([folder], strict=False, source_name="t")
    assert time.perf_counter() - started < 15
    supplies = [e for e in result.edges if e["type"] == "SUPPLIES"]
    assert len(supplies) == MAX_PARALLEL_EDGES
    bounded = [r for r in result.rejects if "bound on parallel relations" in r.reason]
    assert len(bounded) == 2 * MAX_PARALLEL_EDGES
