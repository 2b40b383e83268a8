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
    Candidate,
    candidate_score,
    classify,
    find_gaps,
    gap_score,
    proximity_bound,
    scale_of,
    top_candidates_of,
)
from ecograph.analysis.chain.index import build_chain_index, example_graph
from ecograph.analysis.chain.org_paths import member_ring, path_to_park
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


def _paths(graph: nx.MultiDiGraph, members: set[str], targets: set[str], *,
           max_distance: int | None = None,
           as_of: date | None = None) -> dict[str, tuple[str, ...]]:
    ring = member_ring(graph, members, as_of)
    found = {t: path_to_park(graph, t, members, ring, as_of=as_of, max_distance=max_distance)
             for t in sorted(targets)}
    return {t: p for t, p in found.items() if p is not None}


@pytest.mark.parametrize(("max_distance", "expected"), [
    (None, {"t": ("t", "3", "2", "1", "p")}),
    (4, {"t": ("t", "3", "2", "1", "p")}),
    (3, {}),
])
def test_path_to_park_bounded(line: nx.MultiDiGraph, max_distance: int | None,
                              expected: dict[str, tuple[str, ...]]) -> None:
    assert _paths(line, {"p"}, {"t", "q"}, max_distance=max_distance) == expected


def test_path_to_park_without_members(line: nx.MultiDiGraph) -> None:
    assert _paths(line, set(), {"t"}) == {}


def test_path_to_park_prefers_the_smaller_id_on_equal_paths() -> None:
    # s – a – m0/m1 and s – b – m0: 2-hop paths via a and via b; the smaller hit (a)
    # wins, then a's smallest member neighbour (m0)
    g = nx.MultiDiGraph()
    for u, v in (("s", "b"), ("s", "a"), ("a", "m1"), ("b", "m0"), ("a", "m0")):
        g.add_edge(u, v, type="SUPPLIES")
    ring = member_ring(g, {"m0", "m1"})
    assert ring == {"a": "m0", "b": "m0"}
    assert path_to_park(g, "s", {"m0", "m1"}, ring) == ("s", "a", "m0")


def test_proximity_bound_caps_the_final_proximity() -> None:
    assert proximity_bound(True, None) == 1.0
    assert proximity_bound(False, 3, levels=1) == pytest.approx(1 / 3)
    assert proximity_bound(False, 2, levels=1) == 0.0  # 3 hops at least: past the bound


def _candidate_stub(org: str, score: float) -> Candidate:
    return Candidate(org, org, score, 0, None, (), {}, None, True, None, None, None, (), "",
                     ())


@pytest.mark.parametrize("seed", range(6))
def test_top_candidates_equal_a_full_sort(seed: int) -> None:
    rng = random.Random(seed)
    orgs = [f"o{i:03d}" for i in range(200)]
    # few distinct scores, so ties by id matter
    score = {o: rng.choice([0.0, 0.5, 1.0, 2.5, 3.0, 3.5]) + rng.choice([0.0, 1 / 3, 0.5, 1.0])
             for o in orgs}
    slack = {o: rng.choice([0.0, 0.0, 0.25, 1.0]) for o in orgs}
    made: list[str] = []

    def final(org: str) -> Candidate:
        made.append(org)
        return _candidate_stub(org, score[org])

    for k in (1, 5, 250):
        made.clear()
        got = top_candidates_of(orgs, k, lambda o: score[o] + slack[o], final)
        want = sorted(orgs, key=lambda o: (-score[o], o))[:k]
        assert [c.org for c in got] == want
        if k == 5:
            assert len(made) < len(orgs)  # the bound saved searches


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


