"""Export and re-import of RDF graphs: Turtle, JSON-LD, N-Triples (and N-Quads in), on oxigraph.

- :func:`serialize_rows` streams property-graph rows (pages of them, as a
  store reads them) to RDF bytes: the triples of each page are generated row by
  row as N-Triples text (:mod:`ecograph.mapping.to_rdf`), written as they are
  for N-Triples and re-serialised by ``pyoxigraph`` as Turtle (one document
  with its ``@prefix`` lines per page, which Turtle allows) or JSON-LD (the
  node objects of every page in one JSON array). No whole-graph object is
  ever built.
- :func:`parse` reads a file or text with ``pyoxigraph``'s parsers and returns
  an rdflib graph (what SHACL validation and the RDF → rows mapping take);
  :func:`parse_triples` yields the parsed triples without building one.
- :func:`serialize` writes a (small) rdflib graph to text.

A graph built by :func:`ecograph.mapping.rows_to_rdf` survives
``parse(serialize(g, fmt), fmt)`` isomorphically in every format (floats are
``xsd:decimal``, which both libraries write losslessly).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ecograph.errors import InputError
from ecograph.mapping.rows import EdgeRow, NodeRow

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

__all__ = ["FORMATS", "MEDIA_TYPES", "RdfFormat", "format_of", "ntriples_to_graph", "parse",
           "parse_triples", "serialize", "serialize_rows"]

log = logging.getLogger(__name__)

RdfFormat = Literal["turtle", "jsonld", "nt", "nq"]

#: Our format name → rdflib plugin name.
FORMATS: dict[str, str] = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt", "nq": "nquads"}
#: Media type of each export format.
MEDIA_TYPES: dict[str, str] = {"turtle": "text/turtle; charset=utf-8",
                               "jsonld": "application/ld+json",
                               "nt": "application/n-triples"}
_SUFFIXES: dict[str, RdfFormat] = {
    ".ttl": "turtle", ".turtle": "turtle", ".jsonld": "jsonld", ".json": "jsonld",
    ".nt": "nt", ".nq": "nq",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _ox_format(fmt: str) -> pyoxigraph.RdfFormat:
    import pyoxigraph

    return {"turtle": pyoxigraph.RdfFormat.TURTLE, "jsonld": pyoxigraph.RdfFormat.JSON_LD,
            "nt": pyoxigraph.RdfFormat.N_TRIPLES, "nq": pyoxigraph.RdfFormat.N_QUADS}[fmt]


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
    """Serialise an rdflib ``graph`` to text in ``fmt`` (``turtle``, ``jsonld`` or ``nt``).

    Examples
    --------
    >>> from rdflib import Graph, URIRef, Literal
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    >>> serialize(g, "nt").strip()
    '<urn:a> <urn:p> "x" .'
    """
    from ecograph.mapping.to_rdf import PREFIXES, bind_prefixes

    plugin = FORMATS.get(str(fmt))
    if plugin is None or fmt == "nq":
        raise InputError(f"unknown export format {fmt!r} (turtle, jsonld or nt)")
    bind_prefixes(graph)
    if plugin == "json-ld":
        context = {prefix: ns for prefix, ns in PREFIXES.items()
                   if prefix in ("eco", "ecx", "prov", "skos", "rdfs", "xsd")}
        return graph.serialize(format=plugin, context=context, indent=2)
    return graph.serialize(format=plugin)


class _Pause:
    lock = threading.Lock()
    exports = 0  # under way
    was_enabled = False  # the collector, before the first of them


@contextmanager
def paused_gc() -> Iterator[None]:
    """Switch Python's cyclic garbage collector off while an export runs.

    A page of a store's reply is millions of small lists (one per cell), all
    alive at once: every full collection walks them, and at 100k organisations
    these collections were about 60 % of the export's CPU. The export makes no
    reference cycles (its objects are freed by reference counting as each
    page goes), so memory stays bounded by the page. Nested or concurrent
    exports share one pause; the collector is switched back on (if it was
    on) when the last ends.

    Examples
    --------
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    with _Pause.lock:
        if _Pause.exports == 0:
            _Pause.was_enabled = gc.isenabled()
            gc.disable()
        _Pause.exports += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.exports -= 1
            if _Pause.exports == 0 and _Pause.was_enabled:
                gc.enable()


def _page_bytes(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow]) -> bytes:
    from ecograph.mapping.to_rdf import row_triples

    return "".join([f"{s} {p} {o} .\n" for s, p, o in row_triples(nodes, edges)]).encode()


def _turtle_bytes(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow]) -> bytes:
    from ecograph.mapping.to_rdf import row_triples
    from ecograph.mapping.turtle import turtle_text

    return turtle_text(row_triples(nodes, edges)).encode()


