"""Collaboration v2 (metrics.md §4): n-ary events, T over events, technology contracts.

The park graph (hand-made, in the property-graph form of docs/design.md):

    P: e1, e2 (Enterprise), u1 (University), n1 (NewRDInstitution),
       g1 (GovernmentAgency), k1 (KeyLaboratory); outside: x1, x2 (Enterprise)

    CollaborationEvent  year  participants   sectors
    J1                  2022  e1, u1, g1     U I G
    J2                  2022  u1, n1         U
    J3                  2023  e1, e2, x1     I
    J4                  2023  g1, k1         G
    J5                  2023  x1, x2         (no park participant: not counted)
    COLLABORATES_WITH e1→u1, 2021, weight 2   (an event of two, U I)

Ties (all years): e1-u1 (J1 weight 1 + row weight 2 = 3), e1-g1, u1-g1, u1-n1,
e1-e2, g1-k1 internal (6); e1-x1, e2-x1 leave the park (park ties 8).
"""

from __future__ import annotations

import math

import networkx as nx
import pytest

from ecograph.analysis.collaboration.density import collaboration_density, collaboration_graph
from ecograph.analysis.collaboration.triple_helix import helix_summary
from ecograph.vocab import Label, ancestors


def _org(g: nx.MultiDiGraph, oid: str, label: str, park: str | None = "P") -> None:
    g.add_node(oid, label=label, labels=frozenset(str(x) for x in ancestors(Label(label))),
               name=f"名-{oid}")
    if park:
        g.add_edge(oid, park, type="LOCATED_IN")


def _event(g: nx.MultiDiGraph, eid: str, year: int, *orgs: str) -> None:
    g.add_node(eid, label="CollaborationEvent", labels=frozenset({"CollaborationEvent"}),
               kind="joint_project", year=year, date=f"{year}-06-01")
    for org in orgs:
        g.add_edge(org, eid, type="PARTICIPATES_IN", role="member")


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}))
    for oid, label in (("e1", "Enterprise"), ("e2", "Enterprise"), ("u1", "University"),
                       ("n1", "NewRDInstitution"), ("g1", "GovernmentAgency"),
                       ("k1", "KeyLaboratory")):
        _org(g, oid, label)
    _org(g, "x1", "Enterprise", None)
    _org(g, "x2", "Enterprise", None)
    _event(g, "J1", 2022, "e1", "u1", "g1")
    _event(g, "J2", 2022, "u1", "n1")
    _event(g, "J3", 2023, "e1", "e2", "x1")
    _event(g, "J4", 2023, "g1", "k1")
    _event(g, "J5", 2023, "x1", "x2")
    g.add_edge("e1", "u1", key="r1", type="COLLABORATES_WITH", since="2021-03-01", weight=2.0)
    for seller, buyer, amount, day, kind in (
        ("u1", "x1", 100.0, "2022-04-01", "transfer"),
        ("u1", "e1", 50.0, "2022-05-01", "development"),
        ("x1", "e2", 30.0, "2023-02-01", "licensing"),
        ("e1", "x1", None, "2023-03-01", "service"),
        ("x1", "x2", 999.0, "2023-03-01", "transfer"),
    ):
        attrs = {"type": "TRANSFERS_TECHNOLOGY_TO", "date": day, "kind": kind}
        if amount is not None:
            attrs["amount"] = amount
        g.add_edge(seller, buyer, **attrs)
    return g


def _h(*p: float) -> float:
    return -sum(x * math.log2(x) for x in p if x > 0)


def test_every_pair_of_an_event_is_a_tie_and_parallel_ties_merge(
        graph: nx.MultiDiGraph) -> None:
    cg = collaboration_graph(graph, "P")
    assert sorted(cg.nodes) == ["e1", "e2", "g1", "k1", "n1", "u1"]
    assert sorted(tuple(sorted(e)) for e in cg.edges) == [
        ("e1", "e2"), ("e1", "g1"), ("e1", "u1"), ("g1", "k1"), ("g1", "u1"), ("n1", "u1")]
    assert cg.edges["e1", "u1"]["weight"] == 3.0  # J1 (1) + the COLLABORATES_WITH row (2)
    assert cg.edges["e1", "u1"]["rows"] == 2


def test_figures_over_events(graph: nx.MultiDiGraph) -> None:
    r = collaboration_density(graph, "P", as_of="2024-01-01")
    assert (r.nodes, r.ties, r.park_ties) == (6, 6, 8)
    assert r.density == pytest.approx(2 * 6 / (6 * 5))
    # 产学研: only e1-u1 joins an Enterprise with U (n1 is U but tied to u1 only)
    assert (r.iur_ties, r.iur_share) == (1, pytest.approx(1 / 8))
    assert (r.open_ties, r.openness) == (2, pytest.approx(2 / 8))


def test_new_rd_institution_counts_as_iur() -> None:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}))
    _org(g, "e", "Enterprise")
    _org(g, "n", "NewRDInstitution")
    _event(g, "J", 2022, "e", "n")
    r = collaboration_density(g, "P", as_of="2024-01-01")
    assert (r.iur_ties, r.park_ties, r.iur_share) == (1, 1, 1.0)


