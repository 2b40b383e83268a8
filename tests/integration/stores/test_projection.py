"""Projection to NetworkX, row export and RDF export from the embedded store."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from rdflib.compare import isomorphic

from ecograph.errors import NotFoundError
from ecograph.stores.falkordb.store import FalkorDBStore
from ecograph.stores.projection import project

pytestmark = pytest.mark.integration

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def test_whole_graph(sample_store: FalkorDBStore) -> None:
    g = sample_store.to_networkx()
    assert (g.number_of_nodes(), g.number_of_edges()) == (11, 17)
    incubator = g.nodes["i"]
    assert incubator["label"] == "Incubator"
    assert incubator["labels"] == frozenset({"Organization", "IncubationCarrier", "Incubator"})
    assert (incubator["name"], incubator["level"]) == ("孵化器", "provincial")
    assert "source" not in incubator and "loaded_at" not in incubator  # provenance: opt in
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


def test_provenance_on_request(sample_store: FalkorDBStore) -> None:
    g = sample_store.to_networkx(include_provenance=True)
    assert (g.nodes["i"]["source"], g.nodes["i"]["loaded_at"]) == ("sample",
                                                                   "2024-01-01T00:00:00+00:00")
    assert all(a["source"] == "sample" and "loaded_at" in a for _, _, a in g.edges(data=True))
    assert all("source" not in a for _, _, a in sample_store.to_networkx().edges(data=True))


def _content(g: Any) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    return dict(g.nodes(data=True)), {(u, v, k): a for u, v, k, a in g.edges(keys=True, data=True)}


@pytest.mark.parametrize("kwargs", [
    {}, {"include_provenance": True}, {"park": "P"}, {"park": "P", "chain": "C"},
    {"rel_types": ["SUPPLIES", "INVESTS_IN"]}, {"chain": "C", "include_provenance": True},
])
def test_fast_reader_matches_generic_reader(sample_store: FalkorDBStore,
                                            kwargs: dict[str, Any]) -> None:
    fast = sample_store.to_networkx(**kwargs)
    generic = project(sample_store._read, **kwargs)
    assert _content(fast) == _content(generic)


def test_edge_props_outside_the_ontology_list_are_kept(store: FalkorDBStore,
                                                       sample_rows: Rows) -> None:
    nodes, edges = sample_rows
    supply = next(e for e in edges if e["type"] == "SUPPLIES")
    odd = {**supply, "props": {**supply["props"], "ref": "contract-7", "note": "x"}}
    store.load(nodes, [odd], source="sample")
    attrs = store.to_networkx().edges[supply["source"], supply["target"], supply["key"]]
    assert (attrs["ref"], attrs["note"], attrs["weight"]) == ("contract-7", "x", 2.0)
    assert "source" not in attrs
    assert _content(store.to_networkx()) == _content(project(store._read))


def test_empty_store_projects_an_empty_graph(store: FalkorDBStore) -> None:
    g = store.to_networkx()
    assert (g.number_of_nodes(), g.number_of_edges()) == (0, 0)


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
    from ecograph import mapping
    exported = mapping.rows_to_rdf(*sample_store.iter_rows())
    direct = mapping.rows_to_rdf(*sample_rows)
    assert len(exported) == len(direct) > 0
    assert isomorphic(exported, direct)


def test_full_fixture_round_trip(loaded_store: FalkorDBStore, full_rows: Rows) -> None:
    from ecograph import mapping
    nodes, edges = loaded_store.iter_rows()
    assert (len(nodes), len(edges)) == (len(full_rows[0]), len(full_rows[1]))
    assert isomorphic(mapping.rows_to_rdf(nodes, edges), mapping.rows_to_rdf(*full_rows))


def test_leading_chains_survive_the_store(loaded_store: FalkorDBStore) -> None:
    from ecograph.analysis.common import leading_chains
    graph = loaded_store.to_networkx()
    ((_, _, attrs),) = [(s, t, a) for s, t, a in graph.out_edges("P1", data=True)
                        if a["type"] == "HAS_LEADING_CHAIN"]
    assert attrs["rank"] == 1 and isinstance(attrs["rank"], int)
    assert leading_chains(graph, "P1") == ["bat"] and leading_chains(graph, "P1a") == []
    assert graph.nodes["P1"]["tier_category"] == "world_class"
    assert graph.nodes["P1"]["name_en"] == "Suzhou Industrial Park"
