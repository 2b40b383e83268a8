"""Chain linkage (metrics.md section 1) on graphs small enough to compute by hand.

The main graph ``g``::

    parks: P ⊃ P1 (sub-park), Q, E (empty)
    chain C: u1, u2 (upstream) → m1 (midstream) → d1, d2 (downstream)
             FEEDS u1→m1, u2→m1, m1→d1, m1→d2 (and d1→z1, into chain D: ignored)
    chain D: z1 ; chain K: k1 ; chain N: no segments
    park members: a, c, d, e, f (P) and b (P1)
    outside (Q): x, y, z, w, v, g, h ; n is in no park
    segments: a,b,z ∈ u1 ; c,x ∈ u2 ; c (primary),y ∈ m1 ; d,w ∈ d1 ;
              v,g,h ∈ d2 ; e,n ∈ z1 ; n ∈ k1
    SUPPLIES: a→c (w 2), a→c (w 1.5), c→d, x→c (w 3), z→a, z→b, y→d, d→w,
              e→a, n→e, x→y
    other ties: w–f COLLABORATES_WITH, g–w COLLABORATES_WITH, v INVESTS_IN a
    qualifications: w LittleGiant + HighTechEnterprise, g Listed
"""

from __future__ import annotations

import json
import math

import networkx as nx
import pytest

from ecograph.analysis.chain.linkage import (
    ChainLinkage,
    chain_linkage,
    coverage,
    segment_status,
)
from ecograph.errors import NotFoundError, ParameterError
from ecograph.vocab import Stage

ORG = frozenset({"Organization", "Enterprise"})


def _park(g: nx.MultiDiGraph, pid: str) -> None:
    g.add_node(pid, label="Park", labels=frozenset({"Park"}), name=f"Park {pid}")


def _chain(g: nx.MultiDiGraph, cid: str, segments: dict[str, str]) -> None:
    g.add_node(cid, label="IndustryChain", labels=frozenset({"IndustryChain"}))
    for seg, stage in segments.items():
        g.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}),
                   name=f"seg {seg}", stage=stage)
        g.add_edge(seg, cid, type="SEGMENT_OF")


def _org(g: nx.MultiDiGraph, oid: str, park: str | None, segs: tuple[str, ...] = (),
         quals: tuple[str, ...] = (), label: str = "Enterprise") -> None:
    g.add_node(oid, label=label, labels=ORG | {label}, name=f"org {oid}",
               qualifications=list(quals))
    if park:
        g.add_edge(oid, park, type="LOCATED_IN")
    for seg in segs:
        g.add_edge(oid, seg, type="IN_SEGMENT")


@pytest.fixture
def g() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for pid in ("P", "P1", "Q", "E"):
        _park(graph, pid)
    graph.add_edge("P1", "P", type="SUB_PARK_OF")
    _chain(graph, "C", {"u1": "upstream", "u2": "upstream", "m1": "midstream",
                        "d1": "downstream", "d2": "downstream"})
    _chain(graph, "D", {"z1": "midstream"})
    _chain(graph, "K", {"k1": "upstream"})
    _chain(graph, "N", {})
    for s, t in (("u1", "m1"), ("u2", "m1"), ("m1", "d1"), ("m1", "d2"), ("d1", "z1")):
        graph.add_edge(s, t, type="FEEDS")
    _org(graph, "a", "P", ("u1",))
    _org(graph, "b", "P1", ("u1",))
    _org(graph, "c", "P", ("u2",))
    graph.add_edge("c", "m1", type="IN_SEGMENT", primary=True)
    _org(graph, "d", "P", ("d1",))
    _org(graph, "e", "P", ("z1",))
    _org(graph, "f", "P", label="University")
    _org(graph, "x", "Q", ("u2",))
    _org(graph, "y", "Q", ("m1",))
    _org(graph, "z", "Q", ("u1",))
    _org(graph, "w", "Q", ("d1",), ("LittleGiant", "HighTechEnterprise"))
    _org(graph, "v", "Q", ("d2",))
    _org(graph, "g", "Q", ("d2",), ("Listed",))
    _org(graph, "h", "Q", ("d2",))
    _org(graph, "n", None, ("z1", "k1"))
    for s, t, w in (("a", "c", 2.0), ("a", "c", 1.5), ("c", "d", None), ("x", "c", 3.0),
                    ("z", "a", None), ("z", "b", None), ("y", "d", None), ("d", "w", None),
                    ("e", "a", None), ("n", "e", None), ("x", "y", None)):
        attrs = {} if w is None else {"weight": w}
        graph.add_edge(s, t, type="SUPPLIES", **attrs)
    graph.add_edge("w", "f", type="COLLABORATES_WITH")
    graph.add_edge("g", "w", type="COLLABORATES_WITH")
    graph.add_edge("v", "a", type="INVESTS_IN", round="A")
    return graph


