"""The CSV files of the Neo4j bulk import, read back by hand (no Neo4j needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecograph.errors import InputError
from ecograph.stores import neo4j_bulk
from ecograph.stores.neo4j_bulk import import_arguments, write_import_csv
from ecograph.vocab import Label

STAMP = "2026-01-01T00:00:00+00:00"


def _node(node_id: str, label: str, labels: list[str], **props: Any) -> dict[str, Any]:
    return {"id": node_id, "label": label, "labels": labels, "props": props}


def _edge(key: str, rel: str, a: str, b: str, **props: Any) -> dict[str, Any]:
    return {"key": key, "type": rel, "source": a, "source_label": "Organization",
            "target": b, "target_label": "Organization", "props": props}


def _texts(files: tuple[tuple[str, Path], ...]) -> list[tuple[str, str, str]]:
    return [(name, path.name, path.read_text(encoding="utf-8")) for name, path in files]


def test_streamed_rows_become_the_expected_files(tmp_path: Path) -> None:
    consumed: list[str] = []

    def nodes() -> Iterator[dict[str, Any]]:
        for row in (_node("p", "Park", ["Park"], name="园", area=2.5, source="own"),
                    _node("o", "Enterprise", ["Organization", "Enterprise"], name="",
                          primary=True, tags=[], codes=[1, 2])):
            consumed.append(row["id"])
            yield row

    def edges() -> Iterator[dict[str, Any]]:
        assert consumed == ["p", "o"]  # the nodes are read before the first edge
        yield {"key": "k", "type": "LOCATED_IN", "source": "o", "source_label": "Organization",
               "target": "p", "target_label": "Park", "props": {"since": 'a "b"'}}

    counted: list[int] = []
    files = write_import_csv(nodes(), edges(), tmp_path, source="s", loaded_at=STAMP,
                             index={"p": Label.Park, "o": Label.Enterprise},
                             progress=counted.append)
    assert (files.node_count, files.edge_count, files.dropped_edges) == (2, 1, 0)
    assert counted == [2, 1] and not files.multiline
    assert _texts(files.nodes) == [
        ("Park", "nodes-000.csv",
         "id:ID,area:double,loaded_at,name,source\n"
         f'"p",2.5,"{STAMP}","园","own"\n'),
        ("Organization:Enterprise", "nodes-001.csv",   # [] is no property, "" stays one
         "id:ID,codes:long[],loaded_at,name,primary:boolean,source\n"
         f'"o","1\x1f2","{STAMP}","",true,"s"\n')]
    assert _texts(files.relationships) == [
        ("LOCATED_IN", "rels-000.csv",
         ":START_ID,:END_ID,key,loaded_at,since,source\n"
         f'"o","p","k","{STAMP}","a ""b""","s"\n')]


def test_duplicates_across_the_stream_merge_like_merge(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neo4j_bulk, "_BATCH", 1)  # every row its own duplicate check
    nodes = [
        _node("a", "Enterprise", ["Organization", "Enterprise"], name="甲", employees=3),
        _node("b", "Enterprise", ["Organization", "Enterprise"], name='乙 "B"',
              revenue=1.5, tags=["x", "y"], listed=False),
        _node("a", "Incubator", ["Organization", "IncubationCarrier", "Incubator"], employees=5),
    ]
    edges = [_edge("k", "SUPPLIES", "a", "b", amount=1),
             _edge("k", "SUPPLIES", "b", "a"),                # same key, other ends: another
             _edge("k", "SUPPLIES", "a", "b", amount=2.5),   # same edge: later props win
             _edge("z", "SUPPLIES", "a", "nope")]             # no such node: left out
    files = write_import_csv(iter(nodes), iter(edges), tmp_path, source="s", loaded_at=STAMP)
    assert (files.node_count, files.edge_count, files.dropped_edges) == (2, 2, 1)
    assert _texts(files.nodes) == [
        ("Organization:Enterprise", "nodes-000.csv",   # "a" taken back from here
         "id:ID,employees:long,loaded_at,name,source\n"),
        ("Organization:Enterprise", "nodes-001.csv",
         "id:ID,employees:long,listed:boolean,loaded_at,name,revenue:double,source,"
         "tags:string[]\n"
         f'"b",,false,"{STAMP}","乙 ""B""",1.5,"s","x\x1fy"\n'),
        ("Organization:Enterprise:IncubationCarrier:Incubator", "nodes-002.csv",
         "id:ID,employees:long,loaded_at,name,source\n"   # labels united, name kept
         f'"a",5,"{STAMP}","甲","s"\n')]
    assert _texts(files.relationships) == [
        ("SUPPLIES", "rels-000.csv",
         ":START_ID,:END_ID,key,amount:long,loaded_at,source\n"
         f'"b","a","k",,"{STAMP}","s"\n'),
        ("SUPPLIES", "rels-001.csv",                      # 2.5 is a double: its own file
         ":START_ID,:END_ID,key,amount:double,loaded_at,source\n"
         f'"a","b","k",2.5,"{STAMP}","s"\n')]


def test_line_breaks_switch_multiline_on(tmp_path: Path) -> None:
    files = write_import_csv([_node("a", "Park", ["Park"], name="一\n二")], [], tmp_path,
                             source="s", loaded_at=STAMP)
    assert files.multiline and "--multiline-fields=true" in import_arguments(files)


def test_a_property_of_two_kinds_keeps_each_rows_type(tmp_path: Path) -> None:
    nodes = [_node("a", "Park", ["Park"], code=1), _node("b", "Park", ["Park"], code="x"),
             _node("c", "Park", ["Park"], code=2)]
    files = write_import_csv(nodes, [], tmp_path, source="s", loaded_at=STAMP)
    assert [text for _, _, text in _texts(files.nodes)] == [
        f'id:ID,code:long,loaded_at,source\n"a",1,"{STAMP}","s"\n"c",2,"{STAMP}","s"\n',
        f'id:ID,code,loaded_at,source\n"b","x","{STAMP}","s"\n']


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {"a": 1}, [1, "x"]])
def test_values_the_csv_cannot_hold_are_refused(tmp_path: Path, value: Any) -> None:
    with pytest.raises(InputError):
        write_import_csv([_node("a", "Park", ["Park"], x=value, y=1.0)], [], tmp_path,
                         source="s")
