"""RDF → rows: the mapping applied to an rdflib graph.

Typed ``eco:`` instances become :class:`NodeRow` s (the most specific
``eco:`` class is the label; ``rdfs:label@zh`` or untagged is ``name``,
``@en`` is ``name_en``), qualified relation nodes become :class:`EdgeRow` s
with their key, attributes and provenance, and direct relation triples without
a qualified node become plain edges. Missing provenance is filled from
``source`` / ``loaded_at``. Subjects outside the ecograph id space are skipped
(logged).
"""

from __future__ import annotations

import logging
from urllib.parse import unquote

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from ecograph.errors import InputError
from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue, edge_key, make_node
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
    REL_OF_PREDICATE,
    parse_node_iri,
    source_name_of,
)
from ecograph.vocab import ECO, ID_BASE, Label, ancestors

__all__ = ["python_of", "rdf_to_rows"]

log = logging.getLogger(__name__)

_NODE_TERM_PROPS: dict[URIRef, str] = {
    term: prop for prop, term in NODE_PROP_TERMS.items() if prop not in ("industry", "code")
}
_EDGE_TERM_PROPS: dict[URIRef, str] = {
    **{term: prop for prop, term in EDGE_ATTR_TERMS.items()},
    **{term: prop for terms in EDGE_ATTR_OVERRIDES.values() for prop, term in terms.items()},
}
_V2_TERM_PROPS: dict[Label, dict[URIRef, str]] = {
    label: {term: prop for prop, term in terms.items()} for label, terms in V2_PROP_TERMS.items()
}
_FLOATS = frozenset({XSD.decimal, XSD.double, XSD.float})
_INTS = frozenset({XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.gYear})
_REL_PREFIX = f"{ID_BASE}rel/"


def python_of(lit: Literal) -> PropValue:
    """Return the row value of a literal (dates as ISO strings, decimals as floats).

    Examples
    --------
    >>> python_of(Literal("12.5", datatype=XSD.decimal)), python_of(Literal("2020-01-01",
    ...     datatype=XSD.date)), python_of(Literal(True)), python_of(Literal(3))
    (12.5, '2020-01-01', True, 3)
    """
    datatype = lit.datatype
    if datatype in _FLOATS:
        return float(str(lit))
    if datatype in _INTS:
        return int(str(lit))
    if datatype == XSD.boolean:
        return str(lit).strip().lower() in ("true", "1")
    return str(lit)


def _label_of(graph: Graph, subject: Node) -> Label | None:
    best: Label | None = None
    for cls in graph.objects(subject, RDF.type):
        text = str(cls)
        if text.startswith(ECO) and text[len(ECO):] in Label.__members__:
            label = Label(text[len(ECO):])
            if best is None or len(ancestors(label)) > len(ancestors(best)):
                best = label
    return best


def _prov(graph: Graph, subject: Node, props: dict[str, PropValue],
          source: str | None, loaded_at: str | None) -> None:
    derived = graph.value(subject, PROV.wasDerivedFrom)
    if derived is not None:
        props["source"] = source_name_of(str(derived))
    elif source is not None:
        props["source"] = source
    loaded = graph.value(subject, ECO_NS.loadedAt)
    if loaded is not None:
        props["loaded_at"] = str(loaded)
    elif loaded_at is not None:
        props["loaded_at"] = loaded_at


def _v2_node_props(graph: Graph, subject: Node, label: Label) -> dict[str, PropValue]:
    """Props of a data model v2 node (the inverse of ``to_rdf.v2_node_triples``)."""
    props: dict[str, PropValue] = {}
    terms = _V2_TERM_PROPS[label]
    for predicate, obj in graph.predicate_objects(subject):
        if predicate == RDFS.label and isinstance(obj, Literal):
            if obj.language == "en":
                props["name_en"] = str(obj)
            elif obj.language in (None, "zh") or "name" not in props:
                props["name"] = str(obj)
        elif isinstance(predicate, URIRef) and predicate in terms:
            prop = terms[predicate]
            if prop in REFERENCE_PROPS:
                root = _root(obj)
                if root is not None:
                    props[prop] = root[1]
            elif isinstance(obj, Literal):
                props[prop] = python_of(obj)
        elif str(predicate).startswith(str(EXTRA)) and isinstance(obj, Literal):
            props[unquote(str(predicate)[len(str(EXTRA)):])] = str(obj)
    return props