@pytest.fixture
def result(g: nx.MultiDiGraph) -> ChainLinkage:
    return chain_linkage(g, "P", "C")


def _seg(result: ChainLinkage, seg: str) -> dict[str, object]:
    return next(r for r in result.to_dict()["segments"] if r["segment"] == seg)


def test_segment_firms_count_sub_parks_and_region(result: ChainLinkage) -> None:
    rows = {r.segment: (r.stage, r.firms, r.region_firms) for r in result.segments}
    assert rows == {"u1": ("upstream", 2, 3), "u2": ("upstream", 1, 2),
                    "m1": ("midstream", 1, 2), "d1": ("downstream", 1, 2),
                    "d2": ("downstream", 0, 3)}


def test_location_quotients(result: ChainLinkage) -> None:
    # firms_P(C) = 4 (a, b, c, d); firms_R(C) = 11 distinct organisations
    lq = {r.segment: r.location_quotient for r in result.segments}
    assert lq["u1"] == pytest.approx((2 / 4) / (3 / 11), abs=1e-9)
    for seg in ("u2", "m1", "d1"):
        assert lq[seg] == pytest.approx((1 / 4) / (2 / 11), abs=1e-9)
    assert lq["d2"] == 0.0


def test_location_quotient_with_region_is_null_on_zero_region_share(g: nx.MultiDiGraph) -> None:
    r = chain_linkage(g, "P", "C", region={"a", "b", "c", "d", "z"})
    lq = {row.segment: row.location_quotient for row in r.segments}
    assert lq["u1"] == pytest.approx((2 / 4) / (3 / 5), abs=1e-9)
    assert lq["u2"] == pytest.approx(1.25, abs=1e-9)
    assert lq["d2"] is None
    assert r.params["region"] == ["a", "b", "c", "d", "z"]


def test_region_as_park_id(g: nx.MultiDiGraph) -> None:
    # region = members of Q: u1 {z}, u2 {x}, m1 {y}, d1 {w}, d2 {v, g, h}; 7 in all
    r = chain_linkage(g, "P", "C", region="Q")
    lq = {row.segment: row.location_quotient for row in r.segments}
    assert lq["u1"] == pytest.approx((2 / 4) / (1 / 7), abs=1e-9)
    assert lq["d2"] == 0.0


def test_statuses_default(result: ChainLinkage) -> None:
    assert {r.segment: r.status for r in result.segments} == {
        "u1": "present", "u2": "weak", "m1": "weak", "d1": "weak", "d2": "missing"}


@pytest.mark.parametrize(("weak_threshold", "lq_weak", "weak"), [
    (1, 0.5, set()),                       # all LQs ≥ 1.375
    (1, 1.5, {"u2", "m1", "d1"}),          # 1.375 < 1.5 ≤ 1.833
    (1, 1.9, {"u1", "u2", "m1", "d1"}),
    (3, 0.5, {"u1", "u2", "m1", "d1"}),    # u1 has 2 firms < 3
])
def test_status_thresholds(g: nx.MultiDiGraph, weak_threshold: int, lq_weak: float,
                           weak: set[str]) -> None:
    r = chain_linkage(g, "P", "C", weak_threshold=weak_threshold, lq_weak=lq_weak)
    statuses = {row.segment: row.status for row in r.segments}
    assert {s for s, st in statuses.items() if st == "weak"} == weak
    assert statuses["d2"] == "missing"


