"""RDF files (Turtle, JSON-LD, N-Triples, N-Quads) → validated rows.

A file is parsed with rdflib, ``xsd:double`` / ``xsd:float`` literals are
normalised to ``xsd:decimal`` (the mapping's float type), the graph is
validated with pyshacl against ``ontology/shapes.ttl`` and mapped to rows with
:func:`ecograph.mapping.rdf_to_rows`. A violation rejects its focus node (a
node, or a qualified relation node = one edge); a violation on a relation path
(e.g. an ``eco:incubatedIn`` whose object is not a carrier) rejects that one
edge. Rejects carry the file, the focus IRI as ``line`` and the path as
``column``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from ecograph.errors import InputError
from ecograph.loaders.assemble import Assembler
from ecograph.mapping.from_rdf import rdf_to_rows
from ecograph.mapping.rows import EdgeRow, NodeRow
from ecograph.mapping.terms import REL_OF_PREDICATE, node_iri, parse_node_iri, rel_iri
from ecograph.rdfio import parse
from ecograph.validation.reject import Reject
from ecograph.validation.shacl import Violation, shacl_violations, violations_to_rejects

__all__ = ["RDF_SUFFIXES", "RdfRows", "add_rdf_file", "add_rdf_rows", "normalise_floats",
           "read_rdf_rows"]

log = logging.getLogger(__name__)

RDF_SUFFIXES = frozenset({".ttl", ".turtle", ".jsonld", ".json", ".nt", ".nq"})


@dataclass(frozen=True)
class RdfRows:
    """Validated rows of one RDF file and what was rejected."""

    file: str
    nodes: list[NodeRow]
    edges: list[EdgeRow]
    rejects: list[Reject]
    rejected_nodes: dict[str, str]


def normalise_floats(graph: Graph) -> int:
    """Rewrite ``xsd:double`` / ``xsd:float`` literals as ``xsd:decimal``; return how many.

    Examples
    --------
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("1.5E3", datatype=XSD.double)))
    >>> normalise_floats(g), g.value(URIRef("urn:a"), URIRef("urn:p")).n3()
    (1, '"1500.0"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    """
    changed = []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in (XSD.double, XSD.float):
            try:
                text = format(Decimal(str(o)), "f")
            except InvalidOperation:
                continue
            changed.append((s, p, o, Literal(text if "." in text else text + ".0",
                                             datatype=XSD.decimal)))
    for s, p, old, new in changed:
        graph.remove((s, p, old))
        graph.add((s, p, new))
    return len(changed)


def _node_id(iri: Node) -> str | None:
    try:
        return parse_node_iri(str(iri))[1]
    except InputError:
        return None


def _label_of_id(nodes: list[NodeRow], node_id: str) -> str:
    return next((n["label"] for n in nodes if n["id"] == node_id), "Organization")


def _deferred(graph: Graph, violation: Violation) -> bool:
    """A relation whose object is not typed in this file is checked after all sources."""
    path = violation.path
    return (path is not None and URIRef(str(path)) in REL_OF_PREDICATE
            and violation.value is not None
            and graph.value(violation.value, RDF.type) is None)


def read_rdf_rows(path: Path, *, source: str, loaded_at: str | None) -> RdfRows:
    """Parse, validate and map one RDF file.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "x.ttl"
    >>> _ = f.write_text('''@prefix eco: <https://w3id.org/ecograph/ontology#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <https://w3id.org/ecograph/id/org/a> a eco:Enterprise ; rdfs:label "甲"@zh ;
    ...     eco:incubatedIn <https://w3id.org/ecograph/id/org/b> .
    ... <https://w3id.org/ecograph/id/org/b> a eco:University ; rdfs:label "乙"@zh .
    ... ''', encoding="utf-8")
    >>> rows = read_rdf_rows(f, source="x.ttl", loaded_at=None)
    >>> len(rows.nodes), len(rows.edges), [r.reason for r in rows.rejects]
    (2, 0, ['INCUBATED_IN target is not an incubation carrier'])
    """
    file = str(path)
    graph = parse(path)
    normalise_floats(graph)
    violations = [v for v in shacl_violations(graph) if not _deferred(graph, v)]
    bad_nodes: set[str] = set()
    bad_keys: set[str] = set()
    bad_triples: set[tuple[str, str, str]] = set()
    for v in violations:
        focus = str(v.focus)
        rel = REL_OF_PREDICATE.get(URIRef(str(v.path))) if v.path is not None else None
        if rel is not None and v.value is not None:
            bad_triples.add((focus, str(rel), str(v.value)))
        elif focus.startswith(str(rel_iri(""))):
            bad_keys.add(focus[len(str(rel_iri(""))):])
        else:
            node_id = _node_id(v.focus)
            if node_id is not None:
                bad_nodes.add(node_id)
    nodes, edges = rdf_to_rows(graph, source=source, loaded_at=loaded_at)
    kept_nodes = [n for n in nodes if n["id"] not in bad_nodes]
    kept_edges = []
    for edge in edges:
        if edge["key"] in bad_keys:
            continue
        triple = (str(node_iri(edge["source_label"], edge["source"])), edge["type"],
                  str(node_iri(edge["target_label"], edge["target"])))
        if triple in bad_triples:
            continue
        kept_edges.append(edge)
    rejects = violations_to_rejects(violations, file)
    return RdfRows(file, kept_nodes, kept_edges, rejects,
                   {node_id: str(node_iri(_label_of_id(nodes, node_id), node_id))
                    for node_id in bad_nodes})


def add_rdf_rows(assembler: Assembler, rows: RdfRows) -> None:
    """Register validated RDF rows with the assembler."""
    for reject in rows.rejects:
        assembler.reject(reject.file, reject.line, reject.column, reject.reason, reject.value)
    for node_id, iri in rows.rejected_nodes.items():
        assembler.rejected.setdefault(node_id, (rows.file, iri))
    for node in rows.nodes:
        assembler.stats[rows.file]["rows"] += 1
        assembler.add_node(node, rows.file, node["id"])
    for edge in rows.edges:
        assembler.add_edge_row(edge, rows.file, edge["key"])


def add_rdf_file(assembler: Assembler, path: Path, *, source: str, loaded_at: str) -> None:
    """Read one RDF file into the assembler."""
    add_rdf_rows(assembler, read_rdf_rows(path, source=source, loaded_at=loaded_at))
