"""Rows → RDF: the inverse mapping (export from rows or from the store).

Nodes become ``<id/{kind}/{id}> a eco:{Label}`` (chains also
``skos:ConceptScheme``, segments ``skos:Concept``) with ``rdfs:label`` (``name``
as ``@zh``, ``name_en`` as ``@en``), datatype properties, qualifications and
provenance (``prov:wasDerivedFrom``, ``eco:loadedAt``). Each edge gives its
direct triple plus a qualified relation node ``<id/rel/{key}>`` carrying the
attributes and provenance. Floats are ``xsd:decimal`` (exact through Turtle),
dates ``xsd:date``. Unknown props go to the ``ecx:`` namespace as strings.

The mapping is a per-row triple generator: :func:`node_triples` and
:func:`edge_triples` yield the triples of one row, each term already in
N-Triples syntax (``<iri>``, ``"text"@zh``, ``"1.5"^^<…#decimal>``), so a
streamed export writes them without building any RDF object (see
:func:`ecograph.rdfio.serialize_rows`); :func:`rows_to_rdf` collects them
into an rdflib graph for the callers that want one.

Data model v2 nodes (:func:`v2_node_triples`):

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

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue
from ecograph.vocab import ECO, GROUP_KIND, ID_BASE, Label, RelType, base_label

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["DATE_PROPS", "PREFIXES", "QB", "Triple", "bind_prefixes", "edge_triples",
           "literal_of", "node_triples", "row_triples", "rows_to_rdf", "v2_node_triples"]

#: One triple, each term in N-Triples syntax.
Triple = tuple[str, str, str]

DATE_PROPS = frozenset({"founded", "since", "until", "date"})
_STRING_TERMS = frozenset({"round", "ref", "kind", "outcome", "role", "level"})

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PROV = "http://www.w3.org/ns/prov#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_EXTRA = "https://w3id.org/ecograph/extra#"
#: W3C RDF Data Cube.
QB = "http://purl.org/linked-data/cube#"

#: The prefixes of every export: ``eco:`` for the ontology, one per instance kind.
PREFIXES: dict[str, str] = {
    "eco": ECO, "ecx": _EXTRA, "prov": _PROV, "skos": _SKOS, "rdfs": _RDFS, "xsd": _XSD,
    "park": f"{ID_BASE}park/", "org": f"{ID_BASE}org/", "chain": f"{ID_BASE}chain/",
    "segment": f"{ID_BASE}segment/", "industry": f"{ID_BASE}industry/", "rel": f"{ID_BASE}rel/",
    "qualification": f"{ID_BASE}qualification/", "event": f"{ID_BASE}event/",
    "stats": f"{ID_BASE}stats/", "indicator": f"{ID_BASE}indicator/", "qb": QB,
}

_KIND: dict[str, str] = {_label.value: GROUP_KIND[base_label(_label)] for _label in Label}
_PREDICATE: dict[str, str] = {}
for _rel in RelType:
    _first, *_rest = _rel.value.lower().split("_")
    _PREDICATE[_rel.value] = f"<{ECO}{_first}{''.join(p.capitalize() for p in _rest)}>"

_A = f"<{_RDF}type>"
_LABEL = f"<{_RDFS}label>"
_DERIVED = f"<{_PROV}wasDerivedFrom>"
_LOADED_AT = f"<{ECO}loadedAt>"
_HAS_QUALIFICATION = f"<{ECO}hasQualification>"
_SCHEME, _CONCEPT = f"<{_SKOS}ConceptScheme>", f"<{_SKOS}Concept>"
_QUALIFIED = f"<{ECO}QualifiedRelation>"
_REL_SOURCE, _REL_TARGET = f"<{ECO}relSource>", f"<{ECO}relTarget>"
_REL_PROPERTY = f"<{ECO}relProperty>"
_DECIMAL, _DATE, _DATETIME = f"^^<{_XSD}decimal>", f"^^<{_XSD}date>", f"^^<{_XSD}dateTime>"
_INTEGER, _BOOLEAN = f"^^<{_XSD}integer>", f"^^<{_XSD}boolean>"
_GYEAR = f"^^<{_XSD}gYear>"
_OBSERVATION, _EXACT_MATCH = f"<{QB}Observation>", f"<{_SKOS}exactMatch>"
_OBSERVATIONS = frozenset({Label.OrgYearStats.value, Label.IndicatorObservation.value})

_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]+\Z").match  # what quote(x, safe="") keeps as is
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _node_props() -> dict[str, str]:
    from ecograph.mapping.tables import NODE_PROP_TERMS

    return {prop: f"<{term}>" for prop, term in NODE_PROP_TERMS.items()}


def _edge_attrs() -> dict[str, str]:
    from ecograph.mapping.tables import EDGE_ATTR_TERMS

    return {prop: f"<{term}>" for prop, term in EDGE_ATTR_TERMS.items()}


def _v2_props() -> dict[str, dict[str, str]]:
    from ecograph.mapping.tables import V2_PROP_TERMS

    return {label.value: {prop: f"<{term}>" for prop, term in terms.items()}
            for label, terms in V2_PROP_TERMS.items()}


def _references() -> dict[str, str]:
    from ecograph.mapping.tables import REFERENCE_PROPS

    return {prop: label.value for prop, label in REFERENCE_PROPS.items()}


def _edge_overrides() -> dict[str, dict[str, str]]:
    from ecograph.mapping.tables import EDGE_ATTR_OVERRIDES

    return {rel.value: {prop: f"<{term}>" for prop, term in terms.items()}
            for rel, terms in EDGE_ATTR_OVERRIDES.items()}


_CLASS: dict[str, str] = {label.value: f"<{ECO}{label.value}>" for label in Label}
_NODE_PROP_TERMS = _node_props()
_EDGE_ATTR_TERMS = _edge_attrs()
_V2_PROP_TERMS = _v2_props()
_REFERENCE_PROPS = _references()
_EDGE_OVERRIDES = _edge_overrides()


def _local(text: str) -> str:
    return text if _UNQUOTED(text) else quote(text, safe="")


def _iri(label: str, node_id: str) -> str:
    return f"<{ID_BASE}{_KIND[label]}/{_local(node_id)}>"


def _text(text: str, suffix: str = "") -> str:
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        text = text.translate(_ESCAPES)
    return f'"{text}"{suffix}'


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the ecograph prefixes (:data:`PREFIXES`) on an rdflib ``graph`` and return it.

    ``eco:`` for the ontology and one prefix per instance kind of the data
    model (``park:``, ``org:``, ``chain:``, ``segment:``, ``industry:``),
    replacing rdflib's default bindings of the same names (rdflib binds
    ``org:`` to W3C ORG, which pushed ours to ``org1:``).

    Examples
    --------
    >>> from rdflib import Graph
    >>> prefixes = dict(bind_prefixes(Graph()).namespaces())
    >>> str(prefixes["org"]), str(prefixes["eco"])
    ('https://w3id.org/ecograph/id/org/', 'https://w3id.org/ecograph/ontology#')
    >>> "org1" in prefixes
    False
    """
    from rdflib import URIRef

    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, URIRef(namespace), override=True, replace=True)
    return graph