@pytest.mark.parametrize(("firms", "lq", "expected"), [
    (0, None, "missing"), (0, 0.0, "missing"), (1, 5.0, "weak"), (2, 0.49, "weak"),
    (2, 0.5, "present"), (2, None, "present"),
])
def test_segment_status(firms: int, lq: float | None, expected: str) -> None:
    assert segment_status(firms, lq) == expected


def test_coverage(result: ChainLinkage) -> None:
    assert result.coverage["present_or_weak"] == pytest.approx(
        {"overall": 4 / 5, "upstream": 1.0, "midstream": 1.0, "downstream": 0.5}, abs=1e-9)
    # only u1 is present
    assert result.coverage["present"] == pytest.approx(
        {"overall": 1 / 5, "upstream": 0.5, "midstream": 0.0, "downstream": 0.0}, abs=1e-9)


def test_coverage_null_for_stage_without_segments() -> None:
    assert coverage({"s": "missing"}, {"s": Stage.midstream})["present_or_weak"] == {
        "overall": 0.0, "upstream": None, "midstream": 0.0, "downstream": None}


def test_link_realization(result: ChainLinkage) -> None:
    # eligible: u1→m1 (a→c), u2→m1 (no c→c), m1→d1 (c→d); m1→d2 has no park firm in d2
    assert result.link_realization == pytest.approx(2 / 3, abs=1e-9)
    links = result.ratios["link_realization"]
    assert (links.numerator, links.denominator, links.basis) == (2, 3, "links")


def test_local_sourcing_and_sales(result: ChainLinkage) -> None:
    # purchases (target in a, b, c, d): a→c twice, c→d, x→c, z→a, z→b, y→d, e→a = 8;
    # from park firms: a→c twice, c→d, e→a (e is a park firm of another chain)
    assert result.local_sourcing_share == 0.5 and result.basis == "count"
    sourcing = result.ratios["local_sourcing_share"]
    assert (sourcing.numerator, sourcing.denominator) == (4, 8)
    # sales (source in a, b, c, d): a→c twice, c→d, d→w; to park firms: 3
    assert result.local_sales_share == 0.75


def test_leakage_and_import_shares(result: ChainLinkage) -> None:
    assert {r.segment: r.leakage.count for r in result.segments} == {
        "u1": 2, "u2": 1, "m1": 1, "d1": 0, "d2": 0}
    assert all(r.leakage.amount is None for r in result.segments)  # no amounts known
    # u1: suppliers a (a→c twice) and z (z→a, z→b): 2 of 4 from outside
    shares = {r.segment: r.import_share for r in result.segments}
    assert shares == {"u1": 0.5, "u2": 0.5, "m1": 0.5, "d1": None, "d2": None}
    # fewer than 3 outside purchases anywhere: nothing is import-dependent
    assert not any(r.import_dependent for r in result.segments)
    assert _seg(result, "u1")["leakage"] == {"count": 2, "amount": None}


def test_weak_reasons(result: ChainLinkage) -> None:
    reasons = {r.segment: r.weak_reasons for r in result.segments}
    assert reasons["u2"] == ("firms < 2",) and reasons["u1"] == () and reasons["d2"] == ()


def test_anchors(result: ChainLinkage) -> None:
    # partners in C: a {c, z}, b {z}, c {a, d, x}, d {c, y, w}; no revenue, no qualifications
    rows = [(r.firm, round(r.anchor_score, 9), r.partners, r.segment) for r in result.anchors]
    assert rows == [("c", 0.3, 3, "m1"), ("d", 0.3, 3, "d1"), ("a", 0.2, 2, "u1"),
                    ("b", 0.1, 1, "u1")]
    assert result.anchors[0].name == "org c" and result.anchors[0].revenue_unknown


