"""Ontology terms and instance IRIs used by the mapping.

Instance IRIs follow ``docs/design.md``: ``{ID_BASE}{kind}/{quote(id, safe="")}``
with ``kind`` the ``eco:groupKind`` of the root label (``vocab.GROUP_KIND``): ``park``,
``org``, ``chain``, ``segment``, ``industry`` and, for the data model v2 nodes,
``qualification``, ``event``, ``stats`` (``{org}@{year}``) and ``indicator``
(``{park}@{year}@{indicator}``);
qualified relation nodes are ``{ID_BASE}rel/{key}`` and provenance sources
``{ID_BASE}source/{quote(name, safe="")}``.

Unknown input columns are kept as string properties and, in RDF, as plain
string literals under the extension namespace :data:`EXTRA`
(``https://w3id.org/ecograph/extra#``, prefix ``ecx:``), local name = the
snake_case column name, percent-encoded.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from rdflib import Namespace, URIRef

from ecograph.errors import InputError
from ecograph.vocab import ECO, GROUP_KIND, ID_BASE, Label, RelType, base_label

__all__ = [
    "ECO_NS",
    "EXTRA",
    "KIND_OF_BASE",
    "PROV",
    "REL_OF_PREDICATE",
    "SKOS",
    "node_iri",
    "parse_node_iri",
    "predicate_of",
    "rel_iri",
    "source_iri",
    "source_name_of",
]

ECO_NS = Namespace(ECO)
EXTRA = Namespace("https://w3id.org/ecograph/extra#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")

#: IRI kind segment per root label.
KIND_OF_BASE: dict[Label, str] = dict(GROUP_KIND)
_BASE_OF_KIND = {kind: label for label, kind in KIND_OF_BASE.items()}


def predicate_of(rel_type: RelType | str) -> URIRef:
    """Return the object property of a relationship type (UPPER_SNAKE → camelCase).

    Examples
    --------
    >>> str(predicate_of("SPUN_OFF_FROM"))
    'https://w3id.org/ecograph/ontology#spunOffFrom'
    """
    first, *rest = str(rel_type).lower().split("_")
    return ECO_NS[first + "".join(part.capitalize() for part in rest)]


#: Relationship type per object property IRI.
REL_OF_PREDICATE: dict[URIRef, RelType] = {predicate_of(rel): rel for rel in RelType}


def node_iri(label: Label | str, node_id: str) -> URIRef:
    """Return the instance IRI of a node with (any) ``label`` and ``node_id``.

    Examples
    --------
    >>> str(node_iri("Incubator", "孵化器 1"))
    'https://w3id.org/ecograph/id/org/%E5%AD%B5%E5%8C%96%E5%99%A8%201'
    """
    kind = KIND_OF_BASE[base_label(Label(label))]
    return URIRef(f"{ID_BASE}{kind}/{quote(node_id, safe='')}")


def parse_node_iri(iri: str) -> tuple[Label, str]:
    """Split an instance IRI into its root label and id.

    Raises
    ------
    InputError
        If ``iri`` is not an ecograph instance IRI.

    Examples
    --------
    >>> parse_node_iri("https://w3id.org/ecograph/id/segment/nev.cell")
    (<Label.ChainSegment: 'ChainSegment'>, 'nev.cell')
    """
    if not iri.startswith(ID_BASE):
        raise InputError(f"not an ecograph instance IRI: {iri}")
    kind, sep, rest = iri[len(ID_BASE):].partition("/")
    if not sep or kind not in _BASE_OF_KIND or not rest:
        raise InputError(f"not an ecograph node IRI: {iri}")
    return _BASE_OF_KIND[kind], unquote(rest)


def rel_iri(key: str) -> URIRef:
    """Return the IRI of the qualified relation node of edge ``key``.

    Examples
    --------
    >>> str(rel_iri("0123abcd0123abcd"))
    'https://w3id.org/ecograph/id/rel/0123abcd0123abcd'
    """
    return URIRef(f"{ID_BASE}rel/{key}")


def source_iri(name: str) -> URIRef:
    """Return the PROV-O entity IRI of a source (file or dataset) name.

    Examples
    --------
    >>> str(source_iri("demo/organizations.csv"))
    'https://w3id.org/ecograph/id/source/demo%2Forganizations.csv'
    """
    return URIRef(f"{ID_BASE}source/{quote(name, safe='')}")


def source_name_of(iri: str) -> str:
    """Return the source name of a :func:`source_iri` (or the IRI itself).

    Examples
    --------
    >>> source_name_of(str(source_iri("a b")))
    'a b'
    >>> source_name_of("http://example.org/x")
    'http://example.org/x'
    """
    prefix = f"{ID_BASE}source/"
    return unquote(iri[len(prefix):]) if iri.startswith(prefix) else iri
