"""``parks.csv`` ``leading_chains`` and ``tier_category`` (data-model.md, parks.csv)."""

from __future__ import annotations

from pathlib import Path

from ecograph.loaders import read_sources
from ecograph.mapping import rdf_to_rows, rows_to_rdf
from ecograph.rdfio import parse, serialize

CHAINS = (
    "chain,chain_name,segment,segment_name,stage,feeds\n"
    "c1,链一,c1.a,环节甲,upstream,\n"
    "c2,链二,c2.a,环节乙,upstream,\n"
    "c3,链三,c3.a,环节丙,upstream,\n"
    "c4,链四,c4.a,环节丁,upstream,\n"
)


def _package(tmp_path: Path, parks: str) -> Path:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "chains.csv").write_text(CHAINS, encoding="utf-8")
    (folder / "parks.csv").write_text(parks, encoding="utf-8")
    (folder / "organizations.csv").write_text("id,name,type,park\na,甲,Enterprise,P\n",
                                              encoding="utf-8")
    return folder


def test_leading_chains_become_ranked_edges(tmp_path: Path) -> None:
    folder = _package(tmp_path, "id,name,name_en,leading_chains,tier_category\n"
                                "P,园区,Park P,c2;c1;c2,innovative\n")
    result = read_sources([folder], include_chain_maps=False)
    assert result.rejects == [] and result.warnings == []
    ranks = sorted((e["target"], e["props"]["rank"]) for e in result.edges
                   if e["type"] == "HAS_LEADING_CHAIN")
    assert ranks == [("c1", 2), ("c2", 1)]  # repeated id keeps its first rank
    park = next(n for n in result.nodes if n["id"] == "P")
    assert park["props"]["tier_category"] == "innovative"
    assert park["props"]["name_en"] == "Park P"
    nodes, edges = rdf_to_rows(parse(serialize(rows_to_rdf(result.nodes, result.edges),
                                               "turtle"), "turtle"))
    assert {e["key"]: e for e in edges} == {e["key"]: e for e in result.edges}
    assert {n["id"]: n for n in nodes} == {n["id"]: n for n in result.nodes}


def test_unknown_chain_is_a_located_reject_of_the_cell(tmp_path: Path) -> None:
    folder = _package(tmp_path, "id,name,leading_chains\nP,园区,c1;nope;c1.a\n")
    result = read_sources([folder], include_chain_maps=False)
    found = sorted((r.line, r.column, r.value) for r in result.rejects)
    assert found == [(2, "leading_chains", "c1.a"), (2, "leading_chains", "nope")]
    assert any(n["id"] == "P" for n in result.nodes)  # the park itself loads
    assert [e["target"] for e in result.edges if e["type"] == "HAS_LEADING_CHAIN"] == ["c1"]


def test_more_than_three_leading_chains_warns(tmp_path: Path) -> None:
    folder = _package(tmp_path, "id,name,leading_chains\nP,园区,c1;c2;c3;c4\n")
    result = read_sources([folder], include_chain_maps=False)
    assert result.rejects == []
    (warning,) = result.warnings
    assert (warning.line, warning.column) == (2, "leading_chains")
    assert "MIIT" in warning.reason and "3" in warning.reason
    assert sum(e["type"] == "HAS_LEADING_CHAIN" for e in result.edges) == 4


def test_bad_tier_category_is_rejected(tmp_path: Path) -> None:
    folder = _package(tmp_path, "id,name,tier_category\nP,园区,galactic\n")
    result = read_sources([folder], include_chain_maps=False)
    assert ("tier_category", "galactic") in [(r.column, r.value) for r in result.rejects]


def test_rdf_leading_chain_to_a_segment_is_a_shacl_reject(tmp_path: Path) -> None:
    path = tmp_path / "park.ttl"
    path.write_text("""@prefix eco: <https://w3id.org/ecograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ecograph/id/park/P> a eco:Park ; rdfs:label "园区"@zh ;
    eco:tierCategory "innovative" ;
    eco:hasLeadingChain <https://w3id.org/ecograph/id/segment/s> .
<https://w3id.org/ecograph/id/segment/s> a eco:ChainSegment ; rdfs:label "环节"@zh ;
    eco:stage "upstream" ;
    eco:segmentOf <https://w3id.org/ecograph/id/chain/c> .
<https://w3id.org/ecograph/id/chain/c> a eco:IndustryChain ; rdfs:label "链"@zh .
""", encoding="utf-8")
    result = read_sources([path], include_chain_maps=False)
    focus = "https://w3id.org/ecograph/id/park/P"
    assert any(r.line == focus and "hasLeadingChain" in r.column for r in result.rejects)