def test_path_to_park_skips_ended_ties(line: nx.MultiDiGraph) -> None:
    line.add_edge("t", "p", type="SUPPLIES", until="2019-12-31")
    line.add_edge("q", "p", type="COLLABORATES_WITH", since="2030-01-01")
    assert _paths(line, {"p"}, {"t", "q"}) == {
        "t": ("t", "p"), "q": ("q", "p")}  # without as_of every edge is walked
    found = _paths(line, {"p"}, {"t", "q"}, as_of=date(2024, 1, 1))
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
    (1, 5, 100, 3),
    (2, 150, 3, 2),
    (3, 40, 20, None),
    (4, 1, 250, 6),
    (5, 120, 1, 1),
    (6, 3, 80, None),
])
def test_path_to_park_matches_networkx(seed: int, n_sources: int, n_targets: int,
                                       max_distance: int | None) -> None:
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
    paths = _paths(g, sources, targets, max_distance=max_distance)
    assert {t: len(p) - 1 for t, p in paths.items()} == {
        t: d for t, d in lengths.items() if t in targets}
    for target, path in paths.items():
        assert path[0] == target and path[-1] in sources
        assert all(undirected.has_edge(a, b) for a, b in itertools.pairwise(path))


def _random_chain_graph(seed: int) -> nx.MultiDiGraph:
    """Park K (40 members) and chain C (3 segments) over a random organisation graph."""
    g = _random_org_graph(seed, n=400, m=520)
    rng = random.Random(seed + 7)
    g.add_node("K", labels=frozenset({"Park"}), label="Park")
    g.add_node("C", labels=frozenset({"IndustryChain"}), label="IndustryChain")
    for seg, stage in (("s1", "upstream"), ("s2", "midstream"), ("s3", "downstream")):
        g.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}), stage=stage)
        g.add_edge(seg, "C", type="SEGMENT_OF")
    g.add_edge("s1", "s2", type="FEEDS")
    g.add_edge("s2", "s3", type="FEEDS")
    orgs = [n for n in g if str(n).startswith("o")]
    for org in rng.sample(orgs, 40):
        g.add_edge(org, "K", type="LOCATED_IN")
    quals = list(QUALIFICATION_WEIGHTS)
    for org in orgs:
        g.nodes[org]["qualifications"] = rng.sample(quals, rng.choice([0, 0, 1, 2]))
        g.nodes[org]["revenue"] = rng.choice([None, 5_000.0, 90_000.0, 250_000.0])
        if rng.random() < 0.6:
            g.add_edge(org, rng.choice(["s1", "s2", "s3"]), type="IN_SEGMENT")
    return g


@pytest.mark.parametrize("seed", range(4))
def test_find_gaps_candidates_equal_scoring_everyone(seed: int) -> None:
    g = _random_chain_graph(seed)
    idx = build_chain_index(g, "K", "C")
    statuses = {"s1": "weak", "s2": "weak", "s3": "weak"}
    gaps = find_gaps(g, idx, statuses, segment_leakage(idx), top_candidates=5)
    undirected = nx.Graph()
    undirected.add_edges_from((u, v) for u, v, t in g.edges(data="type")
                              if t in ("SUPPLIES", "COLLABORATES_WITH", "INVESTS_IN", "HOSTS"))
    members = set(idx.members)
    hops = nx.multi_source_dijkstra_path_length(
        undirected, members & set(undirected)) if members & set(undirected) else {}
    for gap in gaps:
        expected = []
        for org in idx.segment_orgs[gap.segment] - members:
            ties = sum(1 for u, v, t in g.edges(data="type")
                       if t in ("SUPPLIES", "COLLABORATES_WITH", "INVESTS_IN")
                       and {u, v} & {org} and ({u, v} - {org}) & members)
            score = candidate_score(ties, hops.get(org), g.nodes[org]["qualifications"],
                                    g.nodes[org]["revenue"])
            expected.append((-score, org))
        want = [org for _, org in sorted(expected)[:5]]
        assert [c.org for c in gap.candidates] == want
        for c, (neg, _) in zip(gap.candidates, sorted(expected), strict=False):
            assert c.score == pytest.approx(-neg, abs=1e-9)
            assert c.distance == hops.get(c.org)
