"""The four visualisations built from hand-made graphs and real analyses."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.chain.index import example_graph
from ecograph.analysis.chain.linkage import chain_linkage
from ecograph.analysis.incubation.handoffs import incubation_handoffs
from ecograph.errors import NotFoundError, ParameterError
from ecograph.viz import (
    chain_map_view,
    collaboration_view,
    ego_subgraph,
    ego_view,
    incubation_view,
)
from ecograph.viz.incubation_flow import LEFT_NODE, PARK_NODE
from ecograph.viz.palette import STATUS_COLORS, TYPE_COLORS

ORG = frozenset({"Organization"})


def _org(g: nx.MultiDiGraph, node: str, label: str, name: str) -> None:
    g.add_node(node, label=label, labels=ORG | {label}, name=name)


@pytest.fixture
def collab() -> nx.Graph:
    g = nx.Graph()
    for node, label in [("E1", "Enterprise"), ("E2", "Enterprise"), ("U1", "University"),
                        ("K1", "KeyLaboratory"), ("X", "Enterprise")]:
        g.add_node(node, label=label, name=f"名{node}")
    g.add_edge("E1", "U1", weight=2.0)
    g.add_edge("E2", "U1", weight=1.0)
    g.add_edge("K1", "U1", weight=20.0)
    return g


def test_collaboration_colours_by_type_and_sizes_by_degree(collab: nx.Graph) -> None:
    page = collaboration_view(collab)
    by_id = {n.id: n for n in page.nodes}
    assert by_id["U1"].color == TYPE_COLORS["University"]
    assert by_id["K1"].color == TYPE_COLORS["InnovationPlatform"]  # a key lab is a platform
    assert by_id["U1"].size == pytest.approx(8 + 4 * 3 ** 0.5, abs=0.01)  # degree 3
    assert "X" not in by_id  # the isolate is hidden …
    # … and counted
    assert (page.figures[-1].en, page.figures[-1].value) == ("isolates (not drawn)", "1")
    # widths 1 + log2(weight): weights 1, 2 and 20 (log2 20 = 4.32)
    assert sorted(e.width for e in page.edges) == [1.0, 2.0, 5.32]
    assert page.notice is None


def test_collaboration_cap_gives_notice(collab: nx.Graph) -> None:
    page = collaboration_view(collab, cap=2)
    assert sorted(n.id for n in page.nodes) == ["E1", "U1"]  # U1 degree 3, then ties by id
    assert page.notice is not None and "of 4" in page.notice[1]  # 4 connected, X hidden


@pytest.fixture
def ego_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node in "abcde":
        _org(g, node, "Enterprise", node.upper())
    g.add_node("P", label="Park", labels=frozenset({"Park"}))
    g.add_edge("a", "b", type="SUPPLIES")
    g.add_edge("c", "a", type="INVESTS_IN")
    g.add_edge("c", "d", type="COLLABORATES_WITH")
    g.add_edge("a", "P", type="LOCATED_IN")
    g.add_edge("d", "e", type="SUPPLIES")
    return g


@pytest.mark.parametrize(("depth", "types", "expected"), [
    (1, None, ["a", "b", "c"]),
    (2, None, ["a", "b", "c", "d"]),
    (3, None, ["a", "b", "c", "d", "e"]),
    (3, ["SUPPLIES"], ["a", "b"]),
    (1, ["LOCATED_IN"], ["P", "a"]),
])
def test_ego_subgraph(ego_graph: nx.MultiDiGraph, depth: int, types: list[str] | None,
                      expected: list[str]) -> None:
    assert sorted(ego_subgraph(ego_graph, "a", depth=depth, types=types).nodes) == expected


def test_ego_errors(ego_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(NotFoundError):
        ego_subgraph(ego_graph, "P")  # a park is not an organisation
    with pytest.raises(ParameterError):
        ego_subgraph(ego_graph, "a", depth=4)
    with pytest.raises(ParameterError):
        ego_subgraph(ego_graph, "a", types=["LIKES"])


def test_ego_view_stars_the_centre(ego_graph: nx.MultiDiGraph) -> None:
    page = ego_view(ego_subgraph(ego_graph, "a", depth=2), "a")
    assert page.nodes[0].id == "a" and page.nodes[0].shape == "star"
    arrows = {(e.source, e.target): e.arrows for e in page.edges}
    assert arrows == {("a", "b"): "to", ("c", "a"): "to", ("c", "d"): ""}


def test_chain_map_statuses_firms_and_candidates() -> None:
    g = example_graph()
    linkage = chain_linkage(g, "P", "C")
    page = chain_map_view(g, linkage)
    segments = {n.id: n for n in page.nodes if n.shape == "box"}
    assert {s: n.color for s, n in segments.items()} == {
        row.segment: STATUS_COLORS[row.status] for row in linkage.segments}
    # stage columns: upstream left of midstream left of downstream
    stages = {row.segment: row.stage for row in linkage.segments}
    order = ["upstream", "midstream", "downstream"]
    xs = sorted(segments, key=lambda s: segments[s].x)
    ranks = [order.index(str(stages[s])) for s in xs]
    assert ranks == sorted(ranks)
    feeds = [(e.source, e.target) for e in page.edges if e.arrows == "to"]
    assert feeds and all(s in segments and t in segments for s, t in feeds)
    candidate_edges = {(e.source, e.target) for e in page.edges if e.dashes}
    expected = {(c.org, gap.segment) for gap in linkage.gaps for c in gap.candidates}
    assert candidate_edges == expected and expected
    no_firms = chain_map_view(g, linkage, show_firms=False)
    assert len(no_firms.nodes) < len(page.nodes)
    assert page.fixed_layout  # the browser must not move the stage columns


def test_incubation_flow_weights_edges_by_handoffs() -> None:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}), name="园")
    for c, lab in [("m", "Makerspace"), ("i", "Incubator"), ("a", "Accelerator")]:
        g.add_node(c, label=lab, labels=ORG | {"IncubationCarrier", lab}, name=f"载体{c}")
        g.add_edge(c, "P", type="LOCATED_IN")
    for f in ("f1", "f2", "f3", "f4"):
        _org(g, f, "Enterprise", f)
        g.add_edge(f, "m", type="INCUBATED_IN", since="2019-01-01", until="2019-12-31",
                   outcome="graduated")
        g.add_edge(f, "i", type="INCUBATED_IN", since="2020-02-01", until="2020-12-31",
                   outcome="graduated")
    g.add_edge("f1", "a", type="INCUBATED_IN", since="2021-01-10", outcome="active")
    g.add_edge("f2", "P", type="LOCATED_IN")
    report = incubation_handoffs(g, "P", today=date(2024, 1, 1))
    page = incubation_view(g, report, "P")
    widths = {(e.source, e.target): e.width for e in page.edges}
    # m→i: 4 handoffs → 1 + 2·√4 = 5; i→a: 1 → 3
    assert widths[("m", "i")] == 5.0 and widths[("i", "a")] == 3.0
    xs = {n.id: n.x for n in page.nodes}
    assert xs["m"] < xs["i"] < xs["a"] < xs[PARK_NODE]
    gap_ids = {gap.carrier for gap in report.successor_gaps}
    assert all(n.color == "#e15759" for n in page.nodes if n.id in gap_ids)
    # i's four graduates: f1 handed off to a, f2 stayed (located in P), f3 and f4 left:
    # 留园 1 → 1 + 2·√1 = 3, 离园 2 → 1 + 2·√2 ≈ 3.83 (dashed, to the 离园 node)
    assert widths[("i", PARK_NODE)] == 3.0
    assert widths[("i", LEFT_NODE)] == 3.83
    assert xs["a"] < xs[LEFT_NODE]
    assert [e.dashes for e in page.edges if e.target == LEFT_NODE] == [True]
