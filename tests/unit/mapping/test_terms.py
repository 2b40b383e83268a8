"""The mapping and the shapes use only terms the ontology declares."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SH, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ecograph.mapping.tables import EDGE_ATTR_TERMS, NODE_PROP_TERMS, TABLES
from ecograph.mapping.terms import node_iri, parse_node_iri, predicate_of
from ecograph.resources import ONTOLOGY_DIR
from ecograph.validation.shapes import SHAPES_PATH
from ecograph.vocab import ECO, CollaborationKind, Label, Qualification, RelType, base_label


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "ecograph.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def _declared(graph: Graph, term: Node) -> bool:
    return any(graph.triples((term, RDF.type, None)))


def test_every_mapped_term_is_declared(ontology: Graph) -> None:
    terms = {c.term for t in TABLES.values() for c in t.columns if c.term is not None}
    terms |= set(NODE_PROP_TERMS.values()) | set(EDGE_ATTR_TERMS.values())
    eco_terms = {t for t in terms if str(t).startswith(ECO)}
    missing = sorted(str(t) for t in eco_terms if not _declared(ontology, t))
    assert missing == []
    assert RDFS.label in terms


@pytest.mark.parametrize("rel", list(RelType))
def test_relation_types_map_to_declared_object_properties(ontology: Graph, rel: RelType) -> None:
    assert (predicate_of(rel), RDF.type, OWL.ObjectProperty) in ontology


def test_every_shape_path_and_class_is_declared(ontology: Graph, shapes: Graph) -> None:
    paths = {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)}
    classes = set(shapes.objects(None, SH["class"])) | set(shapes.objects(None, SH.targetClass))
    used = {t for t in paths | classes if str(t).startswith(ECO)}
    assert sorted(str(t) for t in used if not _declared(ontology, t)) == []


def test_shape_enumerations_match_the_vocabulary(shapes: Graph) -> None:
    lists = []
    for node in shapes.objects(None, SH["in"]):
        lists.append({str(x).removeprefix(ECO) for x in Collection(shapes, node)})
    assert {str(q) for q in Qualification} in lists
    assert {str(k) for k in CollaborationKind} in lists
    assert {str(predicate_of(r)).removeprefix(ECO) for r in RelType} in lists


@pytest.mark.parametrize("label", list(Label))
def test_node_iris_round_trip(label: Label) -> None:
    root, node_id = parse_node_iri(str(node_iri(label, "a/b c")))
    assert node_id == "a/b c"
    assert root == base_label(label)