def serialize_rows(pages: Iterable[tuple[Iterable[NodeRow], Iterable[EdgeRow]]],
                   fmt: RdfFormat | str = "turtle") -> Iterator[bytes]:
    """Stream pages of rows as RDF in ``fmt`` (``turtle``, ``jsonld`` or ``nt``), page by page.

    Each page's triples are generated row by row (N-Triples terms,
    :mod:`ecograph.mapping.to_rdf`) and written at once: N-Triples as lines,
    Turtle as one statement per run of a subject's triples with prefixed names
    (:mod:`ecograph.mapping.turtle`, one ``@prefix`` block first), JSON-LD
    re-serialised by ``pyoxigraph`` (the node objects of every page in one
    array). Memory holds one page; the cyclic garbage collector is paused
    meanwhile (:func:`paused_gc`). The concatenated chunks are one document of
    ``fmt``.

    Examples
    --------
    >>> from ecograph.mapping.rows import make_node
    >>> from ecograph.vocab import Label
    >>> page = ([make_node("a", Label.Enterprise, {"name": "甲"})], [])
    >>> b"".join(serialize_rows([page], "turtle")).decode().splitlines()[-2:]
    ['org:a a eco:Enterprise ;', '\\trdfs:label "甲"@zh .']
    >>> import json
    >>> json.loads(b"".join(serialize_rows([page, page], "jsonld")))[1]["@id"]
    'https://w3id.org/ecograph/id/org/a'
    """
    if fmt not in MEDIA_TYPES:
        raise InputError(f"unknown export format {fmt!r} (turtle, jsonld or nt)")
    with paused_gc():
        yield from _serialize_pages(pages, str(fmt))


def _serialize_pages(pages: Iterable[tuple[Iterable[NodeRow], Iterable[EdgeRow]]],
                     fmt: str) -> Iterator[bytes]:
    import pyoxigraph

    from ecograph.mapping.turtle import prefix_header

    if fmt == "jsonld":
        yield b"["
    first = True
    for nodes, edges in pages:
        if fmt == "turtle":
            text = _turtle_bytes(nodes, edges)
            if text:
                yield prefix_header().encode() + text if first else text
                first = False
            continue
        text = _page_bytes(nodes, edges)
        if not text:
            continue
        if fmt == "nt":
            yield text
            continue
        triples = pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES)
        out = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.JSON_LD) or b""
        body = out.strip()[1:-1]  # the page's node objects, without the array brackets
        if body.strip():
            yield body if first else b"," + body
            first = False
    if fmt == "jsonld":
        yield b"]\n"


def _source(source: str | Path, fmt: RdfFormat | str | None) -> tuple[Any, str, bool]:
    is_file = isinstance(source, Path) or ("\n" not in source and len(source) < 4096
                                           and Path(source).is_file())
    if is_file:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"RDF file not found: {path}")
        fmt = fmt or format_of(path)
    fmt = str(fmt or "turtle")
    if fmt not in FORMATS:
        raise InputError(f"unknown RDF format {fmt!r}")
    return source, fmt, is_file


def parse_triples(source: str | Path, fmt: RdfFormat | str | None = None,
                  ) -> Iterator[pyoxigraph.Triple | pyoxigraph.Quad]:
    """Parse RDF from a file path or text with ``pyoxigraph``; yield its triples (or quads).

    Same arguments and errors as :func:`parse`; nothing is kept in memory.

    Examples
    --------
    >>> [t.object.value for t in parse_triples('<urn:a> <urn:p> "x" .', "nt")]
    ['x']
    """
    import pyoxigraph

    given, fmt, is_file = _source(source, fmt)
    try:
        if is_file:
            yield from pyoxigraph.parse(path=str(given), format=_ox_format(fmt))
        else:
            yield from pyoxigraph.parse(str(given).encode("utf-8"), format=_ox_format(fmt))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse RDF ({fmt}): {exc}") from exc


def _converter() -> Any:
    """Return a function turning a pyoxigraph term into the rdflib term (cached per term)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    cache: dict[Any, Any] = {}
    named, blank = pyoxigraph.NamedNode, pyoxigraph.BlankNode

    def convert(term: Any) -> Any:
        found = cache.get(term)
        if found is not None:
            return found
        if type(term) is named:
            found = URIRef(term.value)
        elif type(term) is blank:
            found = BNode(term.value)
        elif term.language:
            found = Literal(term.value, lang=term.language)
        else:
            datatype = term.datatype.value
            found = Literal(term.value,
                            datatype=None if datatype == _XSD_STRING else URIRef(datatype))
        if len(cache) < 1_000_000:
            cache[term] = found
        return found

    return convert


def _to_graph(triples: Iterable[Any], graph: Graph) -> Graph:
    convert = _converter()
    graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph)
               for t in triples)
    return graph


def ntriples_to_graph(text: bytes, graph: Graph | None = None) -> Graph:
    """Add the N-Triples ``text`` to an rdflib graph (a new one by default) and return it.

    Examples
    --------
    >>> len(ntriples_to_graph(b'<urn:a> <urn:p> "x"@zh .\\n'))
    1
    """
    import pyoxigraph
    from rdflib import Graph

    return _to_graph(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES),
                     graph if graph is not None else Graph())


def parse(source: str | Path, fmt: RdfFormat | str | None = None) -> Graph:
    """Parse RDF from a file path or from text into an rdflib graph.

    A :class:`~pathlib.Path` (or a string naming an existing file) is read as a
    file, its format guessed from the suffix unless ``fmt`` is given; any other
    string is parsed as text in ``fmt`` (default Turtle). N-Quads are merged
    into one graph. The parsing is ``pyoxigraph``'s; the graph has the
    ecograph prefixes bound (not the file's own).

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
    from rdflib import Graph

    from ecograph.mapping.to_rdf import bind_prefixes

    # The ecograph prefixes are bound: SPARQL-based shapes resolve ``eco:`` through them.
    return _to_graph(parse_triples(source, fmt), bind_prefixes(Graph()))
