"""Gap scores, candidate scores and the bounded park-distance search."""

from __future__ import annotations

import itertools
import math
import random
from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.chain.attraction import (
    CANDIDATE_FORMULA,
    GAP_FORMULA,
    QUALIFICATION_WEIGHTS,
    candidate_score,
    classify,
    find_gaps,
    gap_score,
    scale_of,
)
from ecograph.analysis.chain.index import build_chain_index, example_graph
from ecograph.analysis.chain.org_paths import park_paths
from ecograph.analysis.chain.shares import segment_leakage


@pytest.mark.parametrize(("action", "leak", "direct", "expected"), [
    ("补链", 0, 1, 1.0),
    ("补链", 3, 2, 1.0 * (2 + 2)),
    ("强链", 7, 0, 0.8 * 3),
    ("延链", 1, 1, 0.6 * (1 + 1)),
    ("远链", 2, 0, 0.2 * math.log2(3)),
])
def test_gap_score(action: str, leak: int, direct: int, expected: float) -> None:
    assert gap_score(action, leak, direct) == pytest.approx(expected, abs=1e-9)


def test_gap_score_rejects_unknown_action() -> None:
    with pytest.raises(KeyError):
        gap_score("present", 0, 0)


@pytest.mark.parametrize(("status", "dependent", "down", "up", "expected"), [
    ("missing", False, 1, 0, "补链"), ("missing", False, 2, 3, "补链"),
    ("missing", False, 0, 1, "延链"), ("missing", False, 0, 0, "远链"),
    ("weak", False, 0, 0, "强链"), ("weak", True, 1, 1, "强链"),
    ("present", True, 0, 0, "强链"), ("present", False, 1, 1, None),
])
def test_classify(status: str, dependent: bool, down: int, up: int,
                  expected: str | None) -> None:
    assert classify(status, dependent, down, up) == expected


@pytest.mark.parametrize(("revenue", "expected"), [
    (None, 0.0), (0.0, 0.0), (90_000.0, 1.0), (990_000.0, 2.0), (10_000.0, math.log10(2)),
])
def test_scale(revenue: float | None, expected: float) -> None:
    assert scale_of(revenue) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("ties", "distance", "quals", "expected"), [
    (0, None, [], 0.0),
    (0, 2, [], 0.5),
    (0, 3, ["TechSME"], 1 / 3 + 0.5),
    (1, 1, ["Listed", "Listed"], 2 + 1 + 2),       # a repeated qualification counts once
    (3, 1, ["LittleGiant", "HighTechEnterprise", "Unknown"], 4 + 1 + 4),
    (2, 1, [], 2 * math.log2(3) + 1),
])
def test_candidate_score(ties: int, distance: int | None, quals: list[str],
                         expected: float) -> None:
    assert candidate_score(ties, distance, quals) == pytest.approx(expected, abs=1e-9)


def test_formulas_echo_the_weights() -> None:
    assert "补链 1" in GAP_FORMULA and "远链 0.2" in GAP_FORMULA
    for name, weight in QUALIFICATION_WEIGHTS.items():
        assert f"{name} {weight:g}" in CANDIDATE_FORMULA


@pytest.fixture
def line() -> nx.MultiDiGraph:
    """p – 1 – 2 – 3 – t over organisation relations; q is tied only through a park."""
    g = nx.MultiDiGraph()
    g.add_node("P", labels=frozenset({"Park"}))
    for n in ("p", "1", "2", "3", "t", "q"):
        g.add_node(n, labels=frozenset({"Organization"}))
    g.add_edge("p", "1", type="SUPPLIES")
    g.add_edge("2", "1", type="INVESTS_IN")
    g.add_edge("2", "3", type="SPUN_OFF_FROM")
    g.add_edge("t", "3", type="COLLABORATES_WITH")
    g.add_edge("p", "P", type="OPERATES")
    g.add_edge("q", "P", type="OPERATES")
    g.add_edge("q", "p", type="IN_SEGMENT")  # not an organisation relation
    return g


@pytest.mark.parametrize(("max_distance", "expected"), [
    (4, {"t": ("t", "3", "2", "1", "p")}),
    (3, {}),
])
def test_park_paths_bounded(line: nx.MultiDiGraph, max_distance: int,
                            expected: dict[str, tuple[str, ...]]) -> None:
    assert park_paths(line, {"p"}, {"t", "q"}, max_distance=max_distance) == expected


