"""The shipped chain maps load as chains, segments, SEGMENT_OF and FEEDS rows."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ecograph.loaders import read_sources
from ecograph.loaders.chain_maps import chain_map_paths, read_chain_maps
from ecograph.loaders.rdf_files import RdfRows

STAMP = "2024-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def maps() -> dict[str, RdfRows]:
    return {rows.file.rsplit("/", 1)[-1]: rows for rows in read_chain_maps(STAMP)}


def test_three_chain_maps_are_shipped() -> None:
    assert {p.stem for p in chain_map_paths()} >= {"nev", "ic", "biomed"}


@pytest.mark.parametrize("name", ["nev.ttl", "ic.ttl", "biomed.ttl"])
def test_chain_map_rows(maps: dict[str, RdfRows], name: str) -> None:
    rows = maps[name]
    assert rows.rejects == []
    nodes = rows.nodes
    edges = rows.edges
    labels = Counter(n["label"] for n in nodes)
    assert labels["IndustryChain"] == 1 and labels["ChainSegment"] >= 10
    segments = [n for n in nodes if n["label"] == "ChainSegment"]
    assert {s["props"]["stage"] for s in segments} == {"upstream", "midstream", "downstream"}
    assert all("name" in s["props"] and "name_en" in s["props"] for s in segments)
    types = Counter(e["type"] for e in edges)
    assert types["SEGMENT_OF"] == labels["ChainSegment"] and types["FEEDS"] > 0
    assert all(e["props"]["source"] == f"chains/{name}" and e["props"]["loaded_at"] == STAMP
               for e in edges)


def test_nev_cells_feed_packs(maps: dict[str, RdfRows]) -> None:
    edges = maps["nev.ttl"].edges
    feeds = {(e["source"], e["target"]) for e in edges if e["type"] == "FEEDS"}
    assert ("nev.cell", "nev.pack") in feeds
    assert ("nev.cathode", "nev.cell") in feeds


def test_same_activity_in_two_chains_is_an_exact_match(maps: dict[str, RdfRows]) -> None:
    # 汽车电子 is one activity in ic and nev (same name, same GB/T class C3670);
    # power semiconductors (nev) and power/discrete devices (ic) only overlap:
    # they stay skos:related and load no exact_match.
    matches = {n["id"]: n["props"].get("exact_match") for rows in maps.values()
               for n in rows.nodes if n["label"] == "ChainSegment"}
    assert {k: v for k, v in matches.items() if v} == {
        "ic.automotive": "nev.auto_electronics", "nev.auto_electronics": "ic.automotive"}


def test_exact_match_classes_are_closed_and_checked(tmp_path: Path) -> None:
    head = ("@prefix eco: <https://w3id.org/ecograph/ontology#> .\n"
            "@prefix seg: <https://w3id.org/ecograph/id/segment/> .\n"
            "@prefix chain: <https://w3id.org/ecograph/id/chain/> .\n"
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")

    def chain(cid: str, segs: dict[str, str]) -> str:
        text = f'chain:{cid} a eco:IndustryChain ; rdfs:label "{cid}"@zh .\n'
        for seg, extra in segs.items():
            text += (f'seg:{seg} a eco:ChainSegment ; eco:segmentOf chain:{cid} ; '
                     f'eco:stage "upstream" ; rdfs:label "{seg}"@zh {extra}.\n')
        return head + text

    (tmp_path / "a.ttl").write_text(chain("a", {
        "a.x": "; skos:exactMatch seg:b.x ", "a.y": "; skos:exactMatch seg:a.x ",
        "a.z": "; skos:exactMatch seg:nowhere "}), encoding="utf-8")
    (tmp_path / "b.ttl").write_text(chain("b", {"b.x": ""}), encoding="utf-8")
    (tmp_path / "c.ttl").write_text(chain("c", {"c.x": "; skos:exactMatch seg:b.x "}),
                                    encoding="utf-8")
    rows = read_chain_maps(STAMP, tmp_path)
    got = {n["id"]: n["props"].get("exact_match") for m in rows for n in m.nodes
           if n["label"] == "ChainSegment"}
    # a.x ≡ b.x ≡ c.x (transitive, symmetric); a.y → a.x is inside chain a and
    # a.z → an undeclared segment: both dropped
    assert got == {"a.x": "b.x;c.x", "b.x": "a.x;c.x", "c.x": "a.x;b.x",
                   "a.y": None, "a.z": None}


def test_chains_csv_exact_match_column_reaches_the_segment(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "chains.csv").write_text(
        "chain,chain_name,segment,segment_name,stage,feeds,exact_match\n"
        "c1,链一,c1.a,环节甲,upstream,,c2.a\n"
        "c2,链二,c2.a,环节甲,upstream,,\n", encoding="utf-8")
    (folder / "organizations.csv").write_text("id,name,type\na,甲,Enterprise\n",
                                              encoding="utf-8")
    result = read_sources([folder], include_chain_maps=False)
    seg = next(n for n in result.nodes if n["id"] == "c1.a")
    assert seg["props"]["exact_match"] == "c2.a"
