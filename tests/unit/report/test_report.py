"""The planner's report on a small hand-made graph: sections, numbers, escaping.

Graph: park P (name with a ``<script>`` tag) with chain C of segments S1
(upstream, feeds S2) and S2 (downstream). Park firms: e1 in S1 (HighTech),
e2 in S1; outside firm x in S2 supplies e1. So S1 has 2 firms (present) and S2
none (missing: the only gap, with candidate x, tied by one SUPPLIES edge).
Carriers: makerspace m and incubator i in P; firm f1 graduates from m and
enters i 31 days later; m has no accelerator handoff (a gap with 1 graduate),
and the park has no accelerator. Collaboration: e1–u (university, 产学研) and
e1–e2, so 2 internal ties among 6 park organisations, 产学研 share 1/2.
A second park Q (no firms) is the only other peer.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.indicators.systems import StatRow, load_systems
from ecograph.errors import NotFoundError
from ecograph.report import ReportData, build_report, park_chains, render_html
from ecograph.report.actions import next_steps

PARK_NAME = "<script>alert(1)</script>高新区"


def _org(g: nx.MultiDiGraph, node: str, label: str, *parents: str, **attrs: object) -> None:
    g.add_node(node, label=label, labels=frozenset({"Organization", *parents, label}), **attrs)


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("P", label="HighTechZone", labels=frozenset({"Park", "HighTechZone"}),
               name=PARK_NAME)
    g.add_node("Q", label="IndustrialPark", labels=frozenset({"Park", "IndustrialPark"}),
               name="Q园")
    g.add_node("C", label="IndustryChain", labels=frozenset({"IndustryChain"}), name="新能源汽车")
    for seg, stage, name in (("S1", "upstream", "电池"), ("S2", "downstream", "整车")):
        g.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}), name=name,
                   stage=stage)
        g.add_edge(seg, "C", type="SEGMENT_OF")
    g.add_edge("S1", "S2", type="FEEDS")
    g.add_edge("P", "C", type="HAS_LEADING_CHAIN", rank=1)
    _org(g, "e1", "Enterprise", name="甲", qualifications=["HighTechEnterprise"])
    _org(g, "e2", "Enterprise", name="乙")
    _org(g, "x", "Enterprise", name="外<b>丙</b>")
    _org(g, "u", "University", name="大学")
    _org(g, "m", "Makerspace", "IncubationCarrier", name="众创")
    _org(g, "i", "Incubator", "IncubationCarrier", name="孵化")
    _org(g, "f1", "Enterprise", name="初创")
    for node in ("e1", "e2", "u", "m", "i", "f1"):
        g.add_edge(node, "P", type="LOCATED_IN")
    g.add_edge("e1", "S1", type="IN_SEGMENT")
    g.add_edge("e2", "S1", type="IN_SEGMENT")
    g.add_edge("x", "S2", type="IN_SEGMENT")
    g.add_edge("x", "e1", type="SUPPLIES")
    g.add_edge("e1", "u", type="COLLABORATES_WITH", since="2022-01-01")
    g.add_edge("e1", "e2", type="COLLABORATES_WITH", since="2023-01-01")
    g.add_edge("f1", "m", type="INCUBATED_IN", since="2020-01-01", until="2020-12-31",
               outcome="graduated")
    g.add_edge("f1", "i", type="INCUBATED_IN", since="2021-01-31", outcome="active")
    return g


@pytest.fixture
def report_data(graph: nx.MultiDiGraph) -> ReportData:
    stats = [StatRow("P", 2024, "hz.2.2", 41.5), StatRow("Q", 2024, "hz.2.2", 20.0)]
    return build_report(graph, "P", systems=load_systems(), stats=stats, year=2024)


def test_chains_are_those_with_park_firms(graph: nx.MultiDiGraph) -> None:
    assert park_chains(graph, "P") == ["C"]
    assert park_chains(graph, "Q") == []


def test_chain_section_statuses_and_gap(report_data: ReportData) -> None:
    (section,) = report_data.chains
    statuses = {s.segment: (s.firms, s.status) for s in section.linkage.segments}
    assert statuses == {"S1": (2, "present"), "S2": (0, "missing")}
    (gap,) = section.linkage.gaps
    assert gap.segment == "S2" and [c.org for c in gap.candidates] == ["x"]
    assert report_data.ranked_gaps()[0][0].segment == "S2"


def test_incubation_and_collaboration_figures(report_data: ReportData) -> None:
    inc = report_data.incubation
    assert [(h.carrier, h.to_carrier, h.gap_days) for h in inc.handoffs] == [("m", "i", 31)]
    assert report_data.as_of == date(2024, 12, 31)
    co = report_data.collaboration
    assert (co.nodes, co.ties, co.iur_share) == (6, 2, 0.5)
    picture = report_data.network
    assert sorted(n.id for n in picture.nodes) == ["e1", "e2", "u"]
    assert picture.isolates == 3 and len(picture.edges) == 2 and picture.notice is None


def test_evaluation_and_scores(report_data: ReportData) -> None:
    values = {v.id: v for v in report_data.evaluation.indicators}
    assert values["hz.2.4"].source == "graph"
    assert values["hz.2.4"].value == pytest.approx(100 / 3)  # e1 of e1, e2, f1
    assert (values["hz.2.2"].value, values["hz.2.2"].source) == (41.5, "park_stats")
    # P declares no tier_category: no headline score, the three side by side;
    # with two parks of its kind no indicator is scored among peers
    ev = report_data.evaluation
    assert ev.index_score is None
    assert all(a.method == "target" for s in ev.index_scores.values() for a in s.indicators)


def test_actions_follow_the_rules(report_data: ReportData) -> None:
    kinds = [a.kind for a in next_steps(report_data)]
    assert kinds == ["attract", "accelerate", "tier", "data"]
    attract = next(a for a in report_data.actions if a.kind == "attract")
    assert "整车" in attract.zh and "外<b>丙</b>" in attract.zh
    assert "加速器" in next(a for a in report_data.actions if a.kind == "accelerate").zh


def test_low_iur_share_is_flagged(graph: nx.MultiDiGraph) -> None:
    graph.remove_edge("e1", "u")
    _org(graph, "e3", "Enterprise")
    graph.add_edge("e3", "P", type="LOCATED_IN")
    for other in ("e2", "e3"):
        graph.add_edge("e1", other, type="COLLABORATES_WITH")
    graph.add_edge("e1", "u", type="COLLABORATES_WITH")
    # park ties e1-e2 (two rows, one tie), e1-e3, e1-u: 产学研 1/3 >= 0.2, not flagged
    data = build_report(graph, "P", systems=load_systems(), stats=[], year=2024)
    assert "collaborate" not in [a.kind for a in data.actions]
    graph.remove_edge("e1", "u")
    data = build_report(graph, "P", systems=load_systems(), stats=[], year=2024)
    assert data.collaboration.iur_share == 0.0
    assert "collaborate" in [a.kind for a in data.actions]


def test_html_sections_and_escaping(report_data: ReportData) -> None:
    page = render_html(report_data)
    for heading in ("下一步建议", "What to do next", "产业链覆盖", "Chain coverage", "招商缺口",
                    "孵化链条", "协同创新", "Collaboration", "评价指标", "三类园区目标"):
        assert heading in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;高新区" in page
    assert "<b>丙</b>" not in page and "外&lt;b&gt;丙&lt;/b&gt;" in page
    assert "41.50" in page  # the table value of hz.2.2
    assert 'class="node"' in page and page.count('class="node"') == 3
    assert "src=" not in page and page.count("<link") == 1  # self-contained: only data: icon
    assert '<link rel="icon" href="data:,">' in page


def test_unknown_park_or_chain(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(NotFoundError):
        build_report(graph, "NOPE", systems=load_systems(), stats=[])
    with pytest.raises(NotFoundError):
        build_report(graph, "P", systems=load_systems(), stats=[], chains=["S1"])


def test_network_cap_notice(graph: nx.MultiDiGraph) -> None:
    data = build_report(graph, "P", systems=load_systems(), stats=[], year=2024, network_cap=2)
    assert len(data.network.nodes) == 2 and data.network.notice is not None
    assert "仅显示" in render_html(data)


def _with_second_chain(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Add chain D (one segment T1, park firm e2; T1 fed by an outside missing T0)."""
    graph.add_node("D", label="IndustryChain", labels=frozenset({"IndustryChain"}), name="生物医药")
    for seg, stage, name in (("T0", "upstream", "原料药"), ("T1", "downstream", "制剂")):
        graph.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}),
                       name=name, stage=stage)
        graph.add_edge(seg, "D", type="SEGMENT_OF")
    graph.add_edge("T0", "T1", type="FEEDS")
    graph.add_edge("e2", "T1", type="IN_SEGMENT")
    _org(graph, "y", "Enterprise", name="外丁")
    graph.add_edge("y", "T0", type="IN_SEGMENT")
    return graph


