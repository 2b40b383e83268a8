r"""Turtle text straight from the mapping's N-Triples terms, one statement per subject run.

:func:`turtle_text` writes the triples of :func:`ecograph.mapping.to_rdf.row_triples`
as Turtle without any RDF object: consecutive triples of one subject become
one statement (``s p o ;\n\tp o .``), IRIs in a namespace of
:data:`~ecograph.mapping.to_rdf.PREFIXES` become prefixed names where the
local part is a valid Turtle local name (else they stay ``<iri>``),
``rdf:type`` is ``a``, datatypes are prefixed (``^^xsd:decimal``). Literals
keep their N-Triples form, which is valid Turtle (its escapes are a subset
of Turtle's). A subject may open several statements (a node, then the direct
triples of its edges): Turtle allows it, and the graph is the same.

Examples
--------
>>> from ecograph.mapping.to_rdf import node_triples
>>> from ecograph.mapping.rows import make_node
>>> from ecograph.vocab import Label
>>> print(prefix_header().splitlines()[0])
@prefix eco: <https://w3id.org/ecograph/ontology#> .
>>> turtle_text(node_triples(make_node("a", Label.Enterprise, {"employees": 3}))).split("\n")
['org:a a eco:Enterprise ;', '\teco:employees "3"^^xsd:integer .', '']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ecograph.mapping.to_rdf import PREFIXES, Triple

__all__ = ["prefix_header", "turtle_term", "turtle_text"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_NAMESPACES = {namespace: prefix for prefix, namespace in PREFIXES.items()}
# A Turtle PN_LOCAL, conservatively: ASCII name characters and %XX escapes, not
# starting with '-' or '.', not ending with '.'.
_LOCAL = re.compile(r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_.-]|%[0-9A-Fa-f]{2})*\Z").match
_PREDICATES: dict[str, str] = {_RDF_TYPE: "a"}
_DATATYPES: dict[str, str] = {}


def prefix_header() -> str:
    """Return the ``@prefix`` lines of an export (:data:`~ecograph.mapping.to_rdf.PREFIXES`)."""
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())


def _iri(term: str) -> str:
    cut = max(term.rfind("/"), term.rfind("#")) + 1
    prefix = _NAMESPACES.get(term[1:cut])
    if prefix is None:
        return term
    local = term[cut:-1]
    if local and _LOCAL(local) and not local.endswith("."):
        return f"{prefix}:{local}"
    return term


def turtle_term(term: str) -> str:
    """Return an N-Triples term (IRI or literal) in Turtle, prefixed where it can be.

    Examples
    --------
    >>> turtle_term("<https://w3id.org/ecograph/id/org/E%2F1>")
    'org:E%2F1'
    >>> turtle_term("<https://w3id.org/ecograph/id/org/a.>")  # no local name ends in '.'
    '<https://w3id.org/ecograph/id/org/a.>'
    >>> turtle_term('"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    '"1.5"^^xsd:decimal'
    >>> turtle_term('"甲"@zh')
    '"甲"@zh'
    """
    if term[0] == "<":
        return _iri(term)
    if term[-1] != ">":
        return term
    text, _, datatype = term.rpartition("^^")
    found = _DATATYPES.get(datatype)
    if found is None:
        found = _DATATYPES[datatype] = _iri(datatype)
    return f"{text}^^{found}"


def _predicate(term: str) -> str:
    found = _PREDICATES.get(term)
    if found is None:
        found = _PREDICATES[term] = _iri(term)
    return found


def turtle_text(triples: Iterable[Triple]) -> str:
    """Return ``triples`` (N-Triples terms) as Turtle statements, without ``@prefix`` lines."""
    parts: list[str] = []
    add = parts.append
    subject = None
    predicates, term = _PREDICATES, turtle_term
    for s, p, o in triples:
        predicate = predicates.get(p) or _predicate(p)
        if s == subject:
            add(f" ;\n\t{predicate} {term(o)}")
        else:
            if subject is not None:
                add(" .\n")
            subject = s
            add(f"{_iri(s)} {predicate} {term(o)}")
    if subject is not None:
        add(" .\n")
    return "".join(parts)
