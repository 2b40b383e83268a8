"""The incubation pipeline, 梯度培育 and 园区+基金 sections of the planner's report.

Park P: makerspaces m1, m2 both named 星火众创 (told apart by id), incubator i.
f1 graduates from m1 (2020-12-31) into i (2021-01-31, active); f2 graduates
from m2 and leaves (not a park firm): a flow to 离园. Firm t (TechSME, 2023
revenue 1000, R&D 60: 6 % ≥ 5 %) is the next-tier pool; fund v serves P.
"""

from __future__ import annotations

import networkx as nx

from ecograph.analysis.indicators.systems import load_systems
from ecograph.report import build_report, render_html


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}), name="园区")
    for c, lab in (("m1", "Makerspace"), ("m2", "Makerspace"), ("i", "Incubator")):
        g.add_node(c, label=lab, labels=frozenset({"Organization", "IncubationCarrier", lab}),
                   name="星火众创" if lab == "Makerspace" else "孵化器")
        g.add_edge(c, "P", type="LOCATED_IN")
    for f in ("f1", "f2", "t"):
        g.add_node(f, label="Enterprise", labels=frozenset({"Organization", "Enterprise"}),
                   name=f)
    g.add_edge("f1", "P", type="LOCATED_IN")
    g.add_edge("t", "P", type="LOCATED_IN")
    g.nodes["t"]["qualifications"] = ["TechSME"]
    g.add_node("t@2023", label="OrgYearStats", labels=frozenset({"OrgYearStats"}), org="t",
               year=2023, revenue=1000.0, rd_expense=60.0)
    g.add_edge("f1", "m1", type="INCUBATED_IN", since="2020-01-01", until="2020-12-31",
               outcome="graduated")
    g.add_edge("f1", "i", type="INCUBATED_IN", since="2021-01-31", outcome="active")
    g.add_edge("f2", "m2", type="INCUBATED_IN", since="2020-01-01", until="2020-12-31",
               outcome="graduated")
    g.add_node("v", label="VentureCapitalFund",
               labels=frozenset({"Organization", "Fund", "VentureCapitalFund"}), name="创投")
    g.add_edge("v", "P", type="SERVES_PARK")
    g.add_edge("v", "t", type="INVESTS_IN", amount=100.0, date="2023-01-01")
    return g


def test_sections_and_figures() -> None:
    data = build_report(_graph(), "P", systems=load_systems(), stats=[], year=2024)
    assert data.gradient is not None and data.funds is not None
    assert [p.firm for p in data.gradient.next_tier_pool] == ["t"]
    assert [f.fund for f in data.funds.funds] == ["v"]
    page = render_html(data)
    for heading in ("园区孵化管道", "梯度培育", "高企储备库", "园区+基金", "离园"):
        assert heading in page
    assert "星火众创 (m1)" in page and "星火众创 (m2)" in page
    # the pipeline draws a ribbon into 离园 (f2), not only a hover text
    assert "众创空间 Makerspace → 离园 left the park: 1" in page