def test_chief_block_for_leading_chain_and_table_for_others(graph: nx.MultiDiGraph) -> None:
    data = build_report(_with_second_chain(graph), "P", systems=load_systems(), stats=[],
                        year=2024)
    assert [(c.chain, c.linkage.leading) for c in data.chains] == [("C", True), ("D", False)]
    html = render_html(data)
    chief = html[html.index('id="chief-C"'):html.index("</article>")]
    for label in ("链长制", "上下游配套衔接率", "本地配套率", "优势环节", "薄弱环节",
                  "重点外购环节", "链主企业", "缺口与行动", "重点招商对象", "补链",
                  "外&lt;b&gt;丙"):
        assert label in chief, label
    assert 'id="chief-D"' not in html  # not a leading chain: no 链长制 block
    other = html[html.index('id="other-chains"'):]
    other = other[:other.index("</table>")]
    assert "生物医药" in other and "不是主导产业链" in other
    # D's missing T0 (feeds T1: 1.0 × (0 + 1)) and weak T1 (one firm: 0.8 × 0) are
    # gaps, but never recommended: no action, no target
    (d,) = [c for c in data.chains if c.chain == "D"]
    assert [(g.segment, g.action, g.gap_score, g.recommended) for g in d.linkage.gaps] == [
        ("T0", "补链", 1.0, False), ("T1", "强链", 0.0, False)]
    assert all("生物医药" not in a.zh for a in data.actions)
    assert "外丁" not in html


def test_chief_block_says_where_a_missing_segment_is_covered(graph: nx.MultiDiGraph) -> None:
    # S2 (missing in C, fed by S1: 延链, the only gap) is declared the same activity as T1 of
    # chain D, where park firm e2 is: S2 is covered in T1 (1 firm), not recommended
    graph = _with_second_chain(graph)
    graph.nodes["S2"]["exact_match"] = "T1"
    data = build_report(graph, "P", systems=load_systems(), stats=[], year=2024)
    (c,) = [c for c in data.chains if c.chain == "C"]
    (gap,) = [g for g in c.linkage.gaps if g.segment == "S2"]
    assert gap.action == "延链" and gap.recommended is False
    assert [(e.segment, e.firms) for e in gap.covered_in] == [("T1", 1)]
    assert c.linkage.targets == ()
    html = render_html(data)
    chief = html[html.index('id="chief-C"'):html.index("</article>")]
    assert ("整车</b> 本链缺失，但该活动已由园区「生物医药·制剂」1 家承担："
            "宜对接本园企业，不作延链招商") in chief
    assert "covered in T1 (1 firm)" in chief
    assert "外&lt;b&gt;丙" not in chief  # x is no longer a target
