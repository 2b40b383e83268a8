"""Data model v2 in RDF: the patterns of ``tests/fixtures/v2``, round trips, SHACL on RDF input."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace
from rdflib.compare import isomorphic

from ecograph.loaders import read_sources
from ecograph.mapping import EdgeRow, NodeRow, rdf_to_rows, rows_to_rdf
from ecograph.mapping.terms import ECO_NS, EXTRA, SKOS, node_iri, rel_iri
from ecograph.mapping.to_rdf import QB as QB_IRI
from ecograph.rdfio import parse, serialize
from ecograph.vocab import Label

QB = Namespace(QB_IRI)

V2 = Path(__file__).resolve().parents[2] / "fixtures" / "v2"
STAMP = "2024-01-01T00:00:00+00:00"
Rows = tuple[list[NodeRow], list[EdgeRow]]


@pytest.fixture(scope="module")
def rows() -> Rows:
    result = read_sources([V2], loaded_at=STAMP, include_chain_maps=False, source_name="v2")
    # without the chain maps the leading chains and segments are unknown ids
    assert {Path(r.file).name for r in result.rejects} <= {"parks.csv", "segments.csv"}
    return result.nodes, result.edges


@pytest.fixture(scope="module")
def graph(rows: Rows) -> Graph:
    return rows_to_rdf(*rows)


def _one(rows: Rows, rel: str, source: str, target: str) -> EdgeRow:
    (edge,) = [e for e in rows[1] if (e["type"], e["source"], e["target"]) == (rel, source, target)]
    return edge


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt"])
def test_v2_package_to_rdf_text_and_back_is_isomorphic(graph: Graph, fmt: str) -> None:
    again = parse(serialize(graph, fmt), fmt)
    assert len(again) == len(graph)
    assert isomorphic(graph, again)


def test_v2_rows_survive_rdf(rows: Rows, graph: Graph) -> None:
    nodes, edges = rdf_to_rows(parse(serialize(graph, "turtle"), "turtle"))
    assert {n["id"]: n for n in nodes} == {n["id"]: n for n in rows[0]}
    assert {e["key"]: e for e in edges} == {e["key"]: e for e in rows[1]}
    assert isomorphic(rows_to_rdf(nodes, edges), graph)


def test_org_year_stats_is_a_data_cube_observation(graph: Graph) -> None:
    stats = node_iri(Label.OrgYearStats, "E03@2023")
    assert str(stats) == "https://w3id.org/ecograph/id/stats/E03%402023"
    assert {ECO_NS.OrgYearStats, QB.Observation} <= set(graph.objects(stats, RDF.type))
    assert graph.value(stats, ECO_NS.refOrganization) == node_iri(Label.Organization, "E03")
    assert graph.value(stats, ECO_NS.year) == Literal("2023", datatype=XSD.gYear)
    assert graph.value(stats, ECO_NS.revenue) == Literal("4999.0", datatype=XSD.decimal)
    assert graph.value(stats, ECO_NS.profit) == Literal("-300.0", datatype=XSD.decimal)
    assert graph.value(stats, ECO_NS.rdStaff) == Literal(40)
    assert (node_iri(Label.Organization, "E03"), ECO_NS.hasStats, stats) in graph


def test_event_is_the_n_ary_pattern(rows: Rows, graph: Graph) -> None:
    event = node_iri(Label.CollaborationEvent, "EV02")
    assert str(event) == "https://w3id.org/ecograph/id/event/EV02"
    assert graph.value(event, ECO_NS.collaborationKind) == Literal("joint_project")
    assert graph.value(event, ECO_NS.year) == Literal("2023", datatype=XSD.gYear)
    assert graph.value(event, ECO_NS.date) is None
    assert graph.value(event, ECO_NS.title) == Literal("新能源汽车电驱系统关键技术攻关")
    assert graph.value(event, EXTRA.budget_source) == Literal("省重点研发计划")
    members = {str(s).rsplit("/", 1)[1] for s in graph.subjects(ECO_NS.participatesIn, event)}
    assert members == {"E01", "E02", "G01", "U01"}
    edge = _one(rows, "PARTICIPATES_IN", "G01", "EV02")
    qualified = rel_iri(edge["key"])
    assert graph.value(qualified, ECO_NS.relTarget) == event
    assert graph.value(qualified, ECO_NS.relProperty) == ECO_NS.participatesIn


def test_qualification_node_and_the_stated_set_stay_apart(rows: Rows, graph: Graph) -> None:
    node = node_iri(Label.Qualification, "LittleGiant")
    assert str(node) == "https://w3id.org/ecograph/id/qualification/LittleGiant"
    assert graph.value(node, SKOS.exactMatch) == ECO_NS.LittleGiant
    assert Literal("专精特新“小巨人”企业", lang="zh") in set(graph.objects(node, RDFS.label))
    e02 = node_iri(Label.Organization, "E02")
    objects = set(graph.objects(e02, ECO_NS.hasQualification))
    # stated set (organizations.csv): the concepts; history (qualifications.csv): the nodes
    assert {ECO_NS.HighTechEnterprise, ECO_NS.LittleGiant} <= objects
    assert node in objects
    edge = _one(rows, "HAS_QUALIFICATION", "E02", "LittleGiant")
    qualified = rel_iri(edge["key"])
    assert graph.value(qualified, ECO_NS.since) == Literal("2022-08-01", datatype=XSD.date)
    assert graph.value(qualified, ECO_NS.level) == Literal("national")


def test_contract_kind_and_indicator_observation(rows: Rows, graph: Graph) -> None:
    edge = _one(rows, "TRANSFERS_TECHNOLOGY_TO", "U01", "E03")
    qualified = rel_iri(edge["key"])
    assert graph.value(qualified, ECO_NS.contractKind) == Literal("licensing")
    assert graph.value(qualified, ECO_NS.collaborationKind) is None
    assert graph.value(qualified, ECO_NS.amount) == Literal("180.0", datatype=XSD.decimal)
    obs = node_iri(Label.IndicatorObservation, "PV@2023@hz.1.5")
    assert graph.value(obs, ECO_NS.refPark) == node_iri(Label.Park, "PV")
    assert graph.value(obs, ECO_NS.indicator) == Literal("hz.1.5")
    assert graph.value(obs, ECO_NS.indicatorValue) == Literal("35.4", datatype=XSD.decimal)


def test_rdf_input_of_the_export_loads_the_same_rows(rows: Rows, graph: Graph,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "v2.ttl"
    path.write_text(serialize(graph, "turtle"), encoding="utf-8")
    result = read_sources([path], loaded_at=STAMP, include_chain_maps=False)
    assert result.rejects == []
    # edges to the chain maps' segments were rejected above, so both sides lack them
    assert {n["id"]: n for n in result.nodes} == {n["id"]: n for n in rows[0]}
    assert {e["key"]: e for e in result.edges} == {e["key"]: e for e in rows[1]}


BAD_RDF = {
    "event_with_one_participant": ("""
        org:E1 a eco:Enterprise ; rdfs:label "甲" ; eco:participatesIn event:J1 .
        event:J1 a eco:CollaborationEvent ; eco:collaborationKind "joint_patent" .
        """, "fewer than two distinct participants"),
    "stats_without_org": ("""
        stats:X a eco:OrgYearStats ; eco:year "2022"^^xsd:gYear .
        """, "refOrganization"),
    "serves_park_from_an_enterprise": ("""
        org:E1 a eco:Enterprise ; rdfs:label "甲" ; eco:servesPark park:P1 .
        park:P1 a eco:Park ; rdfs:label "园" .
        """, "SERVES_PARK must start at a fund"),
    "unknown_qualification_node": ("""
        qualification:Spaceship a eco:Qualification ; skos:exactMatch eco:Spaceship .
        """, "unknown qualification"),
}


@pytest.mark.parametrize("case", sorted(BAD_RDF))
def test_shacl_rejects_bad_v2_rdf(tmp_path: Path, case: str) -> None:
    body, part = BAD_RDF[case]
    path = tmp_path / "bad.ttl"
    path.write_text("""@prefix eco: <https://w3id.org/ecograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <https://w3id.org/ecograph/id/org/> .
