"""The per-row triple generator and the streamed serialisation: escaping, IRIs, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ecograph.mapping.rows import make_edge, make_node
from ecograph.mapping.to_rdf import node_triples, rows_to_rdf
from ecograph.rdfio import parse, parse_triples, serialize_rows
from ecograph.vocab import Label, RelType

ORG = "https://w3id.org/ecograph/id/org/"
ECO = "https://w3id.org/ecograph/ontology#"
NAME = '他说"好"\\n第二行\n\r\t末'  # quote, backslash, newline, CR, tab


def _rows() -> tuple[list, list]:
    a = make_node("甲 1/2", Label.Enterprise, {"name": NAME, "employees": 12, "revenue": 1e20,
                                               "listed": True, "founded": "2001-02-03"})
    b = make_node("b", Label.University, {"name": "乙", "name_en": "B Univ"})
    e = make_edge(RelType.COLLABORATES_WITH, "甲 1/2", Label.Enterprise, "b", Label.University,
                  {"since": "2020-01-01", "weight": 0.5})
    return [a, b], [e]


def test_special_characters_and_ids_survive_every_format() -> None:
    nodes, edges = _rows()
    subject = URIRef(ORG + "%E7%94%B2%201%2F2")  # quote(id, safe="")
    for fmt, plugin in (("nt", "nt"), ("turtle", "turtle"), ("jsonld", "json-ld")):
        data = b"".join(serialize_rows([(nodes[:1], []), (nodes[1:], edges)], fmt))
        graph = Graph().parse(data=data.decode("utf-8"), format=plugin)
        assert graph.value(subject, RDFS.label) == Literal(NAME, lang="zh"), fmt
        assert (subject, RDF.type, URIRef(ECO + "Enterprise")) in graph
        assert graph.value(subject, URIRef(ECO + "employees")) == Literal(12)
        assert graph.value(subject, URIRef(ECO + "revenue")) == Literal(
            "100000000000000000000.0", datatype=XSD.decimal)
        assert graph.value(subject, URIRef(ECO + "founded")) == Literal(
            "2001-02-03", datatype=XSD.date)
        assert isomorphic(graph, rows_to_rdf(nodes, edges))


def test_a_node_row_gives_type_label_and_properties() -> None:
    (a, _), _ = _rows()
    triples = list(node_triples(a))
    assert len(triples) == 6  # type, label, employees, revenue, listed, founded
    assert (f"<{ORG}%E7%94%B2%201%2F2>", f"<{ECO}employees>",
            '"12"^^<http://www.w3.org/2001/XMLSchema#integer>') in triples


def test_jsonld_pages_form_one_array() -> None:
    nodes, edges = _rows()
    data = b"".join(serialize_rows([(nodes[:1], []), ([], []), (nodes[1:], edges)], "jsonld"))
    objects = json.loads(data)
    # page 1: a; page 3: b, a again (the subject of the direct triple), the qualified node
    assert isinstance(objects, list) and len(objects) == 4
    assert sum(o["@id"] == ORG + "%E7%94%B2%201%2F2" for o in objects) == 2


def test_parse_reads_files_and_text_with_oxigraph(tmp_path: Path) -> None:
    nodes, edges = _rows()
    path = tmp_path / "g.ttl"
    path.write_bytes(b"".join(serialize_rows([(nodes, edges)], "turtle")))
    assert isomorphic(parse(path), rows_to_rdf(nodes, edges))
    assert sum(1 for _ in parse_triples(path)) == len(rows_to_rdf(nodes, edges))


@pytest.mark.parametrize("fmt", ["xml", "nq"])
def test_unknown_export_formats_raise(fmt: str) -> None:
    from ecograph.errors import InputError

    with pytest.raises(InputError):
        list(serialize_rows([], fmt))
