"""The shipped chain maps load as chains, segments, SEGMENT_OF and FEEDS rows."""

from __future__ import annotations

from collections import Counter

import pytest

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
