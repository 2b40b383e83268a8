"""Graph-counted indicators against hand counts; tier qualification at the thresholds."""

from __future__ import annotations

import networkx as nx
import pytest

from ecograph.analysis.indicators.evaluation import (
    evaluate_park,
    graph_metrics,
    peer_parks,
    weighted_scores,
)
from ecograph.analysis.indicators.systems import StatRow, load_systems
from ecograph.vocab import Label, ancestors


def _node(g: nx.MultiDiGraph, node: str, label: Label, park: str | None = None,
          **props: object) -> None:
    g.add_node(node, label=str(label), labels=frozenset(str(x) for x in ancestors(label)), **props)
    if park is not None:
        g.add_edge(node, park, type="LOCATED_IN")


@pytest.fixture
def park_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    _node(g, "P", Label.HighTechZone)
    _node(g, "P1", Label.IndustrialPark)
    g.add_edge("P1", "P", type="SUB_PARK_OF")
    _node(g, "Q", Label.HighTechZone)
    # enterprises: 4 in P (one in the sub-park), 1 in Q
    _node(g, "e1", Label.Enterprise, "P", qualifications=["HighTechEnterprise"],
          employees=1000, revenue=400_000.0, rd_expense=20_000.0, founded="2023-05-01")
    _node(g, "e2", Label.Enterprise, "P", qualifications=["HighTechEnterprise", "Listed"],
          employees=3000, revenue=100_000.0, rd_expense=10_000.0)
    _node(g, "e3", Label.Enterprise, "P1", qualifications=["Gazelle"], employees=1000)
    _node(g, "e4", Label.Enterprise, "P", founded="2023")
    _node(g, "e5", Label.Enterprise, "Q", qualifications=["HighTechEnterprise"])
    # institutions
    _node(g, "k1", Label.KeyLaboratory, "P", level="national")
    _node(g, "k2", Label.EngineeringResearchCenter, "P1", level="provincial")
    _node(g, "r1", Label.ResearchInstitute, "P", level="national")
    _node(g, "i1", Label.Incubator, "P", level="national")
    _node(g, "a1", Label.Accelerator, "P", level="municipal")
    _node(g, "s1", Label.PublicServicePlatform, "P", level="national")
    _node(g, "f1", Label.VentureCapitalFund)
    g.add_edge("f1", "e3", type="INVESTS_IN")
    g.add_edge("f1", "e5", type="INVESTS_IN")  # outside the park
    g.add_edge("e4", "i1", type="INCUBATED_IN", since="2023-02-01")
    g.add_edge("e3", "a1", type="INCUBATED_IN", since="2022-02-01")
    return g


def test_graph_metrics_match_hand_counts(park_graph: nx.MultiDiGraph) -> None:
    m = graph_metrics(park_graph, "P", year=2023)
    assert m["national_rd_institutions"] == 2  # k1, r1 (k2 provincial)
    assert m["rd_institutions"] == 3
    assert m["national_incubators"] == 1  # i1 (a1 municipal)
    assert m["national_service_institutions"] == 2  # s1 + national carrier i1
    assert m["service_institutions"] == 3  # s1, i1, a1
    assert m["high_tech_share"] == pytest.approx(50.0, abs=1e-9)  # e1, e2 of 4
    assert m["hte_revenue_over_3bn"] == 1  # e1 (400,000 万元)
    assert m["listed_per_10k_employees"] == pytest.approx(1 / 5000 * 10_000, abs=1e-9)
    assert m["rd_revenue_percent"] == pytest.approx(30_000 / 500_000 * 100, abs=1e-9)
    assert m["rd_per_10k_revenue"] == pytest.approx(600.0, abs=1e-9)
    assert m["benchmark_firms"] == 3  # e1, e2, e3
    assert m["vc_backed_firms"] == 1
    assert m["vc_backed_share"] == pytest.approx(25.0, abs=1e-9)
    assert m["new_incubated_firms"] == 1  # e4 in 2023; e3 started 2022
    assert m["new_enterprise_share"] == pytest.approx(50.0, abs=1e-9)  # e1, e4


def test_empty_park_gives_null_ratios() -> None:
    g = nx.MultiDiGraph()
    _node(g, "P", Label.Park)
    m = graph_metrics(g, "P")
    assert m["high_tech_share"] is None
    assert m["rd_revenue_percent"] is None
    assert m["listed_per_10k_employees"] is None
    assert m["national_rd_institutions"] == 0