@prefix park: <https://w3id.org/ecograph/id/park/> .
@prefix event: <https://w3id.org/ecograph/id/event/> .
@prefix stats: <https://w3id.org/ecograph/id/stats/> .
@prefix qualification: <https://w3id.org/ecograph/id/qualification/> .
""" + body, encoding="utf-8")
    result = read_sources([path], loaded_at=STAMP, include_chain_maps=False)
    assert result.rejects, case
    assert any(part in f"{r.column} {r.reason}" for r in result.rejects), result.rejects


def test_stats_in_one_file_of_an_org_in_another(tmp_path: Path) -> None:
    head = """@prefix eco: <https://w3id.org/ecograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <https://w3id.org/ecograph/id/org/> .
@prefix stats: <https://w3id.org/ecograph/id/stats/> .
"""
    (tmp_path / "a.ttl").write_text(head + 'org:E1 a eco:Enterprise ; rdfs:label "甲" ; '
                                    'eco:hasStats stats:E1%402023 .\n', encoding="utf-8")
    (tmp_path / "b.ttl").write_text(head + """
stats:E1%402023 a eco:OrgYearStats ; eco:refOrganization org:E1 ;
    eco:year "2023"^^xsd:gYear ; eco:revenue 12.5 .
""", encoding="utf-8")
    result = read_sources([tmp_path / "a.ttl", tmp_path / "b.ttl"], loaded_at=STAMP,
                          include_chain_maps=False)
    assert result.rejects == []
    (stats,) = [n for n in result.nodes if n["label"] == "OrgYearStats"]
    assert (stats["id"], stats["props"]["org"], stats["props"]["year"]) == ("E1@2023", "E1", 2023)
    assert [e["type"] for e in result.edges] == ["HAS_STATS"]
