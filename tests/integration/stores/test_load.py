"""Loading into the real embedded FalkorDB: counts, idempotence, atomic batches, replace."""

from __future__ import annotations

from typing import Any

import pytest

from ecograph.errors import InputError, StoreError
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = pytest.mark.integration

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]

EXPECTED = {
    "nodes": {
        "ChainSegment": 2, "Enterprise": 3, "Fund": 1, "HighTechZone": 1,
        "IncubationCarrier": 1, "Incubator": 1, "IndustrialPark": 1, "IndustryChain": 1,
        "Organization": 6, "Park": 2, "University": 1, "VentureCapitalFund": 1,
    },
    "relationships": {
        "COLLABORATES_WITH": 1, "FEEDS": 1, "INCUBATED_IN": 1, "INVESTS_IN": 2, "IN_SEGMENT": 3,
        "LOCATED_IN": 4, "SEGMENT_OF": 2, "SUB_PARK_OF": 1, "SUPPLIES": 2,
    },
}


def _orgs(ids: list[str], **extra: Any) -> list[dict[str, Any]]:
    return [
        {"id": i, "label": "Enterprise", "labels": ["Organization", "Enterprise"],
         "props": {"name": i, **extra.get(i, {})}}
        for i in ids
    ]


def test_load_counts(store: FalkorDBStore, sample_rows: Rows) -> None:
    report = store.load(*sample_rows, source="sample")
    assert (report.nodes, report.edges) == (11, 17)
    assert store.stats() == EXPECTED


def test_reload_is_idempotent(sample_store: FalkorDBStore, sample_rows: Rows) -> None:
    report = sample_store.load(*sample_rows, source="sample")
    assert (report.nodes, report.edges) == (11, 17)
    assert sample_store.stats() == EXPECTED
    props = sample_store._read("MATCH (n {id: 'a'}) RETURN n.employees AS e", {})
    assert props == [{"e": 120}]


def test_batches_follow_batch_size(store: FalkorDBStore) -> None:
    store.batch_size = 2
    report = store.load(_orgs(["o1", "o2", "o3", "o4", "o5"]), [], source="t")
    assert (report.nodes, report.batches) == (5, 3)
    assert store.stats()["nodes"] == {"Enterprise": 5, "Organization": 5}


def test_failing_row_leaves_its_batch_out(store: FalkorDBStore) -> None:
    store.batch_size = 2
    rows = _orgs(["o1", "o2", "o3", "o4", "o5"], o4={"bad": {"nested": "map"}})
    expected = r"batch 2 \(nodes Organization:Enterprise, 2 rows from 'o3'\)"
    with pytest.raises(StoreError, match=expected):
        store.load(rows, [], source="t")
    ids = store._read("MATCH (n:Organization) RETURN n.id AS id ORDER BY id", {})
    assert [r["id"] for r in ids] == ["o1", "o2"]


def test_unknown_label_is_refused_before_writing(store: FalkorDBStore) -> None:
    rows = [*_orgs(["o1"]), {"id": "z", "label": "Spaceport", "labels": ["Spaceport"], "props": {}}]
    with pytest.raises(InputError, match="Spaceport"):
        store.load(rows, [], source="t")


def test_edge_to_missing_node_is_skipped(store: FalkorDBStore) -> None:
    edge = {"key": "k", "type": "SUPPLIES", "source": "o1", "source_label": "Organization",
            "target": "nowhere", "target_label": "Organization", "props": {}}
    report = store.load(_orgs(["o1"]), [edge], source="t")
    assert report.edges == 0
    assert store.stats()["relationships"] == {}


def test_replace_reloads_a_source(sample_store: FalkorDBStore, sample_rows: Rows) -> None:
    sample_store.load(_orgs(["z"]), [], source="other")
    nodes, edges = sample_rows
    nodes = [n for n in nodes if n["id"] != "x"]
    edges = [e for e in edges if "x" not in (e["source"], e["target"])]
    report = sample_store.load(nodes, edges, source="sample", replace=True)
    assert (report.deleted_nodes, report.deleted_edges) == (11, 17)
    assert (report.nodes, report.edges) == (10, 15)
    stats = sample_store.stats()
    assert stats["nodes"]["Enterprise"] == 3  # a, b and z of source "other"
    assert stats["relationships"]["SUPPLIES"] == 1
    ids = sample_store._read("MATCH (n:Organization) RETURN n.id AS id ORDER BY id", {})
    assert [r["id"] for r in ids] == ["a", "b", "f", "i", "u", "z"]


def test_source_and_loaded_at_are_stamped(store: FalkorDBStore) -> None:
    store.load(_orgs(["o1"]), [], source="stamped")
    rows = store._read("MATCH (n {id: 'o1'}) RETURN n.source AS s, n.loaded_at AS t", {})
    assert rows[0]["s"] == "stamped"
    assert rows[0]["t"].endswith("+00:00")


def test_same_id_with_other_labels_is_refused(store: FalkorDBStore) -> None:
    store.load(_orgs(["o1"]), [], source="t")
    incubator = [{"id": "o1", "label": "Incubator",
                  "labels": ["Organization", "IncubationCarrier", "Incubator"], "props": {}}]
    with pytest.raises(StoreError, match=r"'o1' stored as Organization:Enterprise.*--replace"):
        store.load(incubator, [], source="t")
    assert store.stats()["nodes"] == {"Enterprise": 1, "Organization": 1}
    store.load(incubator, [], source="t", replace=True)
    assert store.stats()["nodes"] == {"IncubationCarrier": 1, "Incubator": 1, "Organization": 1}


TRICKY = {
    "name": 'say "hi" \\ back\\slash',
    "note": "two\nlines\ttab\r and \x01 control",
    "city": "中关村 😀 é",
    "json_like": '{"k":1}, "a":',
    "escape_like": "\\u0041 \\n",
    "flag": True,
    "off": False,
    "employees": 9007199254740993,
    "tiny": 1e-07,
    "huge": 1.5e300,
    "revenue": 2839.5,
    "qualifications": ["HighTechEnterprise", 'q"uote', "中"],
}


def test_values_round_trip_exactly(store: FalkorDBStore) -> None:
    edge = {"key": "k'1", "type": "SUPPLIES", "source": "o'1", "source_label": "Organization",
            "target": 'o"2', "target_label": "Organization", "props": {"ref": "a\\b\n"}}
    report = store.load(_orgs(["o'1", 'o"2'], **{"o'1": TRICKY}), [edge], source="t")
    assert (report.nodes, report.edges) == (2, 1)
    got = store._read("MATCH (n {id: $id}) RETURN properties(n) AS p", {"id": "o'1"})[0]["p"]
    assert {k: got[k] for k in TRICKY} == TRICKY
    assert got["name"] == TRICKY["name"]
    rel = store._read("MATCH ()-[r:SUPPLIES]->() RETURN r.key AS k, r.ref AS ref", {})
    assert rel == [{"k": "k'1", "ref": "a\\b\n"}]
