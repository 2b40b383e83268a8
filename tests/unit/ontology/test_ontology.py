"""``ontology/ecograph.ttl``: the spec's names, labels, axioms and OWL-RL consistency."""

from __future__ import annotations

import re

import owlrl
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

from ecograph.resources import ONTOLOGY_DIR

EC = Namespace("https://w3id.org/ecograph/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SEG = Namespace("https://w3id.org/ecograph/id/segment/")

# Names as written in ../shared/spec/data-model.md.
SPEC_CLASSES = [
    "Park",
    "HighTechZone",
    "EconomicDevelopmentZone",
    "IndustrialPark",
    "CharacteristicPark",
    "SciencePark",
    "Organization",
    "Enterprise",
    "University",
    "ResearchInstitute",
    "NewRDInstitution",
    "InnovationPlatform",
    "IncubationCarrier",
    "Fund",
    "ServiceProvider",
    "GovernmentAgency",
    "KeyLaboratory",
    "TechnologyInnovationCenter",
    "EngineeringResearchCenter",
    "ManufacturingInnovationCenter",
    "EnterpriseTechnologyCenter",
    "PublicServicePlatform",
    "PilotPlatform",
    "Makerspace",
    "Incubator",
    "Accelerator",
    "GovernmentGuidanceFund",
    "IndustryFund",
    "VentureCapitalFund",
    "AngelFund",
    "IndustryChain",
    "ChainSegment",
    "Industry",
]
SPEC_QUALIFICATIONS = [
    "HighTechEnterprise",
    "TechSME",
    "SpecializedSME",
    "LittleGiant",
    "Gazelle",
    "Unicorn",
    "ManufacturingChampion",
    "Listed",
]
# property, rel type, domain, range (a tuple for a union)
SPEC_RELATIONS = [
    ("locatedIn", "LOCATED_IN", "Organization", ("Park",)),
    ("subParkOf", "SUB_PARK_OF", "Park", ("Park",)),
    ("inSegment", "IN_SEGMENT", "Organization", ("ChainSegment",)),
    ("segmentOf", "SEGMENT_OF", "ChainSegment", ("IndustryChain",)),
    ("feeds", "FEEDS", "ChainSegment", ("ChainSegment",)),
    ("classifiedAs", "CLASSIFIED_AS", "Organization", ("Industry",)),
    ("supplies", "SUPPLIES", "Organization", ("Organization",)),
    ("collaboratesWith", "COLLABORATES_WITH", "Organization", ("Organization",)),
    ("investsIn", "INVESTS_IN", "Organization", ("Organization",)),
    ("incubatedIn", "INCUBATED_IN", "Organization", ("IncubationCarrier",)),
    ("hosts", "HOSTS", "Organization", ("InnovationPlatform",)),
    ("operates", "OPERATES", "Organization", ("IncubationCarrier", "Fund", "Park")),
    ("spunOffFrom", "SPUN_OFF_FROM", "Organization", ("Organization",)),
]
# Datatype properties of docs/design.md ("RDF form") and their ranges.
DATATYPE_RANGES = {
    "since": XSD.date, "until": XSD.date, "date": XSD.date, "founded": XSD.date,
    "areaKm2": XSD.decimal, "revenue": XSD.decimal, "rdExpense": XSD.decimal,
    "weight": XSD.decimal, "amount": XSD.decimal, "employees": XSD.integer,
    "primary": XSD.boolean, "loadedAt": XSD.dateTime, "province": XSD.string,
    "city": XSD.string, "industryCode": XSD.string, "round": XSD.string, "ref": XSD.string,
    "level": EC.LevelValue, "stage": EC.StageValue, "outcome": EC.OutcomeValue,
    "collaborationKind": EC.CollaborationKindValue,
}  # fmt: skip


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "ecograph.ttl")


@pytest.fixture(scope="module")
def with_chains(onto: Graph) -> Graph:
    graph = Graph()
    for triple in onto:
        graph.add(triple)
    for path in sorted((ONTOLOGY_DIR / "chains").glob("*.ttl")):
        graph.parse(path)
    return graph


def eco_terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(EC))
    }


def closure_problems(graph: Graph) -> list[str]:
    """Run the OWL-RL closure on a copy of ``graph``; return its inconsistency reports."""
    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    messages = [
        str(closed.value(m, ERRNS.error)) for m in closed.subjects(RDF.type, ERRNS.ErrorMessage)
    ]
    nothing = [f"{s} is owl:Nothing" for s in closed.subjects(RDF.type, OWL.Nothing)]
    return messages + nothing


def test_every_term_has_one_english_and_one_chinese_label(onto: Graph) -> None:
    terms = eco_terms(onto)
    assert len(terms) > 80
    for term in terms:
        labels = {
            str(o.language): str(o)
            for o in onto.objects(term, RDFS.label)
            if isinstance(o, Literal)
        }
        assert sorted(labels) == ["en", "zh"], term
        assert len(list(onto.objects(term, RDFS.label))) == 2, term
        assert re.search(r"[\u4e00-\u9fff]", labels["zh"]), term


