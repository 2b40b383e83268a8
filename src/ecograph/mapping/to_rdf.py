"""Rows → RDF: the inverse mapping (export from rows or from the store).

Nodes become ``<id/{kind}/{id}> a eco:{Label}`` (chains also
``skos:ConceptScheme``, segments ``skos:Concept``) with ``rdfs:label`` (``name``
as ``@zh``, ``name_en`` as ``@en``), datatype properties, qualifications and
provenance (``prov:wasDerivedFrom``, ``eco:loadedAt``). Each edge gives its
direct triple plus a qualified relation node ``<id/rel/{key}>`` carrying the
attributes and provenance. Floats are ``xsd:decimal`` (exact through Turtle),
dates ``xsd:date``. Unknown props go to the ``ecx:`` namespace as strings.

Data model v2 nodes (one per-row function each, :func:`add_v2_node`):

- ``Qualification`` ``<id/qualification/{name}> a eco:Qualification, skos:Concept ;
  skos:exactMatch eco:{name}`` (the concept of the scheme) with its labels;
- ``OrgYearStats`` and ``IndicatorObservation`` are also ``qb:Observation`` s
  (W3C Data Cube): the ``org`` / ``park`` prop is the dimension
  ``eco:refOrganization`` / ``eco:refPark`` pointing at the node's IRI,
  ``year`` is ``eco:year`` as ``xsd:gYear``, the statistics are measures
  (``eco:revenue``, ``eco:rdStaff`` …, ``eco:indicatorValue``);
- ``CollaborationEvent`` is the n-ary node: ``eco:collaborationKind``,
  ``eco:date``, ``eco:year``, ``eco:amount``, ``eco:title``, ``eco:ref``; each
  participant is an ``eco:participatesIn`` edge with its qualified node.

``kind`` of a ``TRANSFERS_TECHNOLOGY_TO`` edge is ``eco:contractKind``
(:data:`~ecograph.mapping.tables.EDGE_ATTR_OVERRIDES`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue
from ecograph.mapping.tables import (
    EDGE_ATTR_OVERRIDES,
    EDGE_ATTR_TERMS,
    NODE_PROP_TERMS,
    REFERENCE_PROPS,
    V2_PROP_TERMS,
)
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
from ecograph.vocab import Label, RelType

__all__ = ["DATE_PROPS", "QB", "add_edge", "add_node", "add_v2_node", "bind_prefixes",
           "literal_of", "rows_to_rdf"]

DATE_PROPS = frozenset({"founded", "since", "until", "date"})
_STRING_TERMS = frozenset({"round", "ref", "kind", "outcome", "role", "level"})
#: W3C RDF Data Cube.
QB = Namespace("http://purl.org/linked-data/cube#")
_OBSERVATIONS = frozenset({Label.OrgYearStats, Label.IndicatorObservation})
_PROVENANCE = frozenset({"source", "loaded_at"})


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
        ("qualification", URIRef(node_iri(Label.Qualification, ""))),
        ("event", URIRef(node_iri(Label.CollaborationEvent, ""))),
        ("stats", URIRef(node_iri(Label.OrgYearStats, ""))),
        ("indicator", URIRef(node_iri(Label.IndicatorObservation, ""))),
        ("qb", URIRef(str(QB))),
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


def add_v2_node(graph: Graph, row: NodeRow) -> None:
    """Add the triples of one data model v2 node row (see the module docstring).

    Examples
    --------
    >>> from ecograph.mapping.rows import make_node
    >>> g = Graph()
    >>> add_v2_node(g, make_node("E1@2022", Label.OrgYearStats,
    ...             {"org": "E1", "year": 2022, "revenue": 600.0}))
    >>> s = node_iri(Label.OrgYearStats, "E1@2022")
    >>> g.value(s, ECO_NS.refOrganization) == node_iri(Label.Organization, "E1")
    True
    >>> g.value(s, ECO_NS.year).n3(), (s, RDF.type, QB.Observation) in g
    ('"2022"^^<http://www.w3.org/2001/XMLSchema#gYear>', True)
    """
    label = Label(row["label"])
    subject = node_iri(label, row["id"])
    graph.add((subject, RDF.type, ECO_NS[str(label)]))
    if label is Label.Qualification:
        graph.add((subject, RDF.type, SKOS.Concept))
        graph.add((subject, SKOS.exactMatch, ECO_NS[row["id"]]))
    elif label in _OBSERVATIONS:
        graph.add((subject, RDF.type, QB.Observation))
    terms = V2_PROP_TERMS[label]
    for prop, value in row["props"].items():
        if prop in _PROVENANCE:
            continue
        term = terms.get(prop)
        if prop == "name":
            graph.add((subject, RDFS.label, Literal(str(value), lang="zh")))
        elif prop == "name_en":
            graph.add((subject, RDFS.label, Literal(str(value), lang="en")))
        elif term is None or isinstance(value, list):
            _extra(graph, subject, prop, value)
        elif prop in REFERENCE_PROPS:
            graph.add((subject, term, node_iri(REFERENCE_PROPS[prop], str(value))))
        elif prop == "year":
            graph.add((subject, term, Literal(str(value), datatype=XSD.gYear)))
        else:
            graph.add((subject, term, literal_of(prop, value)))
    _provenance(graph, subject, row["props"])


def add_node(graph: Graph, row: NodeRow) -> None:
    """Add the triples of one node row to ``graph``."""
    label = Label(row["label"])
    if label in V2_PROP_TERMS:
        add_v2_node(graph, row)
        return
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


def add_edge(graph: Graph, row: EdgeRow) -> None:
    """Add the direct triple and the qualified relation node of one edge row to ``graph``."""
    source = node_iri(row["source_label"], row["source"])
    target = node_iri(row["target_label"], row["target"])
    predicate = predicate_of(row["type"])
    graph.add((source, predicate, target))
    qualified = rel_iri(row["key"])
    graph.add((qualified, RDF.type, ECO_NS.QualifiedRelation))
    graph.add((qualified, ECO_NS.relSource, source))
    graph.add((qualified, ECO_NS.relTarget, target))
    graph.add((qualified, ECO_NS.relProperty, predicate))
    overrides = EDGE_ATTR_OVERRIDES.get(RelType(row["type"]))
    for prop, value in row["props"].items():
        if prop in ("source", "loaded_at"):
            continue
        term = (overrides.get(prop) if overrides else None) or EDGE_ATTR_TERMS.get(prop)
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
        add_node(graph, node)
    for edge in edges:
        add_edge(graph, edge)
    return graph