def literal_of(prop: str, value: PropValue) -> str:
    """Return the RDF literal of a (non-list) prop value, in N-Triples syntax.

    Examples
    --------
    >>> literal_of("revenue", 1500.0)
    '"1500.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> literal_of("since", "2020-01-01")
    '"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> literal_of("employees", 12), literal_of("listed", True)
    ('"12"^^<http://www.w3.org/2001/XMLSchema#integer>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')
    """
    if isinstance(value, bool):
        return '"true"' + _BOOLEAN if value else '"false"' + _BOOLEAN
    if isinstance(value, int):
        return f'"{value}"{_INTEGER}'
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return f'"{text if "." in text else text + ".0"}"{_DECIMAL}'
    if prop in DATE_PROPS:
        return _text(str(value), _DATE)
    return _text(str(value))


@lru_cache(maxsize=256)
def _source_term(source: str) -> str:
    return f"<{ID_BASE}source/{_local(source)}>"


@lru_cache(maxsize=256)
def _loaded_term(loaded: str) -> str:
    return _text(loaded, _DATETIME)


def _provenance(subject: str, props: dict[str, PropValue]) -> Iterator[Triple]:
    # Rows of one load share their provenance: its two terms are made once.
    source = props.get("source")
    if source is not None:
        yield subject, _DERIVED, _source_term(str(source))
    loaded = props.get("loaded_at")
    if loaded is not None:
        yield subject, _LOADED_AT, _loaded_term(str(loaded))