@pytest.mark.parametrize("name", SPEC_CLASSES)
def test_spec_classes_exist(onto: Graph, name: str) -> None:
    assert (EC[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", SPEC_QUALIFICATIONS)
def test_spec_qualifications_are_concepts_of_the_scheme(onto: Graph, name: str) -> None:
    assert (EC[name], RDF.type, SKOS.Concept) in onto
    assert (EC[name], SKOS.inScheme, EC.Qualification) in onto
    assert (EC.Qualification, RDF.type, SKOS.ConceptScheme) in onto


@pytest.mark.parametrize(("prop", "rel_type", "domain", "range_"), SPEC_RELATIONS)
def test_spec_relations(
    onto: Graph, prop: str, rel_type: str, domain: str, range_: tuple[str, ...]
) -> None:
    node = EC[prop]
    assert (node, RDF.type, OWL.ObjectProperty) in onto
    assert str(onto.value(node, EC.relType)) == rel_type
    assert re.sub(r"(?<!^)(?=[A-Z])", "_", prop).upper() == rel_type
    assert onto.value(node, RDFS.domain) == EC[domain]
    declared = onto.value(node, RDFS.range)
    union = onto.value(declared, OWL.unionOf) if declared is not None else None
    if union is None:
        assert (declared,) == tuple(EC[r] for r in range_)
    else:
        assert list(onto.items(union)) == [EC[r] for r in range_]


@pytest.mark.parametrize(("name", "range_"), sorted(DATATYPE_RANGES.items()))
def test_datatype_properties(onto: Graph, name: str, range_: URIRef) -> None:
    assert (EC[name], RDF.type, OWL.DatatypeProperty) in onto
    assert onto.value(EC[name], RDFS.range) == range_


def test_only_collaborates_with_is_symmetric(onto: Graph) -> None:
    assert set(onto.subjects(RDF.type, OWL.SymmetricProperty)) == {EC.collaboratesWith}


def test_qualified_relation_nodes(onto: Graph) -> None:
    assert (EC.QualifiedRelation, RDF.type, OWL.Class) in onto
    for prop in ("relSource", "relTarget", "relProperty"):
        assert onto.value(EC[prop], RDFS.domain) == EC.QualifiedRelation
    assert (EC.hasQualification, RDF.type, OWL.ObjectProperty) in onto
    header = URIRef("https://w3id.org/ecograph/ontology")
    comment = " ".join(str(c) for c in onto.objects(header, RDFS.comment))
    assert "eco:QualifiedRelation" in comment


@pytest.mark.parametrize(
    ("term", "prop", "target"),
    [
        (EC.Organization, RDFS.subClassOf, ORG.Organization),
        (EC.Organization, RDFS.subClassOf, SCHEMA.Organization),
        (EC.IndustryChain, RDFS.subClassOf, SKOS.ConceptScheme),
        (EC.ChainSegment, RDFS.subClassOf, SKOS.Concept),
        (EC.Park, SKOS.closeMatch, SCHEMA.Place),
        (EC.QualifiedRelation, RDFS.subClassOf, PROV.Entity),
        (EC.segmentOf, RDFS.subPropertyOf, SKOS.inScheme),
        (EC.loadedAt, SKOS.closeMatch, PROV.generatedAtTime),
    ],
)
def test_alignments(onto: Graph, term: URIRef, prop: URIRef, target: URIRef) -> None:
    assert (term, prop, target) in onto


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        ("LevelValue", ["national", "provincial", "municipal", "other"]),
        ("StageValue", ["upstream", "midstream", "downstream"]),
        ("OutcomeValue", ["active", "graduated", "exited", "relocated"]),
        ("ContractKindValue", ["development", "transfer", "licensing", "consulting", "service"]),
    ],
)
def test_enumerations(onto: Graph, enum: str, values: list[str]) -> None:
    one_of = onto.value(onto.value(EC[enum], OWL.equivalentClass), OWL.oneOf)
    assert one_of is not None
    assert [str(v) for v in onto.items(one_of)] == values


def test_owl_rl_closure_of_ontology_and_chain_maps_is_consistent(with_chains: Graph) -> None:
    assert closure_problems(with_chains) == []


def test_owl_rl_closure_reports_a_planted_contradiction(with_chains: Graph) -> None:
    planted = Graph()
    for triple in with_chains:
        planted.add(triple)
    # a segment that is also a park breaks the disjointness of the root classes
    planted.add((SEG["nev.cell"], RDF.type, EC.HighTechZone))
    problems = closure_problems(planted)
    assert problems
    assert any("nev.cell" in p for p in problems)
