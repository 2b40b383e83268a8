"""Park evaluation v2 (metrics.md §5) on a hand-made graph in the v2 property-graph form.

P (HighTechZone, tier_category characteristic) ⊃ P1 (IndustrialPark); Q and R
are other HighTechZones (peers of P), empty.

Enterprises of P: e1 (HighTechEnterprise), e2 (HighTechEnterprise, Listed),
e3 (in P1, Gazelle), e4 (founded 2023). org_stats (万元, persons):

    firm year revenue  rd_expense employees inv_patents masters_phd profit export tax
    e1   2023 400,000  20,000     1,000     3           100         40,000 80,000 5,000
    e2   2023 100,000  10,000     3,000     1           200          5,000      0 2,000
    e3   2023    —        —       1,000     4            —             —        —     —
    e1   2022    —        —         800     —            —             —        —  4,000
    e2   2022    —        —       2,800     —            —             —        —  2,000

Carriers and platforms of P (level): k1 KeyLaboratory (national), k2
EngineeringResearchCenter (provincial), r1 ResearchInstitute (national), i1
Incubator (national), a1 Accelerator (national), m1 Makerspace (national), s1
PublicServicePlatform (national), sp1 ServiceProvider (national).

Technology contracts: e1→x 500 (2023), e2→e1 100 (2023), e1→x 50 (2022).
park_stats: hz.2.2 = 20 (2022), 30 (2023); value_added_per_employee = 45
(2023); clusters_and_giants = 1 (2021).
"""

from __future__ import annotations

import networkx as nx
import pytest

from ecograph.analysis.indicators.evaluation import ParkEvaluation, evaluate_park
from ecograph.analysis.indicators.scoring import index_score
from ecograph.analysis.indicators.systems import load_systems
from ecograph.errors import ParameterError
from ecograph.vocab import Label, ancestors

AS_OF = "2024-06-30"


def _node(g: nx.MultiDiGraph, node: str, label: Label, park: str | None = None,
          **props: object) -> None:
    g.add_node(node, label=str(label), labels=frozenset(str(x) for x in ancestors(label)),
               name=f"名-{node}", **props)
    if park is not None:
        g.add_edge(node, park, type="LOCATED_IN")


def _stats(g: nx.MultiDiGraph, org: str, year: int, **values: float) -> None:
    node = f"{org}@{year}"
    g.add_node(node, label="OrgYearStats", labels=frozenset({"OrgYearStats"}), org=org,
               year=year, **values)
    g.add_edge(org, node, type="HAS_STATS")


def _observation(g: nx.MultiDiGraph, park: str, year: int, indicator: str,
                 value: float) -> None:
    node = f"{park}@{year}@{indicator}"
    g.add_node(node, label="IndicatorObservation", labels=frozenset({"IndicatorObservation"}),
               park=park, year=year, indicator=indicator, value=value)
    g.add_edge(park, node, type="HAS_INDICATOR")


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    _node(g, "P", Label.HighTechZone, tier_category="characteristic")
    _node(g, "P1", Label.IndustrialPark)
    g.add_edge("P1", "P", type="SUB_PARK_OF")
    _node(g, "Q", Label.HighTechZone)
    _node(g, "R", Label.HighTechZone)
    _node(g, "e1", Label.Enterprise, "P", qualifications=["HighTechEnterprise"],
          founded="2010-01-01")
    _node(g, "e2", Label.Enterprise, "P", qualifications=["HighTechEnterprise", "Listed"],
          founded="2012-01-01")
    _node(g, "e3", Label.Enterprise, "P1", qualifications=["Gazelle"], founded="2015-01-01")
    _node(g, "e4", Label.Enterprise, "P", founded="2023-04-01")
    _node(g, "x", Label.Enterprise)
    _stats(g, "e1", 2023, revenue=400_000.0, rd_expense=20_000.0, employees=1000.0,
           invention_patents=3.0, masters_phd=100.0, profit=40_000.0,
           export_revenue=80_000.0, tax=5000.0)
    _stats(g, "e2", 2023, revenue=100_000.0, rd_expense=10_000.0, employees=3000.0,
           invention_patents=1.0, masters_phd=200.0, profit=5000.0, export_revenue=0.0,
           tax=2000.0)
    _stats(g, "e3", 2023, employees=1000.0, invention_patents=4.0)
    _stats(g, "e1", 2022, employees=800.0, tax=4000.0)
    _stats(g, "e2", 2022, employees=2800.0, tax=2000.0)
    for node, label, level, park in (
        ("k1", Label.KeyLaboratory, "national", "P"),
        ("k2", Label.EngineeringResearchCenter, "provincial", "P1"),
        ("r1", Label.ResearchInstitute, "national", "P"),
        ("i1", Label.Incubator, "national", "P"),
        ("a1", Label.Accelerator, "national", "P"),
        ("m1", Label.Makerspace, "national", "P"),
        ("s1", Label.PublicServicePlatform, "national", "P"),
        ("sp1", Label.ServiceProvider, "national", "P"),
    ):
        _node(g, node, label, park, level=level)
    for seller, buyer, amount, day in (("e1", "x", 500.0, "2023-03-01"),
                                       ("e2", "e1", 100.0, "2023-05-01"),
                                       ("e1", "x", 50.0, "2022-05-01")):
        g.add_edge(seller, buyer, type="TRANSFERS_TECHNOLOGY_TO", amount=amount, date=day,
                   kind="transfer")
    _observation(g, "P", 2022, "hz.2.2", 20.0)
    _observation(g, "P", 2023, "hz.2.2", 30.0)
    _observation(g, "P", 2023, "value_added_per_employee", 45.0)
    _observation(g, "P", 2021, "clusters_and_giants", 1.0)
    return g