def _extra(subject: str, prop: str, value: PropValue) -> Triple:
    text = ";".join(value) if isinstance(value, list) else str(value)
    return subject, f"<{_EXTRA}{_local(prop)}>", _text(text)


def v2_node_triples(row: NodeRow) -> Iterator[Triple]:
    """Yield the triples of one data model v2 node row (see the module docstring).

    Examples
    --------
    >>> from ecograph.mapping.rows import make_node
    >>> row = make_node("E1@2022", Label.OrgYearStats, {"org": "E1", "year": 2022})
    >>> for t in v2_node_triples(row):
    ...     print(t[1].rsplit("#")[-1], t[2])  # doctest: +NORMALIZE_WHITESPACE
    type> <https://w3id.org/ecograph/ontology#OrgYearStats>
    type> <http://purl.org/linked-data/cube#Observation>
    refOrganization> <https://w3id.org/ecograph/id/org/E1>
    year> "2022"^^<http://www.w3.org/2001/XMLSchema#gYear>
    """
    label = row["label"]
    subject = _iri(label, row["id"])
    yield subject, _A, _CLASS[label]
    if label == Label.Qualification:
        yield subject, _A, _CONCEPT
        yield subject, _EXACT_MATCH, f"<{ECO}{row['id']}>"
    elif label in _OBSERVATIONS:
        yield subject, _A, _OBSERVATION
    terms = _V2_PROP_TERMS[label]
    for prop, value in row["props"].items():
        if prop in ("source", "loaded_at"):
            continue
        term = terms.get(prop)
        if prop == "name":
            yield subject, _LABEL, _text(str(value), "@zh")
        elif prop == "name_en":
            yield subject, _LABEL, _text(str(value), "@en")
        elif term is None or isinstance(value, list):
            yield _extra(subject, prop, value)
        elif prop in _REFERENCE_PROPS:
            yield subject, term, _iri(_REFERENCE_PROPS[prop], str(value))
        elif prop == "year":
            yield subject, term, _text(str(value), _GYEAR)
        else:
            yield subject, term, literal_of(prop, value)
    yield from _provenance(subject, row["props"])


def node_triples(row: NodeRow) -> Iterator[Triple]:
    """Yield the triples of one node row.

    Examples
    --------
    >>> from ecograph.mapping.rows import make_node
    >>> for t in node_triples(make_node("a", Label.Enterprise, {"name": "甲"})):
    ...     print(*t)  # doctest: +NORMALIZE_WHITESPACE
    <https://w3id.org/ecograph/id/org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>
        <https://w3id.org/ecograph/ontology#Enterprise>
    <https://w3id.org/ecograph/id/org/a> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh
    """
    label = row["label"]
    if label in _V2_PROP_TERMS:
        yield from v2_node_triples(row)
        return
    subject = _iri(label, row["id"])
    yield subject, _A, _CLASS[label]
    if label == Label.IndustryChain:
        yield subject, _A, _SCHEME
    elif label == Label.ChainSegment:
        yield subject, _A, _CONCEPT
    for prop, value in row["props"].items():
        if prop in ("source", "loaded_at"):
            continue
        if prop == "name":
            yield subject, _LABEL, _text(str(value), "@zh")
        elif prop == "name_en":
            yield subject, _LABEL, _text(str(value), "@en")
        elif prop == "qualifications" and isinstance(value, list):
            for qual in value:
                yield subject, _HAS_QUALIFICATION, f"<{ECO}{qual}>"
        elif prop in _NODE_PROP_TERMS and not isinstance(value, list):
            yield subject, _NODE_PROP_TERMS[prop], literal_of(prop, value)
        else:
            yield _extra(subject, prop, value)
    yield from _provenance(subject, row["props"])


