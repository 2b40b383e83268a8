"""Dialect DDL and the write statements built from vocabulary enums only."""

from __future__ import annotations

import pytest

from ecograph.errors import InputError
from ecograph.stores.dialect import FALKORDB, NEO4J, ROOT_LABELS
from ecograph.stores.writer import (
    conflict_statement,
    edge_batches,
    edge_statement,
    node_batches,
    node_statement,
)
from ecograph.vocab import Label, RelType


def test_root_labels() -> None:
    assert {x.value for x in ROOT_LABELS} == {
        "Park", "Organization", "IndustryChain", "ChainSegment", "Industry",
        "Qualification", "CollaborationEvent", "OrgYearStats", "IndicatorObservation"}


def test_v2_labels_get_their_own_constraints_and_indexes() -> None:
    assert ("CREATE CONSTRAINT orgyearstats_id IF NOT EXISTS FOR (n:OrgYearStats) "
            "REQUIRE n.id IS UNIQUE") in NEO4J.schema_statements()
    assert "CREATE INDEX FOR (n:IndicatorObservation) ON (n.source)" in \
        FALKORDB.schema_statements()


def test_neo4j_has_a_uniqueness_constraint_per_root_label() -> None:
    ddl = NEO4J.schema_statements()
    for label in ROOT_LABELS:
        assert (f"CREATE CONSTRAINT {label.value.lower()}_id IF NOT EXISTS "
                f"FOR (n:{label.value}) REQUIRE n.id IS UNIQUE") in ddl
    assert all("IF NOT EXISTS" in s for s in ddl)


def test_falkordb_indexes_id_and_source_without_if_not_exists() -> None:
    ddl = FALKORDB.schema_statements()
    assert len(ddl) == 2 * len(ROOT_LABELS)
    assert "CREATE INDEX FOR (n:Organization) ON (n.source)" in ddl
    assert not any("CONSTRAINT" in s or "IF NOT EXISTS" in s for s in ddl)


def test_node_statement_merges_on_the_whole_label_set() -> None:
    text = node_statement([Label.Organization, Label.Fund, Label.AngelFund])
    assert "MERGE (n:Organization:Fund:AngelFund {id: row.id}) SET n += row.props" in text


def test_conflict_check_looks_for_missing_labels() -> None:
    text = conflict_statement([Label.Organization, Label.Fund, Label.AngelFund])
    assert text is not None
    assert "MATCH (n:Organization {id: id}) WHERE NOT n:Fund OR NOT n:AngelFund" in text


def test_edge_statement_matches_root_labels() -> None:
    text = edge_statement(RelType.INCUBATED_IN, Label.Organization, Label.Organization)
    assert "MERGE (a)-[r:INCUBATED_IN {key: row.key}]->(b)" in text


@pytest.mark.parametrize("bad", ["Org) DETACH DELETE (n", "Spaceport"])
def test_labels_outside_the_vocabulary_are_refused(bad: str) -> None:
    rows = [{"id": "x", "label": bad, "labels": [bad], "props": {}}]
    with pytest.raises(InputError):
        list(node_batches(rows, 10, source="t"))


def test_types_outside_the_vocabulary_are_refused() -> None:
    rows = [{"key": "k", "type": "OWNS]->(x) DELETE x //", "source": "a",
             "source_label": "Organization", "target": "b", "target_label": "Organization",
             "props": {}}]
    with pytest.raises(InputError):
        list(edge_batches(rows, 10, source="t"))


def test_batches_group_and_cut() -> None:
    rows = [{"id": f"e{i}", "label": "Enterprise", "labels": ["Organization", "Enterprise"],
             "props": {}} for i in range(5)]
    rows.append({"id": "u", "label": "University", "labels": ["Organization", "University"],
                 "props": {"source": "own"}})
    batches = list(node_batches(rows, 2, source="t", loaded_at="2024-01-01T00:00:00+00:00"))
    assert [(b.group, len(b.rows)) for b in batches] == [
        ("Organization:Enterprise", 2), ("Organization:Enterprise", 2),
        ("Organization:Enterprise", 1), ("Organization:University", 1)]
    assert batches[0].rows[0]["props"] == {"source": "t", "loaded_at": "2024-01-01T00:00:00+00:00"}
    assert batches[-1].rows[0]["props"]["source"] == "own"