def test_anchor_scale_dominates_with_same_ties(g: nx.MultiDiGraph) -> None:
    # a (revenue 5,000) and b (50,000): give b the same partners as a
    g.nodes["a"]["revenue"] = 5000.0
    g.nodes["b"]["revenue"] = 50000.0
    g.add_edge("b", "c", type="SUPPLIES")
    rows = {r.firm: r for r in chain_linkage(g, "P", "C").anchors}
    assert rows["a"].partners == rows["b"].partners == 2
    assert rows["b"].revenue_share == pytest.approx(50000 / 55000)
    # c now has 4 partners (a, b, d, x): b = 0.5 × 1 + 0.3 × 2/4 = 0.65,
    # a = 0.5 × (5000/55000) / (50000/55000) + 0.3 × 2/4 = 0.2
    assert rows["b"].anchor_score == pytest.approx(0.65)
    assert rows["a"].anchor_score == pytest.approx(0.2)
    assert chain_linkage(g, "P", "C").anchors[0].firm == "b"


def test_single_points(result: ChainLinkage) -> None:
    # undirected tree b–z–a–c–d with leaves x (on c), y and w (on d)
    assert result.single_points == ("a", "c", "d", "z")


def test_gaps_ranked_with_explained_scores(result: ChainLinkage) -> None:
    scores = [(gap.segment, gap.status, gap.action) for gap in result.gaps]
    # m1 and u2 tie at 1.6 (by id); d2 is fed by weak m1 and feeds nothing: 延链
    assert scores == [("m1", "weak", "强链"), ("u2", "weak", "强链"),
                      ("d2", "missing", "延链"), ("d1", "weak", "强链")]
    expected = {"u2": 0.8 * (1 + 1), "m1": 0.8 * (1 + 1), "d2": 0.6 * (0 + 1),
                "d1": 0.8 * (0 + 0)}
    for gap in result.gaps:
        assert gap.gap_score == pytest.approx(expected[gap.segment], abs=1e-9)
    u2 = result.gaps[1]
    assert u2.explanation["components"] == {"action_weight": 0.8, "leakage": 1,
                                            "direct_links": 1}
    assert "1.600" in u2.explanation["en"] and "强链" in u2.explanation["zh"]
    assert "gap_score" in result.formula and "log2" in result.formula
    assert {r.segment: r.role for r in result.segments}["u1"] is None


def test_candidates(result: ChainLinkage) -> None:
    gaps = {gap.segment: gap for gap in result.gaps}
    (x,) = gaps["u2"].candidates
    assert (x.org, x.ties, x.distance, x.path, x.score) == ("x", 1, 1, ("x", "c"), 3.0)
    assert (x.current_park, x.customers_in_park, x.revenue_unknown) == ("Q", ("c",), True)
    (w,) = gaps["d1"].candidates
    assert (w.ties, w.distance, w.qualifications) == (
        2, 1, ("HighTechEnterprise", "LittleGiant"))
    assert w.score == pytest.approx(2 * math.log2(3) + 1 + 4, abs=1e-9)
    d2 = gaps["d2"].candidates
    assert [(c.org, c.ties, c.distance, c.path) for c in d2] == [
        ("v", 1, 1, ("v", "a")), ("g", 0, 2, ("g", "w", "d")), ("h", 0, None, ())]
    assert [c.score for c in d2] == pytest.approx([3.0, 2.5, 0.0], abs=1e-9)
    assert "no path" in d2[2].explanation and "g – w – d" in d2[1].explanation


def test_candidate_bounds(g: nx.MultiDiGraph) -> None:
    r = chain_linkage(g, "P", "C", top_candidates=2, max_distance=1)
    d2 = next(gap for gap in r.gaps if gap.segment == "d2").candidates
    assert [(c.org, c.distance, c.score) for c in d2] == [("v", 1, 3.0), ("g", None, 2.0)]


def test_to_dict_is_json_ready(result: ChainLinkage) -> None:
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) >= {"park", "chain", "as_of", "segments", "coverage", "link_realization",
                         "local_sourcing_share", "local_sales_share", "basis", "anchors",
                         "single_points", "gaps", "targets", "formula", "params"}
    assert data["gaps"][1]["candidates"][0]["path"] == ["x", "c"]
    assert data["segments"][4]["location_quotient"] == 0.0