def edge_triples(row: EdgeRow) -> Iterator[Triple]:
    """Yield the triples of one edge row: the direct triple, then its qualified node.

    Examples
    --------
    >>> from ecograph.mapping.rows import make_edge
    >>> e = make_edge(RelType.SUPPLIES, "a", Label.Enterprise, "b", Label.Enterprise, {})
    >>> [t[1].rsplit("#")[-1] for t in edge_triples(e)]
    ['supplies>', 'type>', 'relSource>', 'relTarget>', 'relProperty>']
    """
    source = _iri(row["source_label"], row["source"])
    target = _iri(row["target_label"], row["target"])
    predicate = _PREDICATE[row["type"]]
    yield source, predicate, target
    qualified = f"<{ID_BASE}rel/{row['key']}>"
    yield qualified, _A, _QUALIFIED
    yield qualified, _REL_SOURCE, source
    yield qualified, _REL_TARGET, target
    yield qualified, _REL_PROPERTY, predicate
    overrides = _EDGE_OVERRIDES.get(row["type"])
    for prop, value in row["props"].items():
        if prop in ("source", "loaded_at"):
            continue
        term = (overrides.get(prop) if overrides else None) or _EDGE_ATTR_TERMS.get(prop)
        if term is not None and not isinstance(value, list):
            lit = _text(str(value)) if prop in _STRING_TERMS else literal_of(prop, value)
            yield qualified, term, lit
        else:
            yield _extra(qualified, prop, value)
    yield from _provenance(qualified, row["props"])


def row_triples(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow]) -> Iterator[Triple]:
    """Yield the triples of ``nodes`` then of ``edges``, row by row."""
    for node in nodes:
        yield from node_triples(node)
    for edge in edges:
        yield from edge_triples(edge)


def rows_to_rdf(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow],
                graph: Graph | None = None) -> Graph:
    """Build (or extend) an rdflib graph from property-graph rows.

    Examples
    --------
    >>> from ecograph.mapping.rows import make_edge, make_node
    >>> from ecograph.mapping.terms import ECO_NS, node_iri
    >>> a = make_node("a", Label.Enterprise, {"name": "甲", "source": "t",
    ...               "loaded_at": "2024-01-01T00:00:00+00:00"})
    >>> i = make_node("i", Label.Incubator, {"name": "乙"})
    >>> e = make_edge(RelType.INCUBATED_IN, "a", Label.Enterprise, "i", Label.Incubator,
    ...               {"outcome": "active"})
    >>> g = rows_to_rdf([a, i], [e])
    >>> (node_iri("Enterprise", "a"), ECO_NS.incubatedIn, node_iri("Incubator", "i")) in g
    True
    >>> len(g)  # 4 + 2 node triples, direct triple, 5 on the qualified node
    12
    """
    from rdflib import Graph

    from ecograph.rdfio import ntriples_to_graph

    text = "".join(f"{s} {p} {o} .\n" for s, p, o in row_triples(nodes, edges))
    return ntriples_to_graph(text.encode("utf-8"), bind_prefixes(graph if graph is not None
                                                                 else Graph()))
