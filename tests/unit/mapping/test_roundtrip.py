"""Data package → rows → RDF → text → RDF is isomorphic; RDF → rows → RDF too."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ecograph.loaders import read_sources
from ecograph.mapping import EdgeRow, NodeRow, rdf_to_rows, rows_to_rdf
from ecograph.mapping.terms import ECO_NS, EXTRA, PROV, node_iri, rel_iri, source_iri
from ecograph.rdfio import parse, serialize

FULL = Path(__file__).resolve().parents[2] / "fixtures" / "full"
STAMP = "2024-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def rows() -> tuple[list[NodeRow], list[EdgeRow]]:
    result = read_sources([FULL], loaded_at=STAMP, include_chain_maps=False)
    return result.nodes, result.edges


@pytest.fixture(scope="module")
def graph(rows: tuple[list[NodeRow], list[EdgeRow]]) -> Graph:
    return rows_to_rdf(*rows)


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt"])
def test_package_to_rdf_text_and_back_is_isomorphic(graph: Graph, fmt: str) -> None:
    again = parse(serialize(graph, fmt), fmt)
    assert len(again) == len(graph)
    assert isomorphic(graph, again)


def test_rdf_to_rows_to_rdf_is_isomorphic(graph: Graph) -> None:
    nodes, edges = rdf_to_rows(graph)
    assert isomorphic(rows_to_rdf(nodes, edges), graph)


def test_rows_survive_rdf(rows: tuple[list[NodeRow], list[EdgeRow]], graph: Graph) -> None:
    nodes, edges = rdf_to_rows(parse(serialize(graph, "turtle"), "turtle"))
    by_id = {n["id"]: n for n in nodes}
    assert by_id == {n["id"]: n for n in rows[0]}
    assert {e["key"]: e for e in edges} == {e["key"]: e for e in rows[1]}


def test_edge_attributes_and_provenance_are_on_the_qualified_node(
        rows: tuple[list[NodeRow], list[EdgeRow]], graph: Graph) -> None:
    (stay,) = [e for e in rows[1] if e["type"] == "INCUBATED_IN" and e["target"] == "M1"]
    q = rel_iri(stay["key"])
    source, target = node_iri("Enterprise", "T1"), node_iri("Makerspace", "M1")
    assert (source, ECO_NS.incubatedIn, target) in graph
    assert (q, RDF.type, ECO_NS.QualifiedRelation) in graph
    assert graph.value(q, ECO_NS.relSource) == source
    assert graph.value(q, ECO_NS.relProperty) == ECO_NS.incubatedIn
    assert str(graph.value(q, ECO_NS.until)) == stay["props"]["until"]
    assert str(graph.value(q, ECO_NS.outcome)) == "graduated"
    assert graph.value(q, PROV.wasDerivedFrom) == source_iri("full")
    assert str(graph.value(q, ECO_NS.loadedAt)) == STAMP


def test_labels_qualifications_and_extra_columns(graph: Graph) -> None:
    e1 = node_iri("Enterprise", "E1")
    assert set(graph.objects(e1, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == {
        Literal("锂芯电池科技", lang="zh"), Literal("Lixin Cells", lang="en")}
    assert set(graph.objects(e1, ECO_NS.hasQualification)) == {
        ECO_NS.HighTechEnterprise, ECO_NS.SpecializedSME}
    assert graph.value(e1, EXTRA.credit_code) == Literal("91320594MA1X")
    assert graph.value(e1, ECO_NS.revenue).toPython() == pytest.approx(52000.5)  # type: ignore[union-attr]


def test_two_edges_for_one_pair_keep_two_qualified_nodes(graph: Graph) -> None:
    e1, e2 = node_iri("Enterprise", "E1"), node_iri("Enterprise", "E2")
    qualified = [q for q in graph.subjects(ECO_NS.relSource, e1)
                 if graph.value(q, ECO_NS.relTarget) == e2]
    assert len(qualified) == 2
    assert len(list(graph.triples((e1, ECO_NS.supplies, e2)))) == 1
