"""The named-query catalog: headers, parameters, read-only text, vocabulary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ecograph.errors import QueryError
from ecograph.stores.catalog import (
    bind_params,
    get_query,
    load_catalog,
    parse_query,
    vocabulary_names,
)
from ecograph.vocab import Label, RelType

REQUIRED = {
    "park_overview", "orgs_in_segment", "firm_suppliers_customers", "collaborators",
    "incubation_history", "chain_funds", "shortest_connection",
}


def test_catalog_has_the_planner_queries() -> None:
    assert set(load_catalog()) >= REQUIRED


@pytest.mark.parametrize("name", sorted(load_catalog()))
def test_query_labels_and_types_are_in_the_ontology(name: str) -> None:
    query = load_catalog()[name]
    labels, types = vocabulary_names(query.text)
    assert labels, f"{name} names no label"
    assert labels <= {x.value for x in Label}, labels - {x.value for x in Label}
    assert types <= {x.value for x in RelType}, types - {x.value for x in RelType}


@pytest.mark.parametrize("name", sorted(load_catalog()))
def test_query_has_description_and_declares_its_params(name: str) -> None:
    query = load_catalog()[name]
    assert query.description
    used = set(re.findall(r"\$(\w+)", query.text))
    assert used == {p.name for p in query.params}


def test_vocabulary_check_catches_a_typo() -> None:
    labels, types = vocabulary_names("MATCH (o:Organisation)-[:SUPPLY]->(p:Park) RETURN o")
    assert "Organisation" in labels and "SUPPLY" in types
    assert "Organisation" not in {x.value for x in Label}


@pytest.mark.parametrize("text", [
    "// name: w\nMATCH (n) DETACH DELETE n",
    "// name: w\nMATCH (n:Park) SET n.x = 1",
    "// name: w\nMERGE (n:Park {id: 'x'})",
    "// name: w\nCREATE (:Park)",
])
def test_write_queries_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="read-only"):
        parse_query(text)


def test_header_is_required() -> None:
    with pytest.raises(ValueError, match="name"):
        parse_query("MATCH (n) RETURN n")


def test_file_name_must_match(tmp_path: Path) -> None:
    (tmp_path / "a.cypher").write_text("// name: b\nMATCH (n:Park) RETURN n.id AS id")
    with pytest.raises(ValueError, match="differs from the file name"):
        load_catalog(tmp_path)


@pytest.mark.parametrize(("given", "expected"), [
    ({"org": "O1"}, {"org": "O1", "n": None, "w": None, "flag": None}),
    ({"org": "O1", "n": "3", "w": "2.5", "flag": "true"},
     {"org": "O1", "n": 3, "w": 2.5, "flag": True}),
    ({"org": "O1", "n": 3, "w": 2, "flag": False}, {"org": "O1", "n": 3, "w": 2.0, "flag": False}),
])
def test_bind_params_coerces(given: dict[str, object], expected: dict[str, object]) -> None:
    query = parse_query("// name: q\n// params: org:str n:int? w:float? flag:bool?\n"
                        "RETURN $org, $n, $w, $flag")
    assert bind_params(query, given) == expected


@pytest.mark.parametrize(("given", "message"), [
    ({}, "needs parameter 'org'"),
    ({"org": "O1", "n": "three"}, "must be int"),
    ({"org": "O1", "flag": "maybe"}, "must be bool"),
    ({"org": "O1", "limit": 3}, "no parameter"),
])
def test_bind_params_refuses(given: dict[str, object], message: str) -> None:
    query = parse_query("// name: q\n// params: org:str n:int? flag:bool?\nRETURN $org, $n, $flag")
    with pytest.raises(QueryError, match=message):
        bind_params(query, given)


def test_unknown_query_lists_known_names() -> None:
    with pytest.raises(QueryError, match="park_overview"):
        get_query("nope")
