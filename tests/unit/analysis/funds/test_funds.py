"""园区+基金 (metrics.md section 3) on a hand-made graph; as_of 2024-01-01.

Park P with sub-park P1; leading chain C: S1 → S2 → S3 → S4 (FEEDS).
Park firms: a, b in S1; c in S2; d (no segment); op (an enterprise operating
fund fO); fL (a fund located in P1). Outside: z in S3, w in S4.

Funds: fL AngelFund located in P1 (route ``located``); fO VentureCapitalFund
operated by op (``operated``); fS GovernmentGuidanceFund with a current
SERVES_PARK (``serves_park``); fE IndustryFund whose SERVES_PARK ended
2022-12-31 (not serving); fX VentureCapitalFund with no tie; corp an
enterprise investor.

Current investments into park firms (founded → investment date):
a (2021-06-01): fL 100 on 2023-01-01 (early), fX 300 since 2023-06-01 (early);
b (2015-01-01): fO 500 on 2022-01-01, fE (no amount) on 2021-01-01;
c (founded unknown): fS 200 on 2023-03-01;
d (2022-01-01): corp 50 on 2023-01-01 (early).
Not current: fX → c dated 2024-05-01, corp → a ended 2022-06-30.
Outside: fX → z 1000 (a fund), corp → w (not a fund).
"""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.funds import park_funds
from ecograph.analysis.funds.serving import serving_funds

AS_OF = date(2024, 1, 1)


def _org(g: nx.MultiDiGraph, node: str, *labels: str, **attrs: object) -> None:
    g.add_node(node, label=labels[-1], labels=frozenset({"Organization", *labels}), **attrs)


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for p in ("P", "P1"):
        g.add_node(p, label="Park", labels=frozenset({"Park"}), name=p)
    g.add_edge("P1", "P", type="SUB_PARK_OF")
    g.add_node("C", label="IndustryChain", labels=frozenset({"IndustryChain"}), name="链")
    for s in ("S1", "S2", "S3", "S4"):
        g.add_node(s, label="ChainSegment", labels=frozenset({"ChainSegment"}), name=s,
                   stage="midstream")
        g.add_edge(s, "C", type="SEGMENT_OF")
    for s, t in (("S1", "S2"), ("S2", "S3"), ("S3", "S4")):
        g.add_edge(s, t, type="FEEDS")
    g.add_edge("P", "C", type="HAS_LEADING_CHAIN", rank=1)
    for firm, seg, founded in (("a", "S1", "2021-06-01"), ("b", "S1", "2015-01-01"),
                               ("c", "S2", None), ("d", None, "2022-01-01"),
                               ("z", "S3", None), ("w", "S4", None)):
        _org(g, firm, "Enterprise", **({"founded": founded} if founded else {}))
        if seg:
            g.add_edge(firm, seg, type="IN_SEGMENT")
        if firm not in ("z", "w"):
            g.add_edge(firm, "P", type="LOCATED_IN")
    _org(g, "op", "Enterprise")
    g.add_edge("op", "P", type="LOCATED_IN")
    _org(g, "corp", "Enterprise")
    _org(g, "fL", "Fund", "AngelFund", name="园区天使")
    g.add_edge("fL", "P1", type="LOCATED_IN")
    _org(g, "fO", "Fund", "VentureCapitalFund")
    g.add_edge("op", "fO", type="OPERATES")
    _org(g, "fS", "Fund", "GovernmentGuidanceFund")
    g.add_edge("fS", "P", type="SERVES_PARK", since="2020-01-01")
    _org(g, "fE", "Fund", "IndustryFund")
    g.add_edge("fE", "P", type="SERVES_PARK", until="2022-12-31")
    _org(g, "fX", "Fund", "VentureCapitalFund")

    def invest(src: str, dst: str, **attrs: object) -> None:
        g.add_edge(src, dst, type="INVESTS_IN", **attrs)

    invest("fL", "a", amount=100.0, date="2023-01-01")
    invest("fX", "a", amount=300.0, since="2023-06-01")
    invest("fO", "b", amount=500.0, date="2022-01-01")
    invest("fE", "b", date="2021-01-01")
    invest("fS", "c", amount=200.0, date="2023-03-01")
    invest("corp", "d", amount=50.0, date="2023-01-01")
    invest("fX", "c", amount=80.0, date="2024-05-01", since="2023-01-01")  # date wins: future
    invest("corp", "a", amount=70.0, date="2020-01-01", until="2022-06-30")
    invest("fX", "z", amount=1000.0, date="2023-01-01")
    invest("corp", "w", amount=10.0, date="2023-01-01")
    return g