@pytest.mark.parametrize(("park", "chain"), [("nope", "C"), ("P", "nope"), ("P", "Q"), ("C", "C")])
def test_unknown_ids(g: nx.MultiDiGraph, park: str, chain: str) -> None:
    with pytest.raises(NotFoundError):
        chain_linkage(g, park, chain)


@pytest.mark.parametrize(("weak", "top", "hops"), [(2, -1, 3), (-1, 5, 3), (2, 5, -1)])
def test_negative_parameters_rejected(g: nx.MultiDiGraph, weak: int, top: int,
                                      hops: int) -> None:
    with pytest.raises(ParameterError):
        chain_linkage(g, "P", "C", weak_threshold=weak, top_candidates=top, max_distance=hops)


def test_simple_graph_rejected(g: nx.MultiDiGraph) -> None:
    with pytest.raises(TypeError):
        chain_linkage(nx.DiGraph(g), "P", "C")


def test_empty_park(g: nx.MultiDiGraph) -> None:
    r = chain_linkage(g, "E", "C")
    assert {row.status for row in r.segments} == {"missing"}
    assert all(row.location_quotient is None for row in r.segments)
    assert r.coverage["present_or_weak"] == {
        "overall": 0.0, "upstream": 0.0, "midstream": 0.0, "downstream": 0.0}
    assert (r.link_realization, r.local_sourcing_share, r.local_sales_share) == (
        None, None, None)
    assert {row.leakage.count for row in r.segments} == {0}
    assert (r.anchors, r.single_points) == ((), ())
    assert len(r.gaps) == 5 and {gap.action for gap in r.gaps} == {"远链"}
    assert not any(gap.recommended for gap in r.gaps)
    assert all(c.distance is None and c.ties == 0 for gap in r.gaps for c in gap.candidates)


def test_chain_without_park_firms(g: nx.MultiDiGraph) -> None:
    r = chain_linkage(g, "P", "K")
    (row,) = r.segments
    assert (row.firms, row.region_firms, row.location_quotient, row.status) == (
        0, 1, None, "missing")
    assert r.coverage["present"]["overall"] == 0.0 and r.coverage["present"]["midstream"] is None
    assert (r.link_realization, r.local_sourcing_share) == (None, None)
    (gap,) = r.gaps
    # n is not in the park; its supply tie to park member e makes it 1 hop away
    assert [(c.org, c.ties, c.distance) for c in gap.candidates] == [("n", 1, 1)]


def test_chain_without_segments(g: nx.MultiDiGraph) -> None:
    r = chain_linkage(g, "P", "N")
    assert r.segments == () and r.gaps == ()
    assert r.coverage["present"] == dict.fromkeys(
        ["overall", "upstream", "midstream", "downstream"])


def test_single_organisation() -> None:
    graph = nx.MultiDiGraph()
    _park(graph, "P")
    _chain(graph, "C", {"s": "upstream"})
    _org(graph, "o", "P", ("s",))
    r = chain_linkage(graph, "P", "C")
    (row,) = r.segments
    assert (row.firms, row.location_quotient, row.status) == (1, 1.0, "weak")
    assert r.coverage["present_or_weak"] == {
        "overall": 1.0, "upstream": 1.0, "midstream": None, "downstream": None}
    assert (r.link_realization, r.local_sourcing_share) == (None, None)
    assert [(a.firm, a.anchor_score) for a in r.anchors] == [("o", 0.0)]
    assert r.single_points == ()
    (gap,) = r.gaps
    assert gap.candidates == ()


def test_every_ratio_has_numerator_and_denominator(result: ChainLinkage) -> None:
    present = result.ratios["coverage.present.upstream"]
    assert (present.value, present.numerator, present.denominator) == (0.5, 1, 2)
    held = result.ratios["coverage.present_or_weak.overall"]
    assert (held.numerator, held.denominator) == (4, 5)
    assert result.ratios["coverage.present.midstream"].value == 0.0