def test_triple_helix_synergy_over_three_sector_events(graph: nx.MultiDiGraph) -> None:
    # 2022–2023 leaves the 2021 row out: events J1..J4 with patterns
    # (1,1,1), (1,0,0), (0,1,0), (0,0,1). H_U = H_I = H_G = 1; each pair of
    # variables takes all four values once: H_UI = H_UG = H_IG = 2; H_UIG = 2.
    # T = 3 − 6 + 2 = −1 bit (synergy).
    r = collaboration_density(graph, "P", since=2022, until=2023, as_of="2024-01-01")
    assert r.triple_helix_T == pytest.approx(-1.0)
    assert (r.events, r.events_with_three_sectors, r.triple_helix_informative) == (4, 1, True)
    assert r.triple_helix_note is None


def test_triple_helix_all_years_includes_the_pairwise_row(graph: nx.MultiDiGraph) -> None:
    # five events: (1,1,1), (1,0,0), (0,1,0), (0,0,1), (1,1,0)
    # H_U = H_I = H(3/5, 2/5); H_G = H(2/5, 3/5)
    # UI: 11×2, 10, 01, 00 → H(2,1,1,1)/5; UG: 11, 10×2, 01, 00 → same; IG: same
    # UIG: five distinct → log2 5
    r = collaboration_density(graph, "P", as_of="2024-01-01")
    h1 = _h(.6, .4)
    h2 = _h(.4, .2, .2, .2)
    assert r.triple_helix_T == pytest.approx(3 * h1 - 3 * h2 + math.log2(5))
    assert r.events == 5


def test_two_sector_events_are_not_informative() -> None:
    # events UI and I: H_U = 1, H_I = H_G = 0, H_UI = H_UG = H_UIG = 1, H_IG = 0 → T = 0
    s = helix_summary([(frozenset("UI"), 2), (frozenset("I"), 2)])
    assert s.triple_helix_T == 0.0
    assert (s.events, s.events_with_three_sectors, s.informative) == (2, 0, False)
    assert s.note is not None and "not informative" in s.note


def test_positive_t_when_sectors_move_together() -> None:
    # events UIG and one with no sector: every entropy is 1 bit, T = 3 − 3 + 1 = 1
    s = helix_summary([(frozenset("UIG"), 3), (frozenset(), 2)])
    assert s.triple_helix_T == pytest.approx(1.0)
    assert s.informative


def test_tech_contract_flows(graph: nx.MultiDiGraph) -> None:
    t = collaboration_density(graph, "P", as_of="2024-01-01").tech_contracts
    # sold by park organisations: u1→x1 100, u1→e1 50, e1→x1 (no amount)
    assert (t.sold.amount, t.sold.contracts, t.sold.without_amount) == (150.0, 3, 1)
    # bought: u1→e1 50, x1→e2 30 (x1→x2 is not the park's)
    assert (t.bought.amount, t.bought.contracts) == (80.0, 2)
    assert t.sold_outside.amount == 100.0
    assert t.sold_outside_share == pytest.approx(100 / 150)
    assert (t.sold_outside_numerator, t.sold_outside_denominator) == (100.0, 150.0)
    assert t.sold_inside.amount == 50.0


def test_tech_contracts_respect_as_of_and_range(graph: nx.MultiDiGraph) -> None:
    early = collaboration_density(graph, "P", as_of="2022-12-31").tech_contracts
    assert (early.sold.amount, early.bought.amount) == (150.0, 50.0)
    y2023 = collaboration_density(graph, "P", since=2023, until=2023,
                                  as_of="2024-01-01").tech_contracts
    assert (y2023.sold.amount, y2023.sold.contracts, y2023.bought.amount) == (0.0, 1, 30.0)
    assert y2023.sold_outside_share is None  # no sold turnover: zero denominator


def test_trend_per_year(graph: nx.MultiDiGraph) -> None:
    trend = {p.year: p for p in collaboration_density(graph, "P", as_of="2024-01-01").trend}
    assert sorted(trend) == [2021, 2022, 2023]
    assert (trend[2021].events, trend[2022].events, trend[2023].events) == (1, 2, 2)
    assert trend[2022].events_with_three_sectors == 1
    assert (trend[2022].tech_sold, trend[2022].tech_bought) == (150.0, 50.0)
    assert (trend[2023].tech_sold, trend[2023].tech_bought) == (0.0, 30.0)
    assert trend[2022].ties == 4  # J1's three pairs and J2's one


def test_undated_events_count_only_without_a_range() -> None:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}))
    _org(g, "a", "Enterprise")
    _org(g, "b", "Enterprise")
    g.add_node("J", label="CollaborationEvent", labels=frozenset({"CollaborationEvent"}))
    g.add_edge("a", "J", type="PARTICIPATES_IN")
    g.add_edge("b", "J", type="PARTICIPATES_IN")
    assert collaboration_density(g, "P").ties == 1
    assert collaboration_density(g, "P", since=2000).ties == 0
