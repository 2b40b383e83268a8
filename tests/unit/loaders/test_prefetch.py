"""The edge-check worker streams what the in-process checks give."""

from __future__ import annotations

from pathlib import Path

from ecograph.loaders.prefetch import check_edge_file, checked_edges

CSV = ("source,target,type,since\n"
       "a,b,SUPPLIES,2019\n"
       "a,,SUPPLIES,\n"
       "b,c,NOT_A_TYPE,\n"
       "c,d,INVESTS_IN,2020-02-03\n")
HEADER = ["source", "target", "type", "since"]


def test_worker_equals_in_process(tmp_path: Path) -> None:
    file = tmp_path / "relations.csv"
    file.write_text(CSV, encoding="utf-8")
    here = [e for batch in check_edge_file(str(file), "relations", HEADER, {"source": "t"},
                                           batch=2) for e in batch]
    there = [e for batch in checked_edges(str(file), "relations", HEADER, {"source": "t"},
                                          batch=2) for e in batch]
    assert there == here
    assert [e[0] for e in here] == [2, 3, 4, 5]  # lines, in order
    assert [len(e) for e in here] == [6, 2, 2, 6]  # rows and rejected records
    assert here[1][1][0][:2] == ("target", "missing required value")


def test_closing_early_stops_the_worker(tmp_path: Path) -> None:
    file = tmp_path / "relations.csv"
    file.write_text(CSV.split("\n", 1)[0] + "\n" + "a,b,SUPPLIES,\n" * 50_000, encoding="utf-8")
    stream = checked_edges(str(file), "relations", HEADER, {}, batch=100)
    first = next(stream)
    assert len(first) == 100
    stream.close()  # kills and reaps the worker (no hang, no zombie)
