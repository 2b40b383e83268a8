"""Equivalent segments (``skos:exactMatch``): ``covered_in`` and the 补链 rule.

Hand-made graph::

    chain A: a1 (upstream) → a2 (midstream) → a3 (downstream); a2 ≡ b2
    chain B: b1 (upstream), b2 (midstream)
    park P (leading chain A): p1, p2 ∈ a1 ; p3, p4 ∈ a3 ;
                              q1, q2, q3 ∈ b2 ; q4 ∈ b2 until 2020-01-01
    outside (park Q): x ∈ a2, x SUPPLIES p3

At as_of 2024-06-30: a2 has no park firm → missing; it feeds a3 (present)
→ 补链 with leakage 1 (x → p3) and direct_links 1: gap_score = 1.0 × (log2 2 + 1)
= 2.0. Its equivalent b2 has 3 current park firms (q4's tie ended), so a2 is
covered in b2 (3 firms): listed, not recommended, no 招商清单 row.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.chain.equivalents import CoveredIn, covered_in, equivalent_segments
from ecograph.analysis.chain.linkage import chain_linkage

ORG = frozenset({"Organization", "Enterprise"})
AS_OF = "2024-06-30"


def _graph(exact: bool = True) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for park in ("P", "Q"):
        g.add_node(park, label="Park", labels=frozenset({"Park"}), name=f"园区{park}")
    for chain, name, segs in (("A", "甲链", {"a1": "upstream", "a2": "midstream",
                                             "a3": "downstream"}),
                              ("B", "乙链", {"b1": "upstream", "b2": "midstream"})):
        g.add_node(chain, label="IndustryChain", labels=frozenset({"IndustryChain"}),
                   name=name)
        for seg, stage in segs.items():
            g.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}),
                       name=f"环节{seg}", stage=stage)
            g.add_edge(seg, chain, type="SEGMENT_OF")
    g.add_edge("a1", "a2", type="FEEDS")
    g.add_edge("a2", "a3", type="FEEDS")
    if exact:
        g.nodes["a2"]["exact_match"] = "b2"
    g.add_edge("P", "A", type="HAS_LEADING_CHAIN", rank=1)
    for org, park, seg in (("p1", "P", "a1"), ("p2", "P", "a1"), ("p3", "P", "a3"),
                           ("p4", "P", "a3"), ("q1", "P", "b2"), ("q2", "P", "b2"),
                           ("q3", "P", "b2"), ("q4", "P", None), ("x", "Q", "a2")):
        g.add_node(org, label="Enterprise", labels=ORG, name=f"企业{org}")
        g.add_edge(org, park, type="LOCATED_IN")
        if seg:
            g.add_edge(org, seg, type="IN_SEGMENT")
    g.add_edge("q4", "b2", type="IN_SEGMENT", since="2015-01-01", until="2020-01-01")
    g.add_edge("x", "p3", type="SUPPLIES")
    return g


def test_equivalence_is_symmetric_and_stays_out_of_the_own_chain() -> None:
    g = _graph()
    assert equivalent_segments(g, ["a2", "b2", "b1"]) == {
        "a2": ("b2",), "b2": ("a2",), "b1": ()}


def test_covered_in_counts_current_park_firms_of_the_equivalent() -> None:
    g = _graph()
    members = {"p1", "p2", "p3", "p4", "q1", "q2", "q3", "q4"}
    now = covered_in(g, ["a1", "a2"], members, as_of=date(2024, 6, 30))
    assert now == {"a1": (), "a2": (CoveredIn("b2", "环节b2", "B", "乙链", 3),)}
    # before q4's tie ended it counts too
    then = covered_in(g, ["a2"], members, as_of=date(2019, 6, 30))
    assert then["a2"][0].firms == 4
    # the equivalent's side: a2 has no park firm, so b2 is covered nowhere else
    assert covered_in(g, ["b2"], members, as_of=date(2024, 6, 30)) == {"b2": ()}


def test_missing_segment_covered_elsewhere_is_not_recommended() -> None:
    r = chain_linkage(_graph(), "P", "A", as_of=AS_OF)
    row = next(s for s in r.segments if s.segment == "a2")
    assert row.status == "missing" and row.firms == 0 and row.role == "补链"
    assert [(c.segment, c.firms) for c in row.covered_in] == [("b2", 3)]
    gap = next(g for g in r.gaps if g.segment == "a2")
    assert gap.action == "补链" and gap.status == "missing"
    assert gap.gap_score == pytest.approx(2.0)  # 1.0 × (log2(1 + 1) + 1)
    assert gap.recommended is False
    assert [c.org for c in gap.candidates] == ["x"]  # still listed on the gap
    assert "activity covered in b2 (3 firms)" in gap.explanation["en"]
    assert "乙链·环节b2" in gap.explanation["zh"] and "3 家" in gap.explanation["zh"]
    assert "不列为招商缺口" in gap.explanation["zh"]
    assert [t.segment for t in r.targets] == []
    plain = r.to_dict()
    seg = next(s for s in plain["segments"] if s["segment"] == "a2")
    assert seg["covered_in"] == [{"segment": "b2", "name": "环节b2", "chain": "B",
                                  "chain_name": "乙链", "firms": 3}]


def test_without_the_declaration_the_gap_is_recommended() -> None:
    r = chain_linkage(_graph(exact=False), "P", "A", as_of=AS_OF)
    gap = next(g for g in r.gaps if g.segment == "a2")
    assert gap.recommended is True and gap.covered_in == ()
    assert "covered" not in gap.explanation["en"]
    assert [(t.segment, t.candidate) for t in r.targets] == [("a2", "x")]


def test_equivalent_without_current_park_firms_does_not_cover() -> None:
    g = _graph()
    for firm in ("q1", "q2", "q3"):
        g.remove_edge(firm, "b2")
    r = chain_linkage(g, "P", "A", as_of=AS_OF)
    gap = next(x for x in r.gaps if x.segment == "a2")
    assert gap.covered_in == () and gap.recommended is True
    # q4 was in b2 until 2020: at an as_of before that it covers a2 again
    early = chain_linkage(g, "P", "A", as_of="2019-01-01")
    gap = next(x for x in early.gaps if x.segment == "a2")
    assert [(c.segment, c.firms) for c in gap.covered_in] == [("b2", 1)]
    assert gap.recommended is False


def test_weak_segment_with_a_covered_equivalent_stays_a_recommended_gap() -> None:
    g = _graph()
    g.add_node("p5", label="Enterprise", labels=ORG, name="企业p5")
    g.add_edge("p5", "P", type="LOCATED_IN")
    g.add_edge("p5", "a2", type="IN_SEGMENT")  # one firm: weak (firms < 2)
    r = chain_linkage(g, "P", "A", as_of=AS_OF)
    gap = next(x for x in r.gaps if x.segment == "a2")
    assert gap.status == "weak" and gap.action == "强链" and gap.recommended is True
    assert [(c.segment, c.firms) for c in gap.covered_in] == [("b2", 3)]
    assert "also has firms in the park: b2 (3 firms)" in gap.explanation["en"]
