"""Export and re-import of RDF graphs: Turtle, JSON-LD, N-Triples (and N-Quads in).

``serialize(graph, fmt)`` returns text; ``parse(text_or_path, fmt)`` returns a
graph. A graph built by :func:`ecograph.mapping.rows_to_rdf` survives
``parse(serialize(g, fmt), fmt)`` isomorphically in every format (floats are
``xsd:decimal``, which rdflib writes losslessly).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from rdflib import Dataset, Graph

from ecograph.errors import InputError
from ecograph.mapping.to_rdf import bind_prefixes

__all__ = ["FORMATS", "RdfFormat", "format_of", "parse", "serialize"]

log = logging.getLogger(__name__)

RdfFormat = Literal["turtle", "jsonld", "nt", "nq"]

#: Our format name → rdflib plugin name.
FORMATS: dict[str, str] = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt", "nq": "nquads"}
_SUFFIXES: dict[str, RdfFormat] = {
    ".ttl": "turtle", ".turtle": "turtle", ".jsonld": "jsonld", ".json": "jsonld",
    ".nt": "nt", ".nq": "nq",
}


def format_of(path: Path) -> RdfFormat:
    """Return the RDF format of a file from its suffix.

    Examples
    --------
    >>> format_of(Path("graph.jsonld")), format_of(Path("x.NT"))
    ('jsonld', 'nt')
    """
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown RDF file type: {path.name} (use .ttl, .jsonld, .nt or .nq)")
    return fmt


def serialize(graph: Graph, fmt: RdfFormat | str = "turtle") -> str:
    """Serialise ``graph`` to text in ``fmt`` (``turtle``, ``jsonld`` or ``nt``).

    Examples
    --------
    >>> from rdflib import URIRef, Literal
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    >>> serialize(g, "nt").strip()
    '<urn:a> <urn:p> "x" .'
    """
    plugin = FORMATS.get(str(fmt))
    if plugin is None or fmt == "nq":
        raise InputError(f"unknown export format {fmt!r} (turtle, jsonld or nt)")
    bind_prefixes(graph)
    if plugin == "json-ld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()
                   if prefix in ("eco", "ecx", "prov", "skos", "rdfs", "xsd")}
        return graph.serialize(format=plugin, context=context, indent=2)
    return graph.serialize(format=plugin)


def parse(source: str | Path, fmt: RdfFormat | str | None = None) -> Graph:
    """Parse RDF from a file path or from text.

    A :class:`~pathlib.Path` (or a string naming an existing file) is read as a
    file, its format guessed from the suffix unless ``fmt`` is given; any other
    string is parsed as text in ``fmt`` (default Turtle). N-Quads are merged
    into one graph.

    Raises
    ------
    InputError
        If the file is missing or the text is not valid RDF.

    Examples
    --------
    >>> g = parse('<urn:a> <urn:p> "x" .', "nt")
    >>> len(g)
    1
    """
    is_file = isinstance(source, Path) or ("\n" not in source and len(source) < 4096
                                           and Path(source).is_file())
    if is_file:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"RDF file not found: {path}")
        fmt = fmt or format_of(path)
    fmt = fmt or "turtle"
    plugin = FORMATS.get(str(fmt))
    if plugin is None:
        raise InputError(f"unknown RDF format {fmt!r}")
    try:
        if plugin == "nquads":
            dataset = Dataset(default_union=True)
            if is_file:
                dataset.parse(Path(source), format=plugin)
            else:
                dataset.parse(data=str(source), format=plugin)
            graph = Graph()
            for triple in dataset.triples((None, None, None)):
                graph.add(triple)
            return graph
        graph = Graph()
        if is_file:
            graph.parse(Path(source), format=plugin)
        else:
            graph.parse(data=str(source), format=plugin)
    except InputError:
        raise
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"cannot parse RDF ({fmt}): {exc}") from exc
    return graph
