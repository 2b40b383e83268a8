"""Collaboration density (metrics.md §3) on graphs small enough to check by hand.

The park graph:

    P ⊃ P1; Q is another park.
    In P:  e1, e2, iso (Enterprise), u1 (University), r1 (ResearchInstitute),
           g1 (GovernmentAgency), k1 (KeyLaboratory → InnovationPlatform)
    In P1: e3 (Enterprise)
    Outside: x1 (University, in Q), x2 (Enterprise, no park)

    COLLABORATES_WITH rows (file direction, since year, weight):
      e1→u1 2020 w2, u1→e1 2021 w1 (parallel, reversed: one tie, weight 3),
      e1→e2 2020, e2→u1 2021, e2→e3 2022, e3→r1 (no since), g1→e1 2021,
      k1→e3 2022, e1→x1 2021, x2→e2 2022, u1→g1 2022, e1→e1 (self, ignored)

Internal ties (8): e1-u1, e1-e2, e2-u1, e2-e3, e3-r1, e1-g1, e3-k1, u1-g1;
park ties (10): those plus e1-x1 and e2-x2. n = 8 (iso included).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pytest

from ecograph.analysis.collaboration.density import (
    BlockDensityRow,
    CollaborationReport,
    collaboration_density,
    collaboration_graph,
)
from ecograph.errors import NotFoundError, ParameterError
from ecograph.vocab import Label, ancestors


def _park(g: nx.MultiDiGraph, pid: str, parent: str | None = None) -> None:
    g.add_node(pid, label="Park", labels=frozenset({"Park"}), name=pid)
    if parent:
        g.add_edge(pid, parent, type="SUB_PARK_OF")


def _org(g: nx.MultiDiGraph, oid: str, label: str, park: str | None = None) -> None:
    labels = frozenset(str(x) for x in ancestors(Label(label)))
    g.add_node(oid, label=label, labels=labels, name=f"name-{oid}")
    if park:
        g.add_edge(oid, park, type="LOCATED_IN")


def _tie(g: nx.MultiDiGraph, a: str, b: str, since: str | None = None, **attrs: Any) -> None:
    if since:
        attrs["since"] = since
    g.add_edge(a, b, type="COLLABORATES_WITH", **attrs)


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    _park(g, "P")
    _park(g, "P1", parent="P")
    _park(g, "Q")
    for oid, label in (("e1", "Enterprise"), ("e2", "Enterprise"), ("iso", "Enterprise"),
                       ("u1", "University"), ("r1", "ResearchInstitute"),
                       ("g1", "GovernmentAgency"), ("k1", "KeyLaboratory")):
        _org(g, oid, label, "P")
    _org(g, "e3", "Enterprise", "P1")
    _org(g, "x1", "University", "Q")
    _org(g, "x2", "Enterprise")
    _tie(g, "e1", "u1", "2020-01-01", weight=2.0, kind="joint_patent")
    _tie(g, "u1", "e1", "2021-06-01", weight=1.0, kind="joint_project")
    _tie(g, "e1", "e2", "2020-03-01")
    _tie(g, "e2", "u1", "2021-01-01")
    _tie(g, "e2", "e3", "2022-01-01")
    _tie(g, "e3", "r1")
    _tie(g, "g1", "e1", "2021-01-01")
    _tie(g, "k1", "e3", "2022-01-01")
    _tie(g, "e1", "x1", "2021-01-01")
    _tie(g, "x2", "e2", "2022-01-01")
    _tie(g, "u1", "g1", "2022-01-01")
    _tie(g, "e1", "e1", "2021-01-01")
    g.add_edge("e1", "e2", type="SUPPLIES")  # not a collaboration
    # chain C: s1 ← e1, x2 (outside); s2 ← e2; chain C2 with an empty segment
    g.add_node("C", label="IndustryChain", labels=frozenset({"IndustryChain"}))
    g.add_node("C2", label="IndustryChain", labels=frozenset({"IndustryChain"}))
    for seg, chain in (("s1", "C"), ("s2", "C"), ("s3", "C2")):
        g.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}), stage="upstream")
        g.add_edge(seg, chain, type="SEGMENT_OF")
    for org, seg in (("e1", "s1"), ("x2", "s1"), ("e2", "s2")):
        g.add_edge(org, seg, type="IN_SEGMENT")
    return g


def _h(*probabilities: float) -> float:
    return -sum(p * math.log2(p) for p in probabilities if p)


@pytest.fixture
def report(graph: nx.MultiDiGraph) -> CollaborationReport:
    return collaboration_density(graph, "P")


def test_counts_distinct_pairs_over_all_park_organisations(report: CollaborationReport) -> None:
    assert (report.nodes, report.ties, report.park_ties) == (8, 8, 10)


def test_density_and_mean_degree(report: CollaborationReport) -> None:
    assert report.density == pytest.approx(2 * 8 / (8 * 7), abs=1e-9)  # 2/7
    assert report.mean_degree == pytest.approx(2.0, abs=1e-9)  # 16 / 8


def test_components_count_isolates(report: CollaborationReport) -> None:
    # {e1, e2, e3, u1, r1, g1, k1} and {iso}
    assert report.components == 2
    assert report.giant_component_share == pytest.approx(7 / 8, abs=1e-9)


def test_average_clustering_counts_low_degree_nodes_as_zero(report: CollaborationReport) -> None:
    # e1: nbrs u1, e2, g1, links u1-e2, u1-g1 → 2/3; e2: e1, u1, e3 → 1/3;
    # u1: e1, e2, g1 → 2/3; g1: e1, u1 → 1; e3 0; r1, k1, iso degree < 2 → 0
    assert report.average_clustering == pytest.approx((2 / 3 + 1 / 3 + 2 / 3 + 1) / 8, abs=1e-9)


def test_iur_share_and_openness_over_park_ties(report: CollaborationReport) -> None:
    # 产学研: e1-u1, e2-u1, e3-r1, e1-x1; open: e1-x1, e2-x2
    assert report.iur_share == pytest.approx(4 / 10, abs=1e-9)
    assert report.openness == pytest.approx(2 / 10, abs=1e-9)


def test_triple_helix_t_over_events(report: CollaborationReport) -> None:
    # v2: every COLLABORATES_WITH row is an event (the two e1-u1 rows are two
    # events). Events (U, I, G): UI×5 (e1-u1 ×2, e2-u1, e3-r1, e1-x1),
    # I×4 (e1-e2, e2-e3, e3-k1, e2-x2), IG (e1-g1), UG (u1-g1); N = 11.
    # H_U = H(6, 5), H_I = H(10, 1), H_G = H(2, 9), H_UI = H(5, 5, 1),
    # H_UG = H_UIG = H(5, 4, 1, 1), H_IG = H(9, 1, 1)   (counts over 11)
    n = 11
    expected = (_h(6 / n, 5 / n) + _h(10 / n, 1 / n) + _h(2 / n, 9 / n)
                - _h(5 / n, 5 / n, 1 / n) - _h(9 / n, 1 / n, 1 / n))
    assert report.triple_helix_T == pytest.approx(expected, abs=1e-9)
    assert report.events == 11
    assert report.events_with_three_sectors == 0
    assert report.triple_helix_informative is False
    assert report.triple_helix_note is not None and "not informative" in report.triple_helix_note


def test_block_density_by_organisation_type(report: CollaborationReport) -> None:
    rows = {(r.type_a, r.type_b): r for r in report.block_density}
    # types: Enterprise ×4, University, ResearchInstitute, GovernmentAgency,
    # InnovationPlatform (k1) ×1 → 5 types, 15 unordered pairs of types
    assert len(rows) == 15
    ee = rows["Enterprise", "Enterprise"]
    assert (ee.ties, ee.pairs) == (2, 6)
    assert ee.density == pytest.approx(2 / 6, abs=1e-9)
    assert rows["Enterprise", "University"] == BlockDensityRow(
        "Enterprise", "University", 2, 4, 0.5)
    assert rows["Enterprise", "InnovationPlatform"].density == pytest.approx(0.25, abs=1e-9)
    assert rows["GovernmentAgency", "University"] == BlockDensityRow(
        "GovernmentAgency", "University", 1, 1, 1.0)
    assert rows["University", "University"] == BlockDensityRow(
        "University", "University", 0, 0, None)
    assert rows["GovernmentAgency", "ResearchInstitute"].density == 0.0


def test_brokers_by_exact_betweenness(report: CollaborationReport) -> None:
    # unordered pairs through e2 and e3: 9 each; e1 and u1 share g1's paths to
    # e2, e3, r1, k1: 4 × 1/2 = 2 each; normalised by (n-1)(n-2)/2 = 21
    assert report.betweenness_method == "exact"
    assert [(b.org, b.name) for b in report.brokers] == [
        ("e2", "name-e2"), ("e3", "name-e3"), ("e1", "name-e1"), ("u1", "name-u1")]
    assert [b.betweenness for b in report.brokers] == pytest.approx(
        [9 / 21, 9 / 21, 2 / 21, 2 / 21], abs=1e-9)


def test_top_brokers_limits_the_list(graph: nx.MultiDiGraph) -> None:
    assert [b.org for b in collaboration_density(graph, "P", top_brokers=1).brokers] == ["e2"]


def test_sampled_betweenness_is_stated_and_matches_networkx(graph: nx.MultiDiGraph) -> None:
    report = collaboration_density(graph, "P", exact_betweenness_max_nodes=3,
                                   betweenness_samples=4, seed=7)
    assert report.betweenness_method == "sampled k=4, seed=7"
    reference = nx.betweenness_centrality(collaboration_graph(graph, "P"), k=4, seed=7)
    for broker in report.brokers:
        assert broker.betweenness == pytest.approx(reference[broker.org], abs=1e-12)


def test_parallel_rows_are_merged_and_weights_summed(graph: nx.MultiDiGraph) -> None:
    cg = collaboration_graph(graph, "P")
    assert cg.number_of_edges() == 8
    edge = cg.edges["e1", "u1"]
    assert (edge["weight"], edge["rows"], edge["since"]) == (3.0, 2, 2020)
    assert edge["kinds"] == ("joint_patent", "joint_project")
    assert cg.edges["e1", "e2"]["weight"] == 1.0  # no weight attribute counts 1
    assert not cg.has_edge("e1", "e1")
    assert cg.nodes["k1"]["type"] == "InnovationPlatform"


def test_year_range_keeps_ties_whose_since_falls_in_it(graph: nx.MultiDiGraph) -> None:
    report = collaboration_density(graph, "P", since=2021, until=2021)
    # 2021 rows: u1-e1, e2-u1, g1-e1 (internal), e1-x1 (park tie); e3-r1 has no since
    assert (report.nodes, report.ties, report.park_ties) == (8, 3, 4)
    assert report.openness == pytest.approx(1 / 4, abs=1e-9)
    assert report.iur_share == pytest.approx(3 / 4, abs=1e-9)
    assert collaboration_graph(graph, "P", since=2021, until=2021).edges["e1", "u1"][
        "weight"] == 1.0


@pytest.mark.parametrize(("since", "until", "ties"), [
    (None, None, 8),    # no range: the tie without since counts
    (2000, None, 7),    # any bound: e3-r1 (no since) is left out
    (None, 2020, 2),    # e1-u1, e1-e2
    (2022, 2030, 3),    # e2-e3, e3-k1, u1-g1
])
def test_ties_without_since_count_only_without_range(
    graph: nx.MultiDiGraph, since: int | None, until: int | None, ties: int
) -> None:
    assert collaboration_density(graph, "P", since=since, until=until).ties == ties


def test_year_range_excluding_everything(graph: nx.MultiDiGraph) -> None:
    report = collaboration_density(graph, "P", since=2030)
    assert (report.nodes, report.ties, report.park_ties) == (8, 0, 0)
    assert report.density == 0.0
    assert report.components == 8
    assert (report.iur_share, report.openness, report.triple_helix_T) == (None, None, None)
    assert report.brokers == ()
    assert report.communities.modularity is None
    assert report.communities.count == 8
    assert report.trend == ()


def test_since_after_until_is_rejected(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ParameterError):
        collaboration_density(graph, "P", since=2022, until=2020)


def test_trend_per_year(report: CollaborationReport) -> None:
    assert [t.year for t in report.trend] == [2020, 2021, 2022]
    y2020, y2021, y2022 = report.trend
    # 2020: e1-u1, e1-e2 → one component of 3 plus 5 isolates
    assert (y2020.nodes, y2020.ties, y2020.park_ties, y2020.components) == (8, 2, 2, 6)
    assert y2020.density == pytest.approx(4 / 56, abs=1e-9)
    assert y2020.giant_component_share == pytest.approx(3 / 8, abs=1e-9)
    assert y2020.average_clustering == 0.0
    assert y2020.iur_share == pytest.approx(0.5, abs=1e-9)
    assert y2020.triple_helix_T == pytest.approx(0.0, abs=1e-9)  # 1+0+0-1-1-0+1
    assert (y2021.ties, y2021.park_ties) == (3, 4)
    assert y2021.openness == pytest.approx(0.25, abs=1e-9)
    assert (y2022.ties, y2022.park_ties, y2022.iur_share) == (3, 4, 0.0)


def test_trend_point_equals_single_year_report(graph: nx.MultiDiGraph) -> None:
    for point in collaboration_density(graph, "P", chain="C").trend:
        single = collaboration_density(graph, "P", chain="C", since=point.year, until=point.year)
        assert point.nodes == single.nodes
        assert point.ties == single.ties
        assert point.density == single.density
        assert point.components == single.components
        assert point.average_clustering == single.average_clustering
        assert point.triple_helix_T == single.triple_helix_T


def test_trend_spans_the_range_including_empty_years(graph: nx.MultiDiGraph) -> None:
    _tie(graph, "e1", "r1", "2024-01-01")
    years = [(t.year, t.ties) for t in collaboration_density(graph, "P").trend]
    assert years == [(2020, 2), (2021, 3), (2022, 3), (2023, 0), (2024, 1)]


def test_chain_filter_selects_chain_firms_and_tied_non_enterprises(
    graph: nx.MultiDiGraph,
) -> None:
    # chain firms in P: e1, e2 (x2 is outside); partners: u1, g1 (e3 is an
    # Enterprise, so not added); internal: e1-u1, e1-e2, e2-u1, e1-g1, u1-g1
    cg = collaboration_graph(graph, "P", chain="C")
    assert sorted(cg.nodes) == ["e1", "e2", "g1", "u1"]
    report = collaboration_density(graph, "P", chain="C")
    assert (report.nodes, report.ties, report.park_ties) == (4, 5, 8)
    assert report.density == pytest.approx(10 / 12, abs=1e-9)
    # park ties add e2-e3 (inside the park), e1-x1 and e2-x2 (outside)
    assert report.openness == pytest.approx(2 / 8, abs=1e-9)
    assert report.iur_share == pytest.approx(3 / 8, abs=1e-9)
    assert report.params["chain"] == "C"


def test_chain_without_park_firms(graph: nx.MultiDiGraph) -> None:
    report = collaboration_density(graph, "P", chain="C2")
    assert (report.nodes, report.ties, report.components) == (0, 0, 0)
    assert (report.density, report.mean_degree, report.giant_component_share,
            report.average_clustering) == (None, None, None, None)
    assert report.block_density == ()
    assert report.communities.count == 0


def test_empty_park(graph: nx.MultiDiGraph) -> None:
    _park(graph, "E")
    report = collaboration_density(graph, "E")
    assert (report.nodes, report.ties, report.park_ties, report.components) == (0, 0, 0, 0)
    assert (report.density, report.mean_degree, report.iur_share, report.openness,
            report.triple_helix_T) == (None, None, None, None, None)
    assert report.brokers == () and report.trend == ()


def test_single_organisation(graph: nx.MultiDiGraph) -> None:
    _park(graph, "S")
    _org(graph, "solo", "Enterprise", "S")
    _tie(graph, "solo", "x1", "2020-01-01")
    report = collaboration_density(graph, "S")
    assert report.density is None  # n < 2
    assert (report.nodes, report.ties, report.mean_degree, report.components) == (1, 0, 0.0, 1)
    assert (report.giant_component_share, report.average_clustering) == (1.0, 0.0)
    assert (report.park_ties, report.openness, report.iur_share) == (1, 1.0, 1.0)


def test_sub_park_members_are_park_organisations(graph: nx.MultiDiGraph) -> None:
    assert "e3" in collaboration_graph(graph, "P")
    assert sorted(collaboration_graph(graph, "P1").nodes) == ["e3"]


@pytest.mark.parametrize(("park", "chain"), [("NOPE", None), ("P", "NOPE"), ("e1", None)])
def test_unknown_ids(graph: nx.MultiDiGraph, park: str, chain: str | None) -> None:
    with pytest.raises(NotFoundError):
        collaboration_density(graph, park, chain=chain)


def test_communities_two_triangles() -> None:
    g = nx.MultiDiGraph()
    _park(g, "T")
    for oid in "abcxyz":
        _org(g, oid, "Enterprise", "T")
    for a, b in ("ab", "bc", "ac", "xy", "yz", "xz", "cx"):
        _tie(g, a, b)
    report = collaboration_density(g, "T", seed=3)
    comms = report.communities
    assert (comms.count, comms.non_singleton, comms.seed) == (2, 2, 3)
    # Q = 2 × (3/7 − (7/14)²) = 5/14
    assert comms.modularity == pytest.approx(5 / 14, abs=1e-9)
    assert [c.members for c in comms.top] == [("a", "b", "c"), ("x", "y", "z")]
    assert "leiden" in comms.method


def test_report_serialises_with_spec_keys(report: CollaborationReport) -> None:
    data = report.to_dict()
    for key in ("nodes", "ties", "density", "mean_degree", "components",
                "giant_component_share", "average_clustering", "block_density", "iur_share",
                "openness", "triple_helix_T", "brokers", "betweenness_method", "communities",
                "trend", "params"):
        assert key in data
    assert data["brokers"][0] == {"org": "e2", "name": "name-e2",
                                  "betweenness": pytest.approx(9 / 21)}