@pytest.fixture
def evaluation(graph: nx.MultiDiGraph) -> ParkEvaluation:
    return evaluate_park(graph, "P", load_systems(), as_of=AS_OF)


def _ind(ev: ParkEvaluation, key: str) -> tuple[float | None, str, int | None]:
    v = next(i for i in ev.indicators if i.id == key)
    return v.value, v.source, v.year


def test_year_defaults_to_the_latest_org_stats_year(evaluation: ParkEvaluation) -> None:
    assert evaluation.year == 2023
    assert evaluation.target_year == 2020


@pytest.mark.parametrize(("key", "expected", "source"), [
    ("hz.1.2", 600.0, "org_stats"),         # (20,000 + 10,000) / 500,000 × 10,000 元/万元
    ("gx.5.1.2", 6.0, "org_stats"),         # the same in percent
    ("gx.5.4.3", 16.0, "org_stats"),        # (3 + 1 + 4) / 5,000 employees × 10,000
    ("hz.4.2", 7.5, "org_stats"),           # 300 / 4,000 × 100 (e3 has no masters_phd)
    ("hz.1.9", 9.0, "org_stats"),           # 45,000 / 500,000 × 100
    ("hz.3.2", 16.0, "org_stats"),          # high-tech exports 80,000 / revenue 500,000
    ("hz.4.1", 100 * 400 / 3600, "org_stats"),  # e1 + e2: 4,000 vs 3,600 employees
    ("hz.4.4", 100 * 1000 / 6000, "org_stats"),  # tax 7,000 vs 6,000
    ("hz.2.7", 2.0, "org_stats"),           # 1 listed / 5,000 employees × 10,000
    ("hz.2.1", 1.0, "org_stats"),           # e1: revenue ≥ 300,000 万元
    ("hz.2.4", 50.0, "graph"),              # 2 high-tech of 4 enterprises
    ("gx.5.2.2", 25.0, "graph"),            # e4 founded 2023: 1 of 4
    ("hz.4.3", 100 / 3, "graph"),           # 4 enterprises at end 2023, 3 at end 2022
    ("hz.1.3", 2.0, "graph"),               # k1, r1 (k2 is provincial)
    ("gx.5.1.4", 3.0, "graph"),             # k1, k2, r1
    ("hz.1.4", 1.0, "graph"),               # i1 only: the accelerator a1 is not an incubator
    ("hz.2.5", 2.0, "graph"),               # 产业服务促进: s1, sp1
    ("gx.5.2.3", 4.0, "graph"),             # 创新服务: i1, a1, m1, sp1
    ("gx.5.3.3", 600.0, "graph"),           # 技术输出 in 2023: 500 + 100
    ("hz.1.7", 0.12, "org_stats"),          # 600 万元 / 5,000 employees
    ("gx.5.1.5", 3.0, "graph"),             # e1, e2, e3 hold a benchmark qualification
])
def test_computed_indicators(evaluation: ParkEvaluation, key: str, expected: float,
                             source: str) -> None:
    value, got_source, year = _ind(evaluation, key)
    assert value == pytest.approx(expected)
    assert (got_source, year) == (source, 2023)


