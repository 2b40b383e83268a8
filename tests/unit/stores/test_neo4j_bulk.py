"""The CSV files of the Neo4j bulk import, read back by hand (no Neo4j needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ecograph.errors import InputError
from ecograph.stores.neo4j_bulk import import_arguments, write_import_csv

STAMP = "2026-01-01T00:00:00+00:00"


def _node(node_id: str, label: str, labels: list[str], **props: Any) -> dict[str, Any]:
    return {"id": node_id, "label": label, "labels": labels, "props": props}


def _edge(key: str, rel: str, a: str, b: str, **props: Any) -> dict[str, Any]:
    return {"key": key, "type": rel, "source": a, "source_label": "Organization",
            "target": b, "target_label": "Organization", "props": props}


def test_duplicates_merge_like_merge_and_dangling_edges_are_left_out(tmp_path: Path) -> None:
    nodes = [
        _node("a", "Enterprise", ["Organization", "Enterprise"], name="甲", employees=3),
        _node("a", "Incubator", ["Organization", "IncubationCarrier", "Incubator"], employees=5),
        _node("b", "Enterprise", ["Organization", "Enterprise"], name='乙 "B"',
              revenue=1.5, tags=["x", "y"], listed=False),
    ]
    edges = [_edge("k", "SUPPLIES", "a", "b", amount=1),
             _edge("k", "SUPPLIES", "a", "b", amount=2.5),   # same edge: later props win
             _edge("k", "SUPPLIES", "b", "a"),                # same key, other ends: another
             _edge("z", "SUPPLIES", "a", "nope")]             # no such node: left out
    files = write_import_csv(nodes, edges, tmp_path, source="s", loaded_at=STAMP)
    assert (files.node_count, files.edge_count, files.dropped_edges) == (2, 2, 1)
    assert not files.multiline
    groups = {labels: path.read_text(encoding="utf-8").splitlines()
              for labels, path in files.nodes}
    assert set(groups) == {"Organization:Enterprise",
                           "Organization:Enterprise:IncubationCarrier:Incubator"}
    assert groups["Organization:Enterprise:IncubationCarrier:Incubator"] == [
        "id:ID,employees:long,loaded_at,name,source",
        f'"a",5,"{STAMP}","甲","s"']
    assert groups["Organization:Enterprise"] == [
        "id:ID,listed:boolean,loaded_at,name,revenue:double,source,tags:string[]",
        f'"b",false,"{STAMP}","乙 ""B""",1.5,"s","x\x1fy"']
    ((rel, path),) = files.relationships
    assert rel == "SUPPLIES"
    assert sorted(path.read_text(encoding="utf-8").splitlines()) == sorted([
        ":START_ID,:END_ID,key,amount:double,loaded_at,source",   # 1 and 2.5: double
        f'"a","b","k",2.5,"{STAMP}","s"',
        f'"b","a","k",,"{STAMP}","s"'])                            # no amount: empty


def test_line_breaks_switch_multiline_on(tmp_path: Path) -> None:
    files = write_import_csv([_node("a", "Park", ["Park"], name="一\n二")], [], tmp_path,
                             source="s", loaded_at=STAMP)
    assert files.multiline and "--multiline-fields=true" in import_arguments(files)


def test_a_property_of_two_kinds_is_refused(tmp_path: Path) -> None:
    nodes = [_node("a", "Park", ["Park"], code=1), _node("b", "Park", ["Park"], code="x")]
    with pytest.raises(InputError, match="'code' holds both"):
        write_import_csv(nodes, [], tmp_path, source="s")