def test_park_paths_without_sources(line: nx.MultiDiGraph) -> None:
    assert park_paths(line, set(), {"t"}) == {}


def test_find_gaps_on_example() -> None:
    g = example_graph()
    idx = build_chain_index(g, "P", "C")
    leak = segment_leakage(idx)
    gaps = find_gaps(g, idx, {"s1": "weak", "s2": "present", "s3": "missing"}, leak,
                     top_candidates=1)
    # s1 weak → 强链, feeds present s2: 0.8 × (log2 2 + 1); s3 missing fed by s2 → 延链
    assert [(x.segment, x.action) for x in gaps] == [("s1", "强链"), ("s3", "延链")]
    assert gaps[0].gap_score == pytest.approx(1.6, abs=1e-9)
    assert gaps[1].gap_score == pytest.approx(0.6, abs=1e-9)
    (x,) = gaps[0].candidates
    assert (x.org, x.ties, x.distance, x.path) == ("x", 1, 1, ("x", "a"))
    assert x.score == pytest.approx(3.0, abs=1e-9)
    assert "1 SUPPLIES" in x.explanation and x.customers_in_park == ("a",)
    (y,) = gaps[1].candidates
    assert (y.org, y.qualifications, y.score) == ("y", ("LittleGiant",), 6.0)


def test_find_gaps_zero_candidates_kept() -> None:
    g = example_graph()
    idx = build_chain_index(g, "P", "C")
    gaps = find_gaps(g, idx, {"s1": "weak", "s2": "weak", "s3": "missing"},
                     segment_leakage(idx), top_candidates=0)
    assert [x.candidates for x in gaps] == [(), (), ()]


def test_park_paths_skip_ended_ties(line: nx.MultiDiGraph) -> None:
    line.add_edge("t", "p", type="SUPPLIES", until="2019-12-31")
    line.add_edge("q", "p", type="COLLABORATES_WITH", since="2030-01-01")
    assert park_paths(line, {"p"}, {"t", "q"}, max_distance=4) == {
        "t": ("t", "p"), "q": ("q", "p")}  # without as_of every edge is walked
    found = park_paths(line, {"p"}, {"t", "q"}, max_distance=4, as_of=date(2024, 1, 1))
    assert found == {"t": ("t", "3", "2", "1", "p")}


def _random_org_graph(seed: int, n: int = 300, m: int = 450) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    g.add_node("P", labels=frozenset({"Park"}))
    for i in range(n):
        g.add_node(f"o{i}", labels=frozenset({"Organization"}))
    kinds = ["SUPPLIES", "COLLABORATES_WITH", "INVESTS_IN", "HOSTS", "IN_SEGMENT"]
    for _ in range(m):
        a, b = rng.sample(range(n), 2)
        g.add_edge(f"o{a}", f"o{b}", type=rng.choice(kinds))
    for i in rng.sample(range(n), 20):
        g.add_edge(f"o{i}", "P", type="OPERATES")  # not walked: P is a park
    return g


@pytest.mark.parametrize(("seed", "n_sources", "n_targets", "max_distance"), [
    (1, 5, 100, 3),    # park-side BFS all the way
    (2, 150, 3, 2),    # switches to target-side searches at once
    (3, 40, 20, 4),    # switches part-way
    (4, 1, 250, 6),
    (5, 120, 1, 3),
])
def test_park_paths_match_networkx(seed: int, n_sources: int, n_targets: int,
                                   max_distance: int) -> None:
    g = _random_org_graph(seed)
    rng = random.Random(seed + 100)
    orgs = [n for n in g if n != "P"]
    sources = set(rng.sample(orgs, n_sources))
    targets = set(rng.sample(orgs, n_targets))
    undirected = nx.Graph()
    undirected.add_nodes_from(orgs)
    undirected.add_edges_from((u, v) for u, v, t in g.edges(data="type")
                              if t in ("SUPPLIES", "COLLABORATES_WITH", "INVESTS_IN", "HOSTS"))
    lengths = nx.multi_source_dijkstra_path_length(undirected, sources, cutoff=max_distance)
    paths = park_paths(g, sources, targets, max_distance=max_distance)
    assert {t: len(p) - 1 for t, p in paths.items()} == {
        t: d for t, d in lengths.items() if t in targets}
    for target, path in paths.items():
        assert path[0] == target and path[-1] in sources
        assert all(undirected.has_edge(a, b) for a, b in itertools.pairwise(path))
