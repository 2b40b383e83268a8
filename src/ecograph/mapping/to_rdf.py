"""Rows → RDF: the inverse mapping (export from rows or from the store).

Nodes become ``<id/{kind}/{id}> a eco:{Label}`` (chains also
``skos:ConceptScheme``, segments ``skos:Concept``) with ``rdfs:label`` (``name``
as ``@zh``, ``name_en`` as ``@en``), datatype properties, qualifications and
provenance (``prov:wasDerivedFrom``, ``eco:loadedAt``). Each edge gives its
direct triple plus a qualified relation node ``<id/rel/{key}>`` carrying the
attributes and provenance. Floats are ``xsd:decimal`` (exact through Turtle),
dates ``xsd:date``. Unknown props go to the ``ecx:`` namespace as strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue
from ecograph.mapping.tables import EDGE_ATTR_TERMS, NODE_PROP_TERMS
from ecograph.mapping.terms import (
    ECO_NS,
    EXTRA,
    PROV,
    SKOS,
    node_iri,
    predicate_of,
    rel_iri,
    source_iri,
)
from ecograph.vocab import Label

__all__ = ["DATE_PROPS", "bind_prefixes", "literal_of", "rows_to_rdf"]

DATE_PROPS = frozenset({"founded", "since", "until", "date"})
_STRING_TERMS = frozenset({"round", "ref", "kind", "outcome"})


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the ecograph prefixes on ``graph`` and return it.

    ``eco:`` for the ontology and one prefix per instance kind of the data
    model (``park:``, ``org:``, ``chain:``, ``segment:``, ``industry:``),
    replacing rdflib's default bindings of the same names (rdflib binds
    ``org:`` to W3C ORG, which pushed ours to ``org1:``).

    Examples
    --------
    >>> prefixes = dict(bind_prefixes(Graph()).namespaces())
    >>> str(prefixes["org"]), str(prefixes["eco"])
    ('https://w3id.org/ecograph/id/org/', 'https://w3id.org/ecograph/ontology#')
    >>> "org1" in prefixes
    False
    """
    for prefix, namespace in (
        ("eco", ECO_NS), ("ecx", EXTRA), ("prov", PROV), ("skos", SKOS),
        ("park", URIRef(node_iri(Label.Park, ""))),
        ("org", URIRef(node_iri(Label.Organization, ""))),
        ("chain", URIRef(node_iri(Label.IndustryChain, ""))),
        ("segment", URIRef(node_iri(Label.ChainSegment, ""))),
        ("industry", URIRef(node_iri(Label.Industry, ""))),
        ("rel", URIRef(rel_iri(""))),
    ):
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def literal_of(prop: str, value: PropValue) -> Literal:
    """Return the RDF literal of a (non-list) prop value.

    Examples
    --------
    >>> literal_of("revenue", 1500.0).n3()
    '"1500.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> literal_of("since", "2020-01-01").datatype == XSD.date
    True
    """
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value)
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)
    if prop in DATE_PROPS:
        return Literal(str(value), datatype=XSD.date)
    return Literal(str(value))


def _provenance(graph: Graph, subject: URIRef, props: dict[str, PropValue]) -> None:
    source = props.get("source")
    if source is not None:
        graph.add((subject, PROV.wasDerivedFrom, source_iri(str(source))))
    loaded = props.get("loaded_at")
    if loaded is not None:
        graph.add((subject, ECO_NS.loadedAt, Literal(str(loaded), datatype=XSD.dateTime)))


def _extra(graph: Graph, subject: URIRef, prop: str, value: PropValue) -> None:
    text = ";".join(value) if isinstance(value, list) else str(value)
    graph.add((subject, EXTRA[quote(prop, safe="")], Literal(text)))


def _add_node(graph: Graph, row: NodeRow) -> None:
    label = Label(row["label"])
    subject = node_iri(label, row["id"])
    graph.add((subject, RDF.type, ECO_NS[str(label)]))
    if label is Label.IndustryChain:
        graph.add((subject, RDF.type, SKOS.ConceptScheme))
    elif label is Label.ChainSegment:
        graph.add((subject, RDF.type, SKOS.Concept))
    for prop, value in row["props"].items():
        if prop in ("source", "loaded_at"):
            continue
        if prop == "name":
            graph.add((subject, RDFS.label, Literal(str(value), lang="zh")))
        elif prop == "name_en":
            graph.add((subject, RDFS.label, Literal(str(value), lang="en")))
        elif prop == "qualifications" and isinstance(value, list):
            for qual in value:
                graph.add((subject, ECO_NS.hasQualification, ECO_NS[qual]))
        elif prop in NODE_PROP_TERMS and not isinstance(value, list):
            graph.add((subject, NODE_PROP_TERMS[prop], literal_of(prop, value)))
        else:
            _extra(graph, subject, prop, value)
    _provenance(graph, subject, row["props"])


def _add_edge(graph: Graph, row: EdgeRow) -> None:
    source = node_iri(row["source_label"], row["source"])
    target = node_iri(row["target_label"], row["target"])
    predicate = predicate_of(row["type"])
    graph.add((source, predicate, target))
    qualified = rel_iri(row["key"])
    graph.add((qualified, RDF.type, ECO_NS.QualifiedRelation))
    graph.add((qualified, ECO_NS.relSource, source))
    graph.add((qualified, ECO_NS.relTarget, target))
    graph.add((qualified, ECO_NS.relProperty, predicate))
    for prop, value in row["props"].items():
        if prop in ("source", "loaded_at"):
            continue
        term = EDGE_ATTR_TERMS.get(prop)
        if term is not None and not isinstance(value, list):
            lit = Literal(str(value)) if prop in _STRING_TERMS else literal_of(prop, value)
            graph.add((qualified, term, lit))
        else:
            _extra(graph, qualified, prop, value)
    _provenance(graph, qualified, row["props"])


def rows_to_rdf(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow],
                graph: Graph | None = None) -> Graph:
    """Build (or extend) an rdflib graph from property-graph rows.

    Examples
    --------
    >>> from ecograph.mapping.rows import make_edge, make_node
    >>> a = make_node("a", Label.Enterprise, {"name": "甲", "source": "t",
    ...               "loaded_at": "2024-01-01T00:00:00+00:00"})
    >>> i = make_node("i", Label.Incubator, {"name": "乙"})
    >>> from ecograph.vocab import RelType
    >>> e = make_edge(RelType.INCUBATED_IN, "a", Label.Enterprise, "i", Label.Incubator,
    ...               {"outcome": "active"})
    >>> g = rows_to_rdf([a, i], [e])
    >>> (node_iri("Enterprise", "a"), ECO_NS.incubatedIn, node_iri("Incubator", "i")) in g
    True
    >>> len(g)  # 4 + 2 node triples, direct triple, 5 on the qualified node
    12
    """
    graph = bind_prefixes(graph if graph is not None else Graph())
    for node in nodes:
        _add_node(graph, node)
    for edge in edges:
        _add_edge(graph, edge)
    return graph
