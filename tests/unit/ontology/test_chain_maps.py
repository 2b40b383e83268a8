"""The SKOS chain maps in ``ontology/chains/``: shape, stages, feeds and domain facts."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from ecograph.resources import ONTOLOGY_DIR
from ecograph.vocab import ECO, ID_BASE, Stage

EC = Namespace(ECO)
SEG = Namespace(ID_BASE + "segment/")
CHAIN = Namespace(ID_BASE + "chain/")
CHAINS = ("nev", "ic", "biomed")
STAGE_RANK = {str(stage): rank for rank, stage in enumerate(Stage)}
# GB/T 4754-2017 sections and the two-digit divisions they hold.
SECTIONS = {
    "A": range(1, 6), "B": range(6, 13), "C": range(13, 44), "D": range(44, 47),
    "E": range(47, 51), "F": range(51, 53), "G": range(53, 61), "I": range(63, 66),
    "L": range(71, 73), "M": range(73, 76), "Q": range(83, 85),
}  # fmt: skip


@pytest.fixture(scope="module")
def maps() -> dict[str, Graph]:
    return {c: Graph().parse(ONTOLOGY_DIR / "chains" / f"{c}.ttl") for c in CHAINS}


def segments(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, EC.ChainSegment) if isinstance(s, URIRef)}


def feeds_graph(graph: Graph) -> nx.DiGraph:
    return nx.DiGraph(list(graph.subject_objects(EC.feeds)))


def languages(graph: Graph, node: URIRef, prop: URIRef) -> list[str | None]:
    return sorted(
        (o.language for o in graph.objects(node, prop) if isinstance(o, Literal)), key=str
    )


@pytest.mark.parametrize("chain", CHAINS)
def test_chain_is_a_concept_scheme_with_both_labels(maps: dict[str, Graph], chain: str) -> None:
    graph = maps[chain]
    node = CHAIN[chain]
    assert (node, RDF.type, EC.IndustryChain) in graph
    assert (node, RDF.type, SKOS.ConceptScheme) in graph
    assert languages(graph, node, RDFS.label) == ["en", "zh"]
    assert languages(graph, node, SKOS.prefLabel) == ["en", "zh"]


@pytest.mark.parametrize("chain", CHAINS)
def test_at_least_ten_segments_over_all_three_stages(maps: dict[str, Graph], chain: str) -> None:
    graph = maps[chain]
    segs = segments(graph)
    assert len(segs) >= 10
    stages = {str(graph.value(s, EC.stage)) for s in segs}
    assert stages == set(STAGE_RANK)


@pytest.mark.parametrize("chain", CHAINS)
def test_every_segment_is_complete(maps: dict[str, Graph], chain: str) -> None:
    graph = maps[chain]
    for seg in segments(graph):
        seg_id = str(seg).removeprefix(str(SEG))
        assert re.fullmatch(rf"{chain}\.[a-z0-9_.]*[a-z0-9]", seg_id), seg
        assert (seg, RDF.type, SKOS.Concept) in graph
        assert (seg, SKOS.inScheme, CHAIN[chain]) in graph
        assert (seg, EC.segmentOf, CHAIN[chain]) in graph
        assert languages(graph, seg, RDFS.label) == ["en", "zh"], seg
        assert languages(graph, seg, SKOS.prefLabel) == ["en", "zh"], seg
        assert [str(s) for s in graph.objects(seg, EC.stage)] in [[s] for s in STAGE_RANK]


@pytest.mark.parametrize("chain", CHAINS)
def test_feeds_stay_in_the_chain_and_never_flow_back(maps: dict[str, Graph], chain: str) -> None:
    graph = maps[chain]
    segs = segments(graph)
    feeds = feeds_graph(graph)
    assert nx.is_directed_acyclic_graph(feeds)
    assert set(feeds.nodes) <= segs
    for source, target in feeds.edges:
        rank = STAGE_RANK[str(graph.value(source, EC.stage))]
        assert rank <= STAGE_RANK[str(graph.value(target, EC.stage))], (source, target)
    # every segment takes part in the chain
    assert segs <= set(feeds.nodes)


@pytest.mark.parametrize("chain", CHAINS)
def test_top_concepts_are_the_upstream_roots(maps: dict[str, Graph], chain: str) -> None:
    graph = maps[chain]
    feeds = feeds_graph(graph)
    tops = set(graph.objects(CHAIN[chain], SKOS.hasTopConcept))
    roots = {s for s in segments(graph) if graph.value(s, EC.stage) == Literal("upstream")}
    assert tops == {s for s in roots if feeds.in_degree(s) == 0}
    assert tops == set(graph.subjects(SKOS.topConceptOf, CHAIN[chain]))


@pytest.mark.parametrize("chain", CHAINS)
def test_industry_codes_are_gbt_4754_classes(maps: dict[str, Graph], chain: str) -> None:
    graph = maps[chain]
    codes = [str(c) for c in graph.objects(None, EC.industryCode)]
    assert len(codes) >= 10
    for code in codes:
        assert re.fullmatch(r"[A-T]\d{4}", code), code
        assert int(code[1:3]) in SECTIONS[code[0]], code


def test_segment_ids_are_unique_across_chains(maps: dict[str, Graph]) -> None:
    all_segments = [s for g in maps.values() for s in segments(g)]
    assert len(all_segments) == len(set(all_segments))


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("nev.minerals", "nev.cathode"),
        ("nev.cathode", "nev.cell"),
        ("nev.anode", "nev.cell"),
        ("nev.electrolyte", "nev.cell"),
        ("nev.separator", "nev.cell"),
        ("nev.cell", "nev.pack"),
        ("nev.pack", "nev.vehicle"),
        ("nev.edrive", "nev.vehicle"),
        ("ic.eda_ip", "ic.design"),
        ("ic.design", "ic.foundry"),
        ("ic.equipment", "ic.foundry"),
        ("ic.foundry", "ic.packaging"),
        ("ic.packaging", "ic.testing"),
        ("biomed.api", "biomed.chemical_drugs"),
        ("biomed.cro", "biomed.biologics"),
        ("biomed.distribution", "biomed.retail"),
    ],
)
def test_domain_feeds(maps: dict[str, Graph], source: str, target: str) -> None:
    graph = maps[source.split(".")[0]]
    assert (SEG[source], EC.feeds, SEG[target]) in graph


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("nev.minerals", "nev.vehicle"),
        ("ic.wafer", "ic.computing"),
        ("biomed.api", "biomed.healthcare"),
    ],
)
def test_raw_materials_reach_end_products(maps: dict[str, Graph], source: str, target: str) -> None:
    feeds = feeds_graph(maps[source.split(".")[0]])
    assert nx.has_path(feeds, SEG[source], SEG[target])


@pytest.mark.parametrize(
    ("segment", "code"),
    [
        ("nev.cell", "C3841"),
        ("nev.vehicle", "C3612"),
        ("nev.edrive", "C3812"),
        ("ic.design", "I6520"),
        ("ic.foundry", "C3973"),
        ("ic.equipment", "C3562"),
        ("biomed.api", "C2710"),
        ("biomed.vaccines", "C2762"),
    ],
)
def test_domain_codes(maps: dict[str, Graph], segment: str, code: str) -> None:
    graph = maps[segment.split(".")[0]]
    assert [str(c) for c in graph.objects(SEG[segment], EC.industryCode)] == [code]


@pytest.mark.parametrize(
    ("segment", "stage"),
    [("nev.minerals", "upstream"), ("nev.cell", "midstream"), ("nev.vehicle", "downstream"),
     ("ic.wafer", "upstream"), ("ic.foundry", "midstream"), ("ic.consumer", "downstream"),
     ("biomed.cro", "upstream"), ("biomed.biologics", "midstream"),
     ("biomed.distribution", "downstream")],
)  # fmt: skip
def test_domain_stages(maps: dict[str, Graph], segment: str, stage: str) -> None:
    graph = maps[segment.split(".")[0]]
    assert str(graph.value(SEG[segment], EC.stage)) == stage
