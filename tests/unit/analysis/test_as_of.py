"""``as_of`` on incubation, collaboration and the report (metrics.md section 0).

Each case has an edge that ends the day before ``as_of`` (it must not count)
and the same edge seen on its last day (it counts).
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.collaboration.density import collaboration_density
from ecograph.analysis.incubation.handoffs import incubation_handoffs
from ecograph.analysis.indicators.systems import load_systems
from ecograph.report.build import build_report

ORG = frozenset({"Organization", "Enterprise"})


def _park() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}), name="园区")
    return g


def _incubation_graph() -> nx.MultiDiGraph:
    """Makerspace m in P; f graduated from m on 2020-12-31 and left P on 2022-06-30."""
    g = _park()
    g.add_node("m", label="Makerspace",
               labels=frozenset({"Organization", "IncubationCarrier", "Makerspace"}))
    g.add_edge("m", "P", type="LOCATED_IN")
    g.add_node("f", label="Enterprise", labels=ORG)
    g.add_edge("f", "m", type="INCUBATED_IN", since="2020-01-01", until="2020-12-31",
               outcome="graduated")
    g.add_edge("f", "P", type="LOCATED_IN", since="2020-01-01", until="2022-06-30")
    return g


@pytest.mark.parametrize(("as_of", "stayed", "leaked"), [
    ("2022-06-30", 1, 0),   # still a park firm on the last day of its LOCATED_IN
    ("2022-07-01", 0, 1),   # gone the day after: the graduate leaked
])
def test_incubation_retained_is_a_park_firm_at_as_of(as_of: str, stayed: int,
                                                     leaked: int) -> None:
    r = incubation_handoffs(_incubation_graph(), "P", as_of=as_of)
    (m,) = r.carriers
    assert (m.graduates, m.stayed_in_park, m.leakage) == (1, stayed, leaked)
    assert r.params["as_of"] == date.fromisoformat(as_of)


def test_incubation_today_still_works_and_as_of_wins() -> None:
    g = _incubation_graph()
    old = incubation_handoffs(g, "P", today=date(2022, 7, 1))
    assert old.carriers[0].stayed_in_park == 0 and old.params["as_of"] == date(2022, 7, 1)
    both = incubation_handoffs(g, "P", today=date(2022, 7, 1), as_of="2022-06-30")
    assert both.carriers[0].stayed_in_park == 1


def _collaboration_graph() -> nx.MultiDiGraph:
    """a, b, c in P (c until 2023-12-31); a–b since 2020, a–c since 2021, b–c since 2025."""
    g = _park()
    for org in "abc":
        g.add_node(org, label="Enterprise", labels=ORG)
    g.add_edge("a", "P", type="LOCATED_IN")
    g.add_edge("b", "P", type="LOCATED_IN")
    g.add_edge("c", "P", type="LOCATED_IN", until="2023-12-31")
    g.add_edge("a", "b", type="COLLABORATES_WITH", since="2020-03-01")
    g.add_edge("a", "c", type="COLLABORATES_WITH", since="2021-03-01")
    g.add_edge("b", "c", type="COLLABORATES_WITH", since="2025-03-01")
    return g


def test_collaboration_counts_current_park_firms_only() -> None:
    g = _collaboration_graph()
    before = collaboration_density(g, "P", as_of="2023-12-31")
    # a, b, c are park firms; a–b and a–c have happened; b–c starts in 2025
    assert (before.nodes, before.ties) == (3, 2)
    assert before.density == pytest.approx(2 * 2 / (3 * 2))
    after = collaboration_density(g, "P", as_of="2024-01-01")
    # c left: two nodes, one internal tie; a–c is now a park tie to the outside
    assert (after.nodes, after.ties) == (2, 1) and after.density == pytest.approx(1.0)
    assert after.openness == pytest.approx(1 / 2)
    later = collaboration_density(g, "P", as_of="2025-06-30")
    assert (later.nodes, later.ties) == (2, 1)  # b–c counts now, but c is outside
    assert later.openness == pytest.approx(2 / 3)
    assert later.params["as_of"] == date(2025, 6, 30)


def test_report_passes_as_of_to_every_analysis() -> None:
    g = _collaboration_graph()
    r = build_report(g, "P", systems=load_systems(), stats=[], year=2025, as_of="2023-12-31")
    assert r.as_of == date(2023, 12, 31)
    assert r.collaboration.params["as_of"] == date(2023, 12, 31)
    assert (r.collaboration.nodes, r.collaboration.ties) == (3, 2)
    assert r.incubation.params["as_of"] == date(2023, 12, 31)
    assert build_report(g, "P", systems=load_systems(), stats=[],
                        year=2025).collaboration.nodes == 2  # 31 Dec 2025: c has left
