"""Projection to NetworkX, row export and RDF export from the embedded store."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from rdflib.compare import isomorphic

from ecograph.errors import NotFoundError
from ecograph.stores.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.integration

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def test_whole_graph(sample_store: FalkorDBStore) -> None:
    g = sample_store.to_networkx()
    assert (g.number_of_nodes(), g.number_of_edges()) == (11, 17)
    incubator = g.nodes["i"]
    assert incubator["label"] == "Incubator"
    assert incubator["labels"] == frozenset({"Organization", "IncubationCarrier", "Incubator"})
    assert (incubator["name"], incubator["level"], incubator["source"]) == ("孵化器", "provincial",
                                                                           "sample")
    assert g.nodes["a"]["qualifications"] == ["HighTechEnterprise"]
    assert g.nodes["a"]["employees"] == 120
    key = hashlib.sha1(b"SUPPLIES|a|b").hexdigest()[:16]
    supply = g.edges["a", "b", key]
    assert supply["type"] == "SUPPLIES"
    assert (supply["weight"], supply["amount"], supply["since"]) == (2.0, 100.0, "2020-01-01")


@pytest.mark.parametrize(("kwargs", "nodes", "edges"), [
    ({"park": "P"}, {"P", "P1", "a", "u", "b", "i"}, 8),
    ({"park": "P1"}, {"P1", "b", "i"}, 3),
    ({"chain": "C"}, {"C", "S1", "S2", "a", "b", "x"}, 8),
    ({"park": "P", "chain": "C"}, {"P", "P1", "C", "S1", "S2", "a", "b"}, 9),
    ({"rel_types": ["SUPPLIES"]}, {"P", "P1", "C", "S1", "S2", "a", "b", "x", "u", "i", "f"}, 2),
    ({"park": "P", "rel_types": ["LOCATED_IN"]}, {"P", "P1", "a", "u", "b", "i"}, 4),
])
def test_filtered_projection(sample_store: FalkorDBStore, kwargs: dict[str, Any],
                             nodes: set[str], edges: int) -> None:
    g = sample_store.to_networkx(**kwargs)
    assert set(g.nodes) == nodes
    assert g.number_of_edges() == edges


def test_unknown_park_or_chain(sample_store: FalkorDBStore) -> None:
    with pytest.raises(NotFoundError, match="park"):
        sample_store.to_networkx(park="nope")
    with pytest.raises(NotFoundError, match="chain"):
        sample_store.to_networkx(chain="nope")


def _sorted(rows: Rows) -> Rows:
    return sorted(rows[0], key=lambda r: r["id"]), sorted(rows[1], key=lambda r: r["key"])


def test_rows_round_trip(sample_store: FalkorDBStore, sample_rows: Rows) -> None:
    assert _sorted(sample_store.iter_rows()) == _sorted(sample_rows)


def test_rdf_export_is_isomorphic_to_loaded_rdf(sample_store: FalkorDBStore,
                                                sample_rows: Rows) -> None:
    mapping = pytest.importorskip("ecograph.mapping")
    exported = mapping.rows_to_rdf(*sample_store.iter_rows())
    direct = mapping.rows_to_rdf(*sample_rows)
    assert len(exported) == len(direct) > 0
    assert isomorphic(exported, direct)


def test_full_fixture_round_trip(loaded_store: FalkorDBStore, full_rows: Rows) -> None:
    mapping = pytest.importorskip("ecograph.mapping")
    nodes, edges = loaded_store.iter_rows()
    assert (len(nodes), len(edges)) == (len(full_rows[0]), len(full_rows[1]))
    assert isomorphic(mapping.rows_to_rdf(nodes, edges), mapping.rows_to_rdf(*full_rows))
