"""igraph kernels against their NetworkX references on small graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from ecograph.analysis.kernels import (
    average_clustering,
    average_clustering_reference,
    betweenness,
    betweenness_reference,
    communities,
    communities_reference,
    to_igraph,
)
from ecograph.errors import ParameterError


def _relabel(g: nx.Graph) -> nx.Graph:
    return nx.relabel_nodes(g, {n: f"n{n}" for n in g})


GRAPHS = {
    "path": _relabel(nx.path_graph(6)),
    "star": _relabel(nx.star_graph(5)),
    "karate": _relabel(nx.karate_club_graph()),
    "two_components": _relabel(nx.disjoint_union(nx.cycle_graph(5), nx.complete_graph(4))),
    "random": _relabel(nx.gnm_random_graph(40, 90, seed=11)),
    "with_isolates": _relabel(nx.gnm_random_graph(30, 25, seed=5)),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_exact_betweenness_equals_networkx(name: str) -> None:
    g = GRAPHS[name]
    ours, ref = betweenness(g), betweenness_reference(g)
    assert ours.keys() == ref.keys()
    for node in g:
        assert ours[node] == pytest.approx(ref[node], abs=1e-12)


@pytest.mark.parametrize(("name", "k", "seed"), [
    ("karate", 5, 1), ("karate", 10, 42), ("random", 7, 3), ("with_isolates", 4, 9),
])
def test_sampled_betweenness_equals_networkx(name: str, k: int, seed: int) -> None:
    g = GRAPHS[name]
    ours = betweenness(g, k=k, seed=seed)
    ref = nx.betweenness_centrality(g, k=k, seed=seed)
    for node in g:
        assert ours[node] == pytest.approx(ref[node], abs=1e-12)


def test_betweenness_by_hand() -> None:
    # star with centre c and 3 leaves: c is on all 3 leaf pairs, normalised by 3·2/2
    g = nx.star_graph(["c", "a", "b", "d"])
    assert betweenness(g) == {"c": 1.0, "a": 0.0, "b": 0.0, "d": 0.0}


def test_betweenness_small_and_bad_sample() -> None:
    assert betweenness(nx.Graph()) == {}
    assert betweenness(nx.path_graph(["a", "b"])) == {"a": 0.0, "b": 0.0}
    assert betweenness(GRAPHS["path"], k=100) == betweenness(GRAPHS["path"])
    with pytest.raises(ParameterError):
        betweenness(GRAPHS["karate"], k=1)


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_average_clustering_equals_networkx(name: str) -> None:
    g = GRAPHS[name]
    assert average_clustering(g) == pytest.approx(average_clustering_reference(g), abs=1e-12)


def test_average_clustering_by_hand_and_empty() -> None:
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    g.add_node("e")
    assert average_clustering(g) == pytest.approx((1 + 1 + 1 / 3 + 0 + 0) / 5, abs=1e-12)
    assert average_clustering(nx.Graph()) is None


def _cliques() -> nx.Graph:
    # two 4-cliques joined by one edge, plus an isolate
    g = nx.Graph()
    for group in ("abcd", "wxyz"):
        g.add_edges_from((u, v) for i, u in enumerate(group) for v in group[i + 1:])
    g.add_edge("d", "w")
    g.add_node("q")
    return g


def test_communities_match_networkx_on_clear_structure() -> None:
    g = _cliques()
    ours, ref = communities(g, seed=1), communities_reference(g, seed=1)
    assert ours.communities == ref.communities
    assert [sorted(str(x) for x in c) for c in ours.communities] == [
        ["a", "b", "c", "d"], ["w", "x", "y", "z"], ["q"]]
    # m = 13: each clique 6 edges, degree sum 13 → Q = 2 (6/13 − (13/26)²)
    assert ours.modularity == pytest.approx(2 * (6 / 13 - 0.25), abs=1e-9)
    assert ref.modularity == pytest.approx(ours.modularity, abs=1e-9)


@pytest.mark.parametrize("name", ["karate", "random", "with_isolates"])
def test_modularity_is_networkx_recomputed_and_as_good(name: str) -> None:
    g = GRAPHS[name]
    ours = communities(g, seed=42)
    assert ours.modularity == pytest.approx(
        nx.community.modularity(g, ours.communities, weight="weight"), abs=1e-9)
    assert set().union(*ours.communities) == set(g)
    reference = communities_reference(g, seed=42).modularity
    assert ours.modularity is not None and reference is not None
    assert ours.modularity >= reference - 0.02


def test_weights_are_used() -> None:
    # a path a-b-c-d with a heavy middle edge: b and c belong together
    g = nx.Graph()
    g.add_edge("a", "b", weight=1.0)
    g.add_edge("b", "c", weight=10.0)
    g.add_edge("c", "d", weight=1.0)
    h, nodes = to_igraph(g)
    assert h.es["weight"] == [1.0, 10.0, 1.0] and nodes == ["a", "b", "c", "d"]
    found = communities(g)
    assert found.modularity == pytest.approx(
        nx.community.modularity(g, found.communities, weight="weight"), abs=1e-9)
    assert any({"b", "c"} <= c for c in found.communities)


def test_communities_are_reproducible() -> None:
    g = _relabel(nx.gnm_random_graph(300, 900, seed=2))
    first, second = communities(g, seed=42), communities(g, seed=42)
    assert first == second


def test_communities_without_edges() -> None:
    assert communities(nx.Graph()).communities == ()
    g = nx.Graph()
    g.add_nodes_from(["b", "a"])
    found = communities(g)
    assert found.communities == (frozenset({"a"}), frozenset({"b"}))
    assert found.modularity is None