def test_three_routes(graph: nx.MultiDiGraph) -> None:
    members = {"a", "b", "c", "d", "op", "fL"}
    funds = serving_funds(graph, {"P", "P1"}, members, AS_OF)
    assert [(f.fund, f.type, f.routes) for f in funds] == [
        ("fL", "angel", ("located",)), ("fO", "venture", ("operated",)),
        ("fS", "guidance", ("serves_park",))]
    # before fS's SERVES_PARK began, and while fE's was current
    earlier = serving_funds(graph, {"P", "P1"}, members, date(2019, 6, 1))
    assert [f.fund for f in earlier] == ["fE", "fL", "fO"]


def test_fund_rows(graph: nx.MultiDiGraph) -> None:
    r = park_funds(graph, "P", as_of=AS_OF)
    assert [(f.fund, f.investments, f.firms, f.amount) for f in r.funds] == [
        ("fL", 1, 1, 100.0), ("fO", 1, 1, 500.0), ("fS", 1, 1, 200.0)]


def test_overall_coverage_amounts_and_early_share(graph: nx.MultiDiGraph) -> None:
    o = park_funds(graph, "P", as_of=AS_OF).overall
    assert o.firms == 6  # a, b, c, d, op and the fund fL located in P1
    assert (o.coverage.numerator, o.coverage.denominator) == (4.0, 6.0)
    assert {t: r.numerator for t, r in o.by_type.items()} == {
        "angel": 1.0, "venture": 2.0, "industry": 1.0, "guidance": 1.0, "other_fund": 0.0,
        "other": 1.0}
    assert (o.by_serving["serving"].numerator, o.by_serving["not_serving"].numerator) == (3.0, 3.0)
    assert (o.investments, o.amount, o.amount_unknown) == (6, 1150.0, 1)
    assert o.amount_by_serving == {"serving": 800.0, "not_serving": 350.0}
    assert o.amount_by_type["venture"] == 800.0
    assert (o.early_share.numerator, o.early_share.denominator) == (3.0, 5.0)
    assert (o.early_share_serving.numerator, o.early_share_serving.denominator) == (1.0, 2.0)


def test_chain_and_segment_coverage(graph: nx.MultiDiGraph) -> None:
    (chain,) = park_funds(graph, "P", as_of=AS_OF).chains
    cov = chain.coverage
    assert (cov.coverage.value, cov.by_serving["serving"].value, cov.amount) == (1.0, 1.0, 1100.0)
    assert (cov.by_type["venture"].numerator, cov.by_type["venture"].denominator) == (2.0, 3.0)
    segs = {s.segment: (s.coverage.firms, s.coverage.coverage.value) for s in chain.segments}
    assert segs == {"S1": (2, 1.0), "S2": (1, 1.0), "S3": (0, None), "S4": (0, None)}


def test_gap_segments_no_fund_invested_in(graph: nx.MultiDiGraph) -> None:
    r = park_funds(graph, "P", as_of=AS_OF)
    gaps = {g.segment: (g.status, g.organisations, g.fund_investments,
                        g.serving_fund_investments, g.funded, g.funded_by_serving)
            for g in r.gap_segments}
    assert gaps == {"S2": ("weak", 1, 1, 1, True, True), "S3": ("missing", 1, 1, 0, True, False),
                    "S4": ("missing", 1, 0, 0, False, False)}
    assert [g.segment for g in r.unfunded_gaps] == ["S4"]
    assert sorted(g.segment for g in r.unserved_gaps) == ["S3", "S4"]
    json.dumps(r.to_dict(), ensure_ascii=False)
