"""Enterprise gradient (metrics.md section 3) on a hand-made graph.

Park P with sub-park P1, leading chain C (segments S1, S2); as_of 2024-01-01.

====  ======  =================================================  =======  ==========
firm  park    qualifications                                     segment  org_stats
====  ======  =================================================  =======  ==========
a     P       stated TechSME (no history)                        S1       2023: 4999 / 250
b     P       TechSME since 2021-05-01, HTE since 2023-11-01     S1
c     P1      InnovativeSME 2020-01-01..2022-12-31, TechSME      S2       2022: 5000/199,
              since 2022-03-01                                            2023: 5000/200
d     P       stated TechSME, Gazelle                            S2       2023: 20001/600
e     P       stated SpecializedSME, LittleGiant, Listed         —
g     P until 2022-12-31; TechSME since 2021-01-01              —
x     Q       stated TechSME (outside)                           S1
====  ======  =================================================  =======  ==========

R&D intensities: a 250/4999 = 5.001 % ≥ 5 %; c 200/5000 = 4 % ≥ 4 % (5,000 is
in the 4 % band); d 600/20001 = 2.9999 % < 3 %.
"""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.gradient import gradient
from ecograph.analysis.gradient.pool import pool_firm
from ecograph.analysis.gradient.tiers import rd_band
from ecograph.errors import NotFoundError

AS_OF = date(2024, 1, 1)
ENT = frozenset({"Organization", "Enterprise"})


def _firm(g: nx.MultiDiGraph, node: str, park: str, segment: str | None = None,
          quals: list[str] | None = None, **located: str) -> None:
    g.add_node(node, label="Enterprise", labels=ENT, name=f"企业{node}",
               qualifications=quals or [])
    g.add_edge(node, park, type="LOCATED_IN", **located)
    if segment:
        g.add_edge(node, segment, type="IN_SEGMENT")


def _span(g: nx.MultiDiGraph, org: str, q: str, since: str, until: str | None = None) -> None:
    g.add_edge(org, q, type="HAS_QUALIFICATION", since=since, **({"until": until} if until else {}))


def _stats(g: nx.MultiDiGraph, org: str, year: int, revenue: float, rd: float) -> None:
    g.add_node(f"{org}@{year}", label="OrgYearStats", labels=frozenset({"OrgYearStats"}),
               org=org, year=year, revenue=revenue, rd_expense=rd)
    g.add_edge(org, f"{org}@{year}", type="HAS_STATS")


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for p in ("P", "P1", "Q"):
        g.add_node(p, label="Park", labels=frozenset({"Park"}), name=p)
    g.add_edge("P1", "P", type="SUB_PARK_OF")
    g.add_node("C", label="IndustryChain", labels=frozenset({"IndustryChain"}), name="链")
    for s in ("S1", "S2"):
        g.add_node(s, label="ChainSegment", labels=frozenset({"ChainSegment"}), name=s,
                   stage="midstream")
        g.add_edge(s, "C", type="SEGMENT_OF")
    g.add_edge("P", "C", type="HAS_LEADING_CHAIN", rank=1)
    _firm(g, "a", "P", "S1", ["TechSME"])
    _firm(g, "b", "P", "S1", ["TechSME", "HighTechEnterprise"])
    _span(g, "b", "TechSME", "2021-05-01")
    _span(g, "b", "HighTechEnterprise", "2023-11-01")
    _firm(g, "c", "P1", "S2", ["TechSME"])
    _span(g, "c", "InnovativeSME", "2020-01-01", "2022-12-31")
    _span(g, "c", "TechSME", "2022-03-01")
    _firm(g, "d", "P", "S2", ["TechSME", "Gazelle"])
    _firm(g, "e", "P", None, ["SpecializedSME", "LittleGiant", "Listed"])
    _firm(g, "g", "P", None, ["TechSME"], since="2020-01-01", until="2022-12-31")
    _span(g, "g", "TechSME", "2021-01-01")
    _firm(g, "x", "Q", "S1", ["TechSME"])
    _stats(g, "a", 2023, 4999.0, 250.0)
    _stats(g, "c", 2022, 5000.0, 199.0)
    _stats(g, "c", 2023, 5000.0, 200.0)
    _stats(g, "d", 2023, 20001.0, 600.0)
    return g