def _node_props(graph: Graph, subject: Node, label: Label) -> dict[str, PropValue]:
    if label in _V2_TERM_PROPS:
        return _v2_node_props(graph, subject, label)
    props: dict[str, PropValue] = {}
    quals: list[str] = []
    code_prop = "industry" if Label.Organization in ancestors(label) else "code"
    for predicate, obj in graph.predicate_objects(subject):
        if predicate == RDFS.label and isinstance(obj, Literal):
            if obj.language == "en":
                props["name_en"] = str(obj)
            elif obj.language in (None, "zh") or "name" not in props:
                props["name"] = str(obj)
        elif predicate == ECO_NS.hasQualification:
            # the stated set names the concepts (eco:…); a link to a qualification node
            # (<id/qualification/…>) is a HAS_QUALIFICATION edge, read below
            if str(obj).startswith(ECO):
                quals.append(str(obj)[len(ECO):])
        elif predicate == ECO_NS.industryCode and isinstance(obj, Literal):
            props[code_prop] = str(obj)
        elif isinstance(predicate, URIRef) and predicate in _NODE_TERM_PROPS and \
                isinstance(obj, Literal):
            props[_NODE_TERM_PROPS[predicate]] = python_of(obj)
        elif str(predicate).startswith(str(EXTRA)) and isinstance(obj, Literal):
            props[unquote(str(predicate)[len(str(EXTRA)):])] = str(obj)
    if quals:
        props["qualifications"] = sorted(quals)
    return props


def _edge_props(graph: Graph, subject: Node) -> dict[str, PropValue]:
    props: dict[str, PropValue] = {}
    for predicate, obj in graph.predicate_objects(subject):
        if not isinstance(obj, Literal):
            continue
        if isinstance(predicate, URIRef) and predicate in _EDGE_TERM_PROPS:
            props[_EDGE_TERM_PROPS[predicate]] = python_of(obj)
        elif str(predicate).startswith(str(EXTRA)):
            props[unquote(str(predicate)[len(str(EXTRA)):])] = str(obj)
    return props


def _root(iri: Node) -> tuple[Label, str] | None:
    try:
        return parse_node_iri(str(iri))
    except InputError:
        return None


def rdf_to_rows(graph: Graph, *, source: str | None = None,
                loaded_at: str | None = None) -> tuple[list[NodeRow], list[EdgeRow]]:
    """Map an RDF graph to node and edge rows.

    Examples
    --------
    >>> g = Graph().parse(data='''
    ... @prefix eco: <https://w3id.org/ecograph/ontology#> .
    ... <https://w3id.org/ecograph/id/org/a> a eco:Enterprise ; eco:employees 7 ;
    ...     <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh ;
    ...     eco:supplies <https://w3id.org/ecograph/id/org/b> .
    ... <https://w3id.org/ecograph/id/org/b> a eco:University ;
    ...     <http://www.w3.org/2000/01/rdf-schema#label> "乙"@zh .
    ... ''', format="turtle")
    >>> nodes, edges = rdf_to_rows(g, source="x.ttl")
    >>> sorted((n["id"], n["label"]) for n in nodes)
    [('a', 'Enterprise'), ('b', 'University')]
    >>> edges[0]["type"], edges[0]["props"]
    ('SUPPLIES', {'source': 'x.ttl'})
    """
    nodes: list[NodeRow] = []
    for subject in set(graph.subjects(RDF.type, None)):
        label = _label_of(graph, subject)
        if label is None:
            continue
        root = _root(subject)
        if root is None:
            log.warning("skipping %s: not an ecograph instance IRI", subject)
            continue
        props = _node_props(graph, subject, label)
        _prov(graph, subject, props, source, loaded_at)
        nodes.append(make_node(root[1], label, props))
    edges: list[EdgeRow] = []
    covered: set[tuple[Node, Node, Node]] = set()
    for qualified in set(graph.subjects(RDF.type, ECO_NS.QualifiedRelation)):
        s = graph.value(qualified, ECO_NS.relSource)
        o = graph.value(qualified, ECO_NS.relTarget)
        p = graph.value(qualified, ECO_NS.relProperty)
        edge = _edge(s, p, o)
        if edge is None:
            log.warning("skipping qualified relation %s: incomplete or unknown", qualified)
            continue
        attrs = _edge_props(graph, qualified)
        _prov(graph, qualified, attrs, source, loaded_at)
        edge["props"] = attrs
        text = str(qualified)
        edge["key"] = text[len(_REL_PREFIX):] if text.startswith(_REL_PREFIX) else \
            edge_key(edge["type"], edge["source"], edge["target"], attrs)
        edges.append(edge)
        covered.add((s, p, o))  # type: ignore[arg-type]
    for predicate in REL_OF_PREDICATE:
        for s, o in graph.subject_objects(predicate):
            if (s, predicate, o) in covered:
                continue
            edge = _edge(s, predicate, o)
            if edge is None:
                continue
            plain: dict[str, PropValue] = {}
            if source is not None:
                plain["source"] = source
            if loaded_at is not None:
                plain["loaded_at"] = loaded_at
            edge["props"] = plain
            edge["key"] = edge_key(edge["type"], edge["source"], edge["target"], plain)
            edges.append(edge)
    return nodes, edges


def _edge(s: Node | None, p: Node | None, o: Node | None) -> EdgeRow | None:
    if s is None or p is None or o is None or not isinstance(p, URIRef):
        return None
    rel = REL_OF_PREDICATE.get(p)
    ends = _root(s), _root(o)
    if rel is None or ends[0] is None or ends[1] is None:
        return None
    return {"key": "", "type": str(rel), "source": ends[0][1], "source_label": str(ends[0][0]),
            "target": ends[1][1], "target_label": str(ends[1][0]), "props": {}}