def test_industry_and_innovation_service_institutions_differ(
        evaluation: ParkEvaluation) -> None:
    characteristic = next(c for c in evaluation.categories if c.category == "characteristic")
    innovation = next(t for t in characteristic.targets
                      if t.indicator == "national_innovation_service_institutions")
    assert innovation.value == 4.0  # i1, a1, m1, sp1
    assert _ind(evaluation, "hz.2.5")[0] == 2.0  # s1, sp1


def test_trend_against_the_previous_year(evaluation: ParkEvaluation) -> None:
    v = next(i for i in evaluation.indicators if i.id == "hz.1.7")
    # 2022: 50 万元 sold / 3,600 employees
    assert (v.previous_year, v.previous_value) == (2022, pytest.approx(50 / 3600))
    assert v.change == pytest.approx(0.12 - 50 / 3600)
    assert (v.numerator, v.denominator) == (600.0, 5000.0)
    stats = next(i for i in evaluation.indicators if i.id == "hz.2.2")
    assert (stats.value, stats.source, stats.year) == (30.0, "park_stats", 2023)
    assert (stats.previous_value, stats.change) == (20.0, 10.0)


def test_categories_side_by_side_with_distances(evaluation: ParkEvaluation) -> None:
    assert [c.category for c in evaluation.categories] == [
        "world_class", "innovative", "characteristic"]
    assert [c.measured for c in evaluation.categories] == [False, False, True]
    assert evaluation.measured_against == "characteristic"
    c = evaluation.categories[2]
    by_key = {t.indicator: t for t in c.targets}
    rd = by_key["national_rd_institutions"]
    assert (rd.value, rd.threshold, rd.met, rd.gap) == (2.0, 20.0, False, 18.0)
    assert rd.distance_en == "18 more national-level r&d institutions"
    assert rd.distance_zh == "还差18个国家级研发机构数"
    assert by_key["service_revenue_share"].value == 30.0  # park_stats hz.2.2, same unit
    assert by_key["service_revenue_share"].met is True
    assert by_key["clusters_and_giants"].met is True  # 2021, latest not after 2023
    assert by_key["bachelor_plus_share"].met is None
    # met: high_tech_share, service_revenue_share, clusters_and_giants,
    # value_added_per_employee, export_share (16 ≥ 10), operating_profit_margin (9 ≥ 7)
    assert (c.met, c.known, c.total, c.all_met) == (6, 8, 9, False)
    world = evaluation.categories[0]
    wrd = next(t for t in world.targets if t.indicator == "national_rd_institutions")
    assert wrd.gap == 98.0


def test_attainment_is_capped_and_uses_the_measured_category(
        evaluation: ParkEvaluation) -> None:
    score = evaluation.index_score
    assert score is not None and score.category == "characteristic"
    got = {a.id: a for a in score.indicators}
    assert (got["hz.1.3"].attainment, got["hz.1.3"].method, got["hz.1.3"].target) == (
        pytest.approx(0.1), "target", 20.0)
    assert got["hz.2.4"].attainment == 1.0  # 50 % against 30 %: capped
    assert got["hz.1.9"].attainment == 1.0  # 9 % against 7 %
    assert got["hz.2.2"].attainment == 1.0  # 30 % against 25 %
    # the world-class category has an R&D-intensity target of 8 % = 800 元/万元
    world = evaluation.index_scores["world_class"]
    rd = next(a for a in world.indicators if a.id == "hz.1.2")
    assert (rd.attainment, rd.target) == (pytest.approx(600 / 800), 800.0)