def test_counts_per_qualification(graph: nx.MultiDiGraph) -> None:
    r = gradient(graph, "P", as_of=AS_OF)
    assert r.park_firms == 5
    counts = {t.qualification: t.firms for t in r.tiers}
    assert counts == {"InnovativeSME": 0, "TechSME": 4, "HighTechEnterprise": 1,
                      "SpecializedSME": 1, "LittleGiant": 1, "ManufacturingChampion": 0,
                      "Gazelle": 1, "Unicorn": 0, "Listed": 1}
    tech = next(t for t in r.tiers if t.qualification == "TechSME")
    assert (tech.share.value, tech.share.numerator, tech.share.denominator) == (0.8, 4.0, 5.0)
    assert r.highest_tier == {"InnovativeSME": 0, "TechSME": 3, "HighTechEnterprise": 1,
                              "SpecializedSME": 0, "LittleGiant": 1,
                              "ManufacturingChampion": 0, "none": 0}


def test_counts_per_leading_chain_and_segment(graph: nx.MultiDiGraph) -> None:
    (chain,) = gradient(graph, "P", as_of=AS_OF).chains
    assert (chain.chain, chain.firms) == ("C", 4)
    assert (chain.counts["TechSME"], chain.counts["HighTechEnterprise"],
            chain.counts["Gazelle"]) == (4, 1, 1)
    segs = {s.id: (s.firms, s.counts["TechSME"], s.counts["HighTechEnterprise"],
                   s.counts["Gazelle"]) for s in chain.segments}
    assert segs == {"S1": (2, 2, 1, 0), "S2": (2, 2, 0, 1)}  # x lies outside the park


def test_years_and_promotions(graph: nx.MultiDiGraph) -> None:
    r = gradient(graph, "P", as_of=AS_OF)
    rows = {y.year: (y.park_firms, y.counts["InnovativeSME"], y.counts["TechSME"],
                     y.counts["HighTechEnterprise"], y.promotions) for y in r.years}
    assert rows == {
        2020: (6, 1, 0, 0, 1),   # c becomes InnovativeSME
        2021: (6, 1, 2, 0, 2),   # b and g become TechSME
        2022: (6, 1, 3, 0, 1),   # c: InnovativeSME → TechSME; g still in P on 12-31
        2023: (5, 0, 2, 1, 1),   # b: TechSME → HTE; g has left
        2024: (5, 0, 2, 1, 0),
    }
    assert [(p.firm, p.year, p.from_tier, p.to_tier) for p in r.promotions] == [
        ("c", 2020, None, "InnovativeSME"), ("g", 2021, None, "TechSME"),
        ("b", 2021, None, "TechSME"), ("c", 2022, "InnovativeSME", "TechSME"),
        ("b", 2023, "TechSME", "HighTechEnterprise")]


def test_next_tier_pool(graph: nx.MultiDiGraph) -> None:
    r = gradient(graph, "P", as_of=AS_OF)
    cands = {p.firm: (p.year, p.band, p.threshold, p.meets) for p in r.candidates}
    assert cands == {"a": (2023, "<5000万", 0.05, True),
                     "c": (2023, "5000万–2亿", 0.04, True),
                     "d": (2023, ">2亿", 0.03, False)}
    assert [p.firm for p in r.next_tier_pool] == ["a", "c"]
    assert next(p for p in r.candidates if p.firm == "a").rd_intensity == pytest.approx(
        250 / 4999)


def test_pool_uses_the_latest_year_up_to_as_of(graph: nx.MultiDiGraph) -> None:
    # at 2022-06-01 the 2023 row is later than as_of's year: c's 2022 figures, 3.98 % < 4 %
    r = gradient(graph, "P", as_of=date(2022, 6, 1))
    c = next(p for p in r.candidates if p.firm == "c")
    assert (c.year, c.meets) == (2022, False)


@pytest.mark.parametrize(("revenue", "threshold"), [
    (4999.0, 0.05), (5000.0, 0.04), (20000.0, 0.04), (20001.0, 0.03)])
def test_revenue_band_boundaries(revenue: float, threshold: float) -> None:
    assert rd_band(revenue).threshold == threshold
    at = pool_firm("f", None, {2023: {"revenue": revenue, "rd_expense": revenue * threshold}},
                   AS_OF)
    below = pool_firm("f", None, {2023: {"revenue": revenue,
                                         "rd_expense": revenue * threshold - 0.01}}, AS_OF)
    assert (at.threshold, at.meets, below.meets) == (threshold, True, False)


def test_pool_unknown_without_figures() -> None:
    assert pool_firm("f", None, {2023: {"revenue": 100.0}}, AS_OF).meets is None
    assert pool_firm("f", None, {2023: {"rd_expense": 9.0}}, AS_OF).meets is None


def test_unknown_park_and_json(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(NotFoundError):
        gradient(graph, "nope", as_of=AS_OF)
    json.dumps(gradient(graph, "P", as_of=AS_OF).to_dict(), ensure_ascii=False)
