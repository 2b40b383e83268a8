"""rdfio: formats, files and errors."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from ecograph.errors import InputError
from ecograph.rdfio import format_of, parse, serialize


def _graph() -> Graph:
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("甲", lang="zh")))
    return g


@pytest.mark.parametrize(("suffix", "fmt"), [(".ttl", "turtle"), (".jsonld", "jsonld"),
                                              (".nt", "nt")])
def test_file_round_trip_by_suffix(tmp_path: Path, suffix: str, fmt: str) -> None:
    path = tmp_path / f"g{suffix}"
    path.write_text(serialize(_graph(), fmt), encoding="utf-8")
    assert format_of(path) == fmt
    assert set(parse(path)) == set(_graph())


def test_nquads_are_merged_into_one_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"
    path.write_text('<urn:a> <urn:p> "x" <urn:g1> .\n<urn:b> <urn:p> "y" <urn:g2> .\n',
                    encoding="utf-8")
    assert len(parse(path)) == 2


def test_jsonld_uses_the_eco_context() -> None:
    text = serialize(_graph(), "jsonld")
    assert '"eco": "https://w3id.org/ecograph/ontology#"' in text


@pytest.mark.parametrize("bad", ["<urn:a> <urn:p> .", "@prefix x: ."])
def test_bad_text_raises_input_error(bad: str) -> None:
    with pytest.raises(InputError):
        parse(bad, "turtle")


def test_unknown_formats_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        serialize(_graph(), "rdfxml")
    with pytest.raises(InputError):
        format_of(tmp_path / "g.owl")


def test_nquads_parse_without_the_deprecated_conjunctive_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"
    path.write_text('<urn:a> <urn:p> "x" <urn:g1> .\n<urn:b> <urn:p> "y" <urn:g2> .\n',
                    encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = parse(path)
    assert len(graph) == 2
    assert not [w for w in caught if "ConjunctiveGraph" in str(w.message)]


def test_export_uses_eco_and_the_data_model_prefixes() -> None:
    from ecograph.loaders import read_sources
    from ecograph.mapping import rows_to_rdf

    package = Path(__file__).resolve().parents[1] / "fixtures" / "full"
    result = read_sources([package], include_chain_maps=False)
    text = serialize(rows_to_rdf(result.nodes, result.edges), "turtle")
    assert "@prefix org: <https://w3id.org/ecograph/id/org/> ." in text
    assert "@prefix eco: <https://w3id.org/ecograph/ontology#> ." in text
    assert "org1:" not in text and " org:" in text