def _stats(value_added: float) -> list[StatRow]:
    keys = {
        "bachelor_plus_share": 30.0, "national_service_institutions": 0.0,
        "service_revenue_share": 30.0, "clusters_and_giants": 1.0,
        "value_added_per_employee": value_added, "export_share": 12.0,
        "operating_profit_margin": 7.5,
    }
    return [StatRow("P", 2024, k, v) for k, v in keys.items()]


def _characteristic_graph(national_rd: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    _node(g, "P", Label.CharacteristicPark)
    for i in range(national_rd):
        _node(g, f"k{i}", Label.KeyLaboratory, "P", level="national")
    for i in range(20):
        _node(g, f"s{i}", Label.PublicServicePlatform, "P", level="national")
    for i in range(10):
        quals = ["HighTechEnterprise"] if i < 3 else []
        _node(g, f"e{i}", Label.Enterprise, "P", qualifications=quals)
    return g


@pytest.mark.parametrize(
    ("national_rd", "value_added", "qualifies"),
    [
        (20, 40.0, "characteristic"),   # exactly at both thresholds
        (20, 40.5, "characteristic"),   # just above
        (19, 40.0, None),               # one R&D institution short
        (20, 39.9, None),               # value added just below 40 万元/人
    ],
)
def test_characteristic_tier_at_the_threshold(national_rd: int, value_added: float,
                                              qualifies: str | None) -> None:
    g = _characteristic_graph(national_rd)
    evaluation = evaluate_park(g, "P", load_systems(), _stats(value_added), year=2024)
    tier = {t.tier: t for t in evaluation.tiers}["characteristic"]
    assert evaluation.qualifies_for == qualifies
    assert tier.total == 9
    assert tier.met == (9 if qualifies else 8)
    sources = {r["indicator"]: r["source"] for r in tier.targets}
    assert sources["national_rd_institutions"] == "graph"
    assert sources["value_added_per_employee"] == "table"


def test_missing_table_value_is_unknown_not_failed() -> None:
    g = _characteristic_graph(20)
    evaluation = evaluate_park(g, "P", load_systems(), [], year=2024)
    tier = {t.tier: t for t in evaluation.tiers}["characteristic"]
    rows = {r["indicator"]: r for r in tier.targets}
    assert rows["value_added_per_employee"]["met"] is None
    assert rows["value_added_per_employee"]["source"] == "missing"
    assert rows["high_tech_share"]["met"] is True  # 30 % of 10 enterprises
    assert evaluation.qualifies_for is None


def test_stats_take_latest_year_not_after_report_year() -> None:
    g = _characteristic_graph(20)
    stats = [StatRow("P", 2022, "hz.2.2", 10.0), StatRow("P", 2024, "hz.2.2", 20.0),
             StatRow("P", 2025, "hz.2.2", 99.0), StatRow("Q", 2024, "hz.2.2", 50.0)]
    evaluation = evaluate_park(g, "P", load_systems(), stats, year=2024)
    value = {v.id: v for v in evaluation.indicators}["hz.2.2"]
    assert (value.value, value.source) == (20.0, "table")


def test_weighted_scores_min_max_over_peers(park_graph: nx.MultiDiGraph) -> None:
    systems = load_systems()
    assert peer_parks(park_graph) == ["P", "Q"]
    evaluations = {p: evaluate_park(park_graph, p, systems) for p in peer_parks(park_graph)}
    scores = weighted_scores(evaluations, systems)
    # group 1 graph indicators: 1.2 (P only -> 1), 1.3 (P 2, Q 0), 1.4 (P 1, Q 0)
    assert scores["P"]["groups"]["1"] == pytest.approx(100.0, abs=1e-9)
    # Q: 1.3 -> 0, 1.4 -> 0 (weights 0.9, 0.8); 1.2 unknown for Q
    assert scores["Q"]["groups"]["1"] == pytest.approx(0.0, abs=1e-9)
    # group 2 for Q: 2.1 (P 1, Q 0) -> 0; 2.4 (P 50, Q 100) -> 1; 2.5 (P 2, Q 0) -> 0
    expected_q2 = 100 * (1.0 * 1.0) / (0.8 + 1.0 + 0.8)
    assert scores["Q"]["groups"]["2"] == pytest.approx(expected_q2, abs=1e-9)
    assert 0 < float(str(scores["P"]["coverage"])) < 1
