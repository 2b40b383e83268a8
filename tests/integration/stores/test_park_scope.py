"""The park-scoped projection gives the park analyses' whole-graph results (issue 15).

On both stores: the hand-made graph, where a candidate two hops away through a
non-member and a region firm outside the park are facts only the whole graph
holds unless the scope carries them; and the 10k synthetic package (2k on Neo4j), where the
JSON of chain linkage (gaps, candidates, 招商清单), incubation and collaboration
(and, on the scope without candidates, incubation, collaboration and gradient)
of the largest park, the smallest park, a park with sub-parks and a middle-sized one must equal the
whole projection's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from ecograph.analysis.chain.linkage import chain_linkage
from ecograph.analysis.collaboration.density import collaboration_density
from ecograph.analysis.common import leading_chains, park_members, to_plain
from ecograph.analysis.gradient import gradient
from ecograph.analysis.incubation.handoffs import incubation_handoffs
from ecograph.errors import NotFoundError, ParameterError
from ecograph.mapping.rows import EdgeRow, NodeRow
from ecograph.stores.base import GraphStore
from ecograph.stores.falkordb import FalkorDBStore

pytestmark = pytest.mark.integration

DAY = date(2025, 1, 1)
Rows = tuple[list[NodeRow], list[EdgeRow]]


def _results(graph: nx.MultiDiGraph, park: str, chain: str, day: date = DAY) -> str:
    return json.dumps({
        "chain": to_plain(chain_linkage(graph, park, chain, as_of=day)),
        "incubation": to_plain(incubation_handoffs(graph, park, today=day)),
        "collaboration": to_plain(collaboration_density(graph, park)),
    }, sort_keys=True, ensure_ascii=False, default=str)


def _park_results(graph: nx.MultiDiGraph, park: str) -> str:
    return json.dumps({
        "incubation": to_plain(incubation_handoffs(graph, park, today=DAY)),
        "collaboration": to_plain(collaboration_density(graph, park, as_of=DAY)),
        "gradient": gradient(graph, park, as_of=DAY).to_dict(),
    }, sort_keys=True, ensure_ascii=False, default=str)


def test_hand_made_scope_carries_whole_graph_facts(store: GraphStore, sample_rows: Rows) -> None:
    store.load(*sample_rows, source="sample")
    scoped = store.park_graph("P1", chain="C", as_of=DAY)
    # the region firm a (in P, not P1) and the supplier x behind it are in the scope
    assert {"P1", "P", "b", "i", "a", "x"} <= set(scoped)
    assert scoped.graph["region_firms"] == {"C": {"segments": {"S1": 1, "S2": 2}, "total": 3}}
    result = chain_linkage(scoped, "P1", "C", as_of=DAY)
    rows = {r.segment: (r.firms, r.region_firms, r.status) for r in result.segments}
    assert rows == {"S1": (0, 1, "missing"), "S2": (1, 2, "weak")}
    gaps = {g.segment: g for g in result.gaps}
    candidate = gaps["S2"].candidates[0]
    assert (candidate.org, candidate.distance, candidate.path) == ("x", 2, ("x", "a", "b"))
    assert (gaps["S1"].candidates[0].org, gaps["S1"].candidates[0].distance) == ("a", 1)
    assert _results(scoped, "P1", "C") == _results(store.to_networkx(), "P1", "C")
    assert scoped.graph["scope"]["park"] == "P1"


def test_unknown_park(store: GraphStore, sample_rows: Rows) -> None:
    store.load(*sample_rows, source="sample")
    with pytest.raises(NotFoundError):
        store.park_graph("nope")


@pytest.fixture(scope="session")
def synth_rows(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Rows]:
    """Rows of ``ecograph synth --orgs N --seed 7``, generated once per size."""
    from ecograph.loaders import read_sources
    from ecograph.synth import generate

    made: dict[int, Rows] = {}

    def rows(orgs: int) -> Rows:
        if orgs not in made:
            folder: Path = tmp_path_factory.mktemp("synth") / f"synth-{orgs}-s7"
            generate(folder, orgs=orgs, seed=7)
            result = read_sources([folder], source_name=folder.name)
            made[orgs] = (result.nodes, result.edges)
        return made[orgs]

    return rows


def _parks(graph: nx.MultiDiGraph) -> list[str]:
    parks = sorted(n for n, a in graph.nodes(data=True) if "Park" in a.get("labels", ()))
    size = {p: len(park_members(graph, p)) for p in parks}
    with_subs = [p for p in parks if any(a.get("type") == "SUB_PARK_OF"
                                         for _, _, a in graph.in_edges(p, data=True))]
    picks = [max(parks, key=lambda p: (size[p], p)), min(parks, key=lambda p: (size[p], p)),
             min(with_subs, key=lambda p: (size[p], p))]
    by_size = sorted(parks, key=lambda p: (size[p], p))
    picks.append(next(p for p in by_size[len(by_size) // 2:] if p not in picks))  # a middle one
    return list(dict.fromkeys(picks))


@pytest.mark.timeout(600)
def test_synth_scoped_equals_whole(store: GraphStore,
                                   synth_rows: Callable[[int], Rows]) -> None:
    # the 10k package on FalkorDB; 2k on Neo4j, whose 10k load alone takes minutes
    orgs = 10_000 if isinstance(store, FalkorDBStore) else 2_000
    store.load(*synth_rows(orgs), source=f"synth-{orgs}-s7")
    whole = store.to_networkx()
    parks = _parks(whole)
    assert len(parks) >= 3
    for park in parks:
        chain = (leading_chains(whole, park) or ["ic"])[0]
        scoped = store.park_graph(park, chain=chain, as_of=DAY)
        assert scoped.number_of_nodes() < whole.number_of_nodes()
        assert _results(scoped, park, chain) == _results(whole, park, chain), park
        # without the chain's candidates: incubation, collaboration and gradient only
        lean = store.park_graph(park, as_of=DAY, candidates=False)
        assert lean.number_of_nodes() <= scoped.number_of_nodes()
        assert _park_results(lean, park) == _park_results(whole, park), park


def test_region_counts_follow_dated_segment_edges(store: GraphStore, sample_rows: Rows) -> None:
    nodes, edges = sample_rows
    for edge in edges:  # x left segment S2 at the end of 2020
        if edge["type"] == "IN_SEGMENT" and edge["source"] == "x":
            edge["props"]["until"] = "2020-12-31"
    store.load(nodes, edges, source="sample")
    for day, s2_firms in ((DAY, 1), (date(2020, 6, 1), 2)):
        scoped = store.park_graph("P1", chain="C", as_of=day)
        assert scoped.graph["region_firms"]["C"] == {
            "segments": {"S1": 1, "S2": s2_firms}, "total": 1 + s2_firms}
        rows = {r.segment: r.region_firms for r in
                chain_linkage(scoped, "P1", "C", as_of=day).segments}
        assert rows == {"S1": 1, "S2": s2_firms}
        assert _results(scoped, "P1", "C", day) == _results(store.to_networkx(), "P1", "C", day)


def test_scoped_graph_refuses_other_uses(store: GraphStore, sample_rows: Rows) -> None:
    store.load(*sample_rows, source="sample")
    scoped = store.park_graph("P1", chain="C", as_of=DAY)
    with pytest.raises(ParameterError, match="as of 2025-01-01"):
        chain_linkage(scoped, "P1", "C", as_of=date(2024, 1, 1))
    with pytest.raises(ParameterError, match="top 5 candidates"):
        chain_linkage(scoped, "P1", "C", as_of=DAY, top_candidates=10)
    with pytest.raises(ParameterError, match="scoped for park 'P1'"):
        chain_linkage(scoped, "P", "C", as_of=DAY)
    lean = store.park_graph("P1", as_of=DAY, candidates=False)
    with pytest.raises(ParameterError, match="not scoped for chain 'C'"):
        chain_linkage(lean, "P1", "C", as_of=DAY)
