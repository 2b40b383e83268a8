"""Gap actions (补链/强链/延链/远链), import dependence, amounts, as_of and the 招商清单.

Graph ``H`` (all by hand)::

    park P (leading chain C, rank 1); park Q outside
    chain C: s0 (upstream) → s1 (upstream) → s2 (midstream) → s3 (downstream); s4 alone
    park firms: p1, p2 in s2
    outside (Q): o1, o2, o3 in s2; k1 in s1 (revenue 90,000 万元, 湖北省 武汉); k3 in s3
    SUPPLIES (amount, 万元): o1→p1 10, o2→p1 10, o3→p1 10, p2→p1 30, k1→p1 40

- s2: 2 firms, LQ (2/2)/(5/7) = 1.4: present; suppliers in s2 sold 60, 30 of it
  from outside (3 edges): import share 0.5 ≥ 0.5 → import-dependent → 强链,
  leakage 3 (amount 30), feeds only missing s3: direct 0, score 0.8 × log2 4 = 1.6
- s1: missing, feeds present s2 → 补链, leakage 1 (k1): 1.0 × (1 + 1) = 2.0
- s3: missing, fed by s2 → 延链: 0.6 × (0 + 1) = 0.6
- s0 (feeds only missing s1) and s4: 远链, 0.0, not recommended
- purchases: 5 edges, 100 万元; local (p2→p1) 30 → local sourcing 0.3 on amount
- link s1 → s2 is eligible (s2 has park firms) and not realised (s1 missing): 0/1
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.chain.linkage import ChainLinkage, chain_linkage
from ecograph.errors import ParameterError

ORG = frozenset({"Organization", "Enterprise"})
AS_OF = date(2024, 6, 30)


def _org(g: nx.MultiDiGraph, oid: str, park: str, segs: tuple[str, ...],
         **props: object) -> None:
    g.add_node(oid, label="Enterprise", labels=ORG, name=f"org {oid}", **props)
    g.add_edge(oid, park, type="LOCATED_IN")
    for seg in segs:
        g.add_edge(oid, seg, type="IN_SEGMENT")


@pytest.fixture
def h() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for park in ("P", "Q"):
        g.add_node(park, label="Park", labels=frozenset({"Park"}), name=park)
    g.add_node("C", label="IndustryChain", labels=frozenset({"IndustryChain"}))
    for seg, stage in (("s0", "upstream"), ("s1", "upstream"), ("s2", "midstream"),
                       ("s3", "downstream"), ("s4", "downstream")):
        g.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}),
                   name=f"seg {seg}", stage=stage)
        g.add_edge(seg, "C", type="SEGMENT_OF")
    for s, t in (("s0", "s1"), ("s1", "s2"), ("s2", "s3")):
        g.add_edge(s, t, type="FEEDS")
    g.add_edge("P", "C", type="HAS_LEADING_CHAIN", rank=1)
    _org(g, "p1", "P", ("s2",))
    _org(g, "p2", "P", ("s2",))
    for o in ("o1", "o3"):
        _org(g, o, "Q", ("s2",))
    _org(g, "o2", "Q", ("s2",), revenue=990_000.0)
    _org(g, "k1", "Q", ("s1",), revenue=90_000.0, province="湖北省", city="武汉")
    _org(g, "k3", "Q", ("s3",))
    for s, amount in (("o1", 10.0), ("o2", 10.0), ("o3", 10.0), ("p2", 30.0), ("k1", 40.0)):
        g.add_edge(s, "p1", type="SUPPLIES", amount=amount, since="2020-01-01")
    return g


@pytest.fixture
def r(h: nx.MultiDiGraph) -> ChainLinkage:
    return chain_linkage(h, "P", "C", as_of=AS_OF)


def test_statuses_import_dependence_and_roles(r: ChainLinkage) -> None:
    rows = {s.segment: s for s in r.segments}
    assert rows["s2"].location_quotient == pytest.approx(1.4)
    assert (rows["s2"].status, rows["s2"].import_share, rows["s2"].import_dependent) == (
        "present", 0.5, True)
    detail = rows["s2"].import_detail
    assert (detail.numerator, detail.denominator, detail.basis) == (30.0, 60.0, "amount")
    assert (rows["s2"].leakage.count, rows["s2"].leakage.amount) == (3, 30.0)
    assert (rows["s1"].leakage.count, rows["s1"].leakage.amount) == (1, 40.0)
    assert {s: row.role for s, row in rows.items()} == {
        "s0": "远链", "s1": "补链", "s2": "强链", "s3": "延链", "s4": "远链"}


def test_gap_ranking_and_recommendations(r: ChainLinkage) -> None:
    got = [(g.segment, g.action, round(g.gap_score, 9), g.direct_links, g.recommended)
           for g in r.gaps]
    assert got == [("s1", "补链", 2.0, 1, True), ("s2", "强链", 1.6, 0, True),
                   ("s3", "延链", 0.6, 1, True), ("s0", "远链", 0.0, 0, False),
                   ("s4", "远链", 0.0, 0, False)]


def test_shares_on_amount_basis(r: ChainLinkage) -> None:
    assert r.local_sourcing_share == pytest.approx(0.3) and r.basis == "amount"
    assert r.local_sales_share == 1.0  # p2 → p1 is the only sale
    assert r.link_realization == 0.0  # s1 → s2: upstream missing, not realised
    assert r.coverage["present"]["overall"] == pytest.approx(1 / 5)


def test_candidates_with_scale_and_location(r: ChainLinkage) -> None:
    gaps = {g.segment: g for g in r.gaps}
    (k1,) = gaps["s1"].candidates
    # 2·log2(1+1) + 1/1 + 0 + log10(1 + 9) = 4
    assert k1.score == pytest.approx(4.0) and k1.components["scale"] == pytest.approx(1.0)
    assert (k1.province, k1.city, k1.current_park, k1.customers_in_park) == (
        "湖北省", "武汉", "Q", ("p1",))
    assert [(c.org, round(c.score, 9)) for c in gaps["s2"].candidates] == [
        ("o2", 5.0), ("o1", 3.0), ("o3", 3.0)]
    (k3,) = gaps["s3"].candidates
    assert (k3.score, k3.distance, k3.revenue_unknown) == (0.0, None, True)


def test_targets_only_for_leading_chain(h: nx.MultiDiGraph, r: ChainLinkage) -> None:
    assert (r.leading, r.leading_rank, r.label) == (True, 1, None)
    assert [(t.rank, t.segment, t.action, t.candidate) for t in r.targets] == [
        (1, "s1", "补链", "k1"), (2, "s2", "强链", "o2"), (3, "s2", "强链", "o1"),
        (4, "s2", "强链", "o3"), (5, "s3", "延链", "k3")]
    assert r.targets[0].customers_in_park == "p1" and r.targets[0].path == "k1 – p1"
    h.remove_edge("P", "C")
    other = chain_linkage(h, "P", "C", as_of=AS_OF)
    assert (other.leading, other.label, other.targets) == (False, "not a leading chain", ())
    assert not any(g.recommended for g in other.gaps)


def test_min_import_edges_and_threshold(h: nx.MultiDiGraph) -> None:
    assert not any(s.import_dependent for s in
                   chain_linkage(h, "P", "C", as_of=AS_OF, min_import_edges=4).segments)
    assert not any(s.import_dependent for s in
                   chain_linkage(h, "P", "C", as_of=AS_OF, import_threshold=0.6).segments)


def test_count_basis_when_an_amount_is_missing(h: nx.MultiDiGraph) -> None:
    h.add_edge("o1", "p1", type="SUPPLIES")  # no amount: the whole share counts edges
    r = chain_linkage(h, "P", "C", as_of=AS_OF)
    assert r.basis == "count" and r.local_sourcing_share == pytest.approx(1 / 6)
    s2 = next(s for s in r.segments if s.segment == "s2")
    assert (s2.import_detail.basis, s2.import_share) == ("count", pytest.approx(4 / 5))


def test_as_of_only_current_edges_count(h: nx.MultiDiGraph) -> None:
    # before the ties began (since 2020): no purchases at all, s2 not import-dependent
    early = chain_linkage(h, "P", "C", as_of="2019-06-30")
    assert early.local_sourcing_share is None
    assert not any(s.import_dependent for s in early.segments)
    assert [c.ties for g in early.gaps if g.segment == "s1" for c in g.candidates] == [0]
    # an ended tie does not count; p2 moved out in 2022: no longer a park firm
    h.add_edge("k3", "p1", type="SUPPLIES", amount=5.0, until="2021-12-31")
    for attrs in h["p2"]["P"].values():
        attrs["until"] = "2022-12-31"
    r = chain_linkage(h, "P", "C", as_of=AS_OF)
    s2 = next(s for s in r.segments if s.segment == "s2")
    assert (s2.firms, s2.status) == (1, "weak")  # p1 only
    k3 = next(c for g in r.gaps if g.segment == "s3" for c in g.candidates)
    assert k3.ties == 0
    # p2 is now an outside supplier in s2: 60 of 60 imported
    assert s2.import_share == 1.0 and s2.leakage.count == 4
    p2 = next(c for g in r.gaps if g.segment == "s2" for c in g.candidates if c.org == "p2")
    assert p2.current_park is None and p2.customers_in_park == ("p1",)
    assert r.params["as_of"] == "2024-06-30" and r.as_of == AS_OF


def test_in_segment_as_of(h: nx.MultiDiGraph) -> None:
    h.add_edge("k3", "s2", type="IN_SEGMENT", since="2030-01-01")
    r = chain_linkage(h, "P", "C", as_of=AS_OF)
    assert next(s for s in r.segments if s.segment == "s2").region_firms == 5


def test_bad_as_of() -> None:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}))
    g.add_node("C", label="IndustryChain", labels=frozenset({"IndustryChain"}))
    with pytest.raises(ParameterError):
        chain_linkage(g, "P", "C", as_of="yesterday")