def test_peers_need_three_parks_of_the_same_kind(evaluation: ParkEvaluation) -> None:
    score = evaluation.index_score
    assert score is not None
    assert evaluation.peers == ("P", "Q", "R")  # P1 is an IndustrialPark
    got = {a.id: a for a in score.indicators}
    # national incubators: P 1, Q 0, R 0 → (1 − 0) / (1 − 0) = 1
    assert (got["hz.1.4"].method, got["hz.1.4"].peers, got["hz.1.4"].attainment) == (
        "peers", 3, 1.0)
    left = {x.id: x for x in score.left_out}
    # R&D intensity has no characteristic target and only P has a value
    assert "hz.1.2" in left and "1 park(s)" in left["hz.1.2"].reason
    assert left["hz.1.1"].reason == "no value"


def test_single_park_gets_no_peer_score(graph: nx.MultiDiGraph) -> None:
    graph.remove_nodes_from(["Q", "R"])
    ev = evaluate_park(graph, "P", load_systems(), as_of=AS_OF)
    assert ev.index_score is not None
    assert all(a.method == "target" for a in ev.index_score.indicators)
    assert "hz.1.4" in {x.id for x in ev.index_score.left_out}


def test_weighted_score_states_its_coverage() -> None:
    # hz.1.3 = 10 against 20 → 0.5; hz.2.4 = 60 against 30 → 1 (capped);
    # hz.1.4 = 3 among peers 1, 3, 5 → 0.5. Effective weights: group 1 has
    # Σ 赋权 10.9, group 2 Σ 11.0 → hz.1.3 30·0.9/10.9, hz.1.4 30·0.8/10.9,
    # hz.2.4 30·1.0/11.
    s = load_systems()
    r = index_score(s, "characteristic", {"hz.1.3": 10.0, "hz.2.4": 60.0, "hz.1.4": 3.0},
                    {"hz.1.4": [1.0, 3.0, 5.0]})
    w13, w14, w24 = 30 * 0.9 / 10.9, 30 * 0.8 / 10.9, 30 / 11
    assert r.score == pytest.approx(100 * (0.5 * w13 + 0.5 * w14 + w24) / (w13 + w14 + w24))
    assert r.covered_weight == pytest.approx(w13 + w14 + w24)
    assert r.coverage == pytest.approx((w13 + w14 + w24) / 100)
    assert len(r.left_out) == 37
    two_peers = index_score(s, "characteristic", {"hz.1.4": 3.0}, {"hz.1.4": [1.0, 3.0]})
    assert two_peers.score is None and two_peers.coverage == 0.0


def test_lower_is_better_reverses_the_peer_scale() -> None:
    s = load_systems()
    r = index_score(s, "innovative", {"hz.4.6": 1.0}, {"hz.4.6": [1.0, 2.0, 3.0]})
    assert r.indicators[0].attainment == 1.0  # the least energy per value added


def test_as_of_before_a_firm_arrives(graph: nx.MultiDiGraph) -> None:
    for _, _, attrs in graph.out_edges("e4", data=True):
        attrs["since"] = "2024-01-01"  # e4 moves in after the evaluation year
    ev = evaluate_park(graph, "P", load_systems(), as_of=AS_OF)
    assert _ind(ev, "hz.2.4")[0] == pytest.approx(100 * 2 / 3)  # e4 not yet in the park


def test_unknown_tier_category_is_a_parameter_error(graph: nx.MultiDiGraph) -> None:
    graph.nodes["P"]["tier_category"] = "ladder"
    with pytest.raises(ParameterError):
        evaluate_park(graph, "P", load_systems(), as_of=AS_OF)


def test_no_category_declared_gives_three_scores_and_no_headline(
        graph: nx.MultiDiGraph) -> None:
    del graph.nodes["P"]["tier_category"]
    ev = evaluate_park(graph, "P", load_systems(), as_of=AS_OF)
    assert ev.index_score is None and ev.measured_against is None
    assert sorted(ev.index_scores) == ["characteristic", "innovative", "world_class"]
    assert not any(c.measured for c in ev.categories)


def test_peers_with_one_value_leave_the_indicator_out() -> None:
    # min = max: the min–max scale is undefined, so no free full marks
    r = index_score(load_systems(), "innovative", {"hz.1.4": 0.0}, {"hz.1.4": [0.0, 0.0, 0.0]})
    assert r.indicators == ()
    assert "same value" in r.left_out[[x.id for x in r.left_out].index("hz.1.4")].reason
