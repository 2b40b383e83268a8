"""SHACL validation of RDF input with pyshacl against ``ontology/shapes.ttl``.

The class hierarchy (``rdfs:subClassOf`` from :data:`ecograph.vocab.LABEL_PARENTS`,
itself generated from the ontology) is mixed into the data graph as
``ont_graph``, so ``sh:targetClass`` and ``sh:class`` see subclasses; no
RDFS inference runs, so ``rdfs:domain`` / ``rdfs:range`` never *infer* a type
that the shapes are meant to check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate
from rdflib import RDF, RDFS, SH, Graph
from rdflib.term import Node

from ecograph.mapping.terms import ECO_NS
from ecograph.validation.reject import Reject
from ecograph.validation.shapes import SHAPES_PATH
from ecograph.vocab import LABEL_PARENTS

__all__ = ["Violation", "class_hierarchy", "shacl_violations", "violations_to_rejects"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL validation result."""

    focus: Node
    path: Node | None
    value: Node | None
    message: str


@lru_cache(maxsize=1)
def _shapes_graph() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


@lru_cache(maxsize=1)
def class_hierarchy() -> Graph:
    """Return the ``rdfs:subClassOf`` triples of the ecograph classes.

    Examples
    --------
    >>> (ECO_NS.Incubator, RDFS.subClassOf, ECO_NS.IncubationCarrier) in class_hierarchy()
    True
    """
    graph = Graph()
    for label, parent in LABEL_PARENTS.items():
        if parent is not None:
            graph.add((ECO_NS[str(label)], RDFS.subClassOf, ECO_NS[str(parent)]))
    return graph


def shacl_violations(graph: Graph) -> list[Violation]:
    """Validate ``graph`` against the shapes; return every violation.

    Examples
    --------
    >>> g = Graph().parse(data='''
    ... @prefix eco: <https://w3id.org/ecograph/ontology#> .
    ... <https://w3id.org/ecograph/id/org/a> a eco:Enterprise ; eco:employees "many" .
    ... ''', format="turtle")
    >>> sorted(str(v.path).rsplit("#")[-1] for v in shacl_violations(g))
    ['employees', 'employees', 'label']
    """
    conforms, results, _ = validate(
        graph, shacl_graph=_shapes_graph(), ont_graph=class_hierarchy(),
        inference="none", advanced=True, allow_warnings=True,
    )
    if conforms:
        return []
    found: list[Violation] = []
    if not isinstance(results, Graph):
        return found
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if focus is None:
            continue
        message = results.value(result, SH.resultMessage)
        found.append(Violation(focus, results.value(result, SH.resultPath),
                               results.value(result, SH.value),
                               str(message) if message is not None else "shape violation"))
    found.sort(key=lambda v: (str(v.focus), str(v.path), v.message))
    return found


def violations_to_rejects(violations: list[Violation], file: str) -> list[Reject]:
    """Report violations as rejects: focus node as line, path as column.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> v = Violation(URIRef("urn:a"), RDFS.label, None, "Less than 1 values")
    >>> violations_to_rejects([v], "x.ttl")[0].column
    'http://www.w3.org/2000/01/rdf-schema#label'
    """
    return [Reject(file, str(v.focus), str(v.path) if v.path is not None else "", v.message,
                   str(v.value) if v.value is not None else "") for v in violations]
