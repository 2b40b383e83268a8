"""Incubation chain v2 (metrics.md section 2) on a hand-made graph.

Park P with sub-park P1; carriers of P: makerspaces M1, M2, incubator I1 (in P1),
accelerator A1. IX is an incubator of another park Q. as_of = 2024-01-01.

======  =====================================================================
firm    stays (since → until, outcome)                           park firm?
======  =====================================================================
f1      M1 2020-01-01→2020-12-31 grad; I1 2021-03-01→2022-03-01   yes (P)
        grad; A1 2022-04-01→2023-04-01 grad
f2      M1 2020-01-01→2020-06-30 grad; IX 2020-08-01 active        no
f3      M1 2021-01-01→2021-06-30 exited                            yes (P)
f4      M1 2021-01-01 active                                       no
f5      M1 2020-01-01→2020-12-31 relocated                         no
f6      M2 2019-01-01→2019-12-31 grad; A1 2020-03-01→2021-02-28    no (left
        grad                                                       2022-12-31)
f7      I1 2021-01-01→2021-12-31 grad                              yes (P1)
f8      A1 2023-01-01→2024-06-30 "graduated" (after as_of: active) no
f9      M2 2022-01-01→2022-06-30 grad; I1 2023-08-01 active        no
        (gap 397 days > 365)
f10     M2 2025-01-01 active (starts after as_of: does not count)  no
======  =====================================================================

Day counts: 2020-01-01→2020-12-31 = 365, →2020-06-30 = 181; 2021-01-01→
2021-06-30 = 180; 2019-01-01→2019-12-31 = 364; 2022-01-01→2022-06-30 = 180;
2021-03-01→2022-03-01 = 365; 2021-01-01→2021-12-31 = 364; 2022-04-01→
2023-04-01 = 365; 2020-03-01→2021-02-28 = 364. Gaps: M1→I1 (f1) 60, I1→A1
(f1) 31, M2→A1 (f6) 61, M2→I1 (f9) 397.
"""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.incubation import incubation_chain, incubation_handoffs
from ecograph.errors import NotFoundError, ParameterError

AS_OF = date(2024, 1, 1)
CARRIER = frozenset({"Organization", "IncubationCarrier"})


def _carrier(g: nx.MultiDiGraph, node: str, stage: str, park: str, name: str) -> None:
    g.add_node(node, label=stage, labels=CARRIER | {stage}, name=name)
    g.add_edge(node, park, type="LOCATED_IN")


def _firm(g: nx.MultiDiGraph, node: str, **attrs: object) -> None:
    g.add_node(node, label="Enterprise", labels=frozenset({"Organization", "Enterprise"}),
               **attrs)


def _stay(g: nx.MultiDiGraph, firm: str, carrier: str, since: str | None,
          until: str | None = None, outcome: str | None = None) -> None:
    attrs = {k: v for k, v in (("since", since), ("until", until), ("outcome", outcome)) if v}
    g.add_edge(firm, carrier, type="INCUBATED_IN", **attrs)


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for park in ("P", "P1", "Q"):
        g.add_node(park, label="Park", labels=frozenset({"Park"}), name=park)
    g.add_edge("P1", "P", type="SUB_PARK_OF")
    _carrier(g, "M1", "Makerspace", "P", "星火众创")
    _carrier(g, "M2", "Makerspace", "P", "星火众创")
    _carrier(g, "I1", "Incubator", "P1", "孵化器一")
    _carrier(g, "A1", "Accelerator", "P", "加速器一")
    _carrier(g, "IX", "Incubator", "Q", "外园孵化器")
    for f in (f"f{i}" for i in range(1, 11)):
        _firm(g, f, name=f)
    _stay(g, "f1", "M1", "2020-01-01", "2020-12-31", "graduated")
    _stay(g, "f1", "I1", "2021-03-01", "2022-03-01", "graduated")
    _stay(g, "f1", "A1", "2022-04-01", "2023-04-01", "graduated")
    _stay(g, "f2", "M1", "2020-01-01", "2020-06-30", "graduated")
    _stay(g, "f2", "IX", "2020-08-01", None, "active")
    _stay(g, "f3", "M1", "2021-01-01", "2021-06-30", "exited")
    _stay(g, "f4", "M1", "2021-01-01", None, "active")
    _stay(g, "f5", "M1", "2020-01-01", "2020-12-31", "relocated")
    _stay(g, "f6", "M2", "2019-01-01", "2019-12-31", "graduated")
    _stay(g, "f6", "A1", "2020-03-01", "2021-02-28", "graduated")
    _stay(g, "f7", "I1", "2021-01-01", "2021-12-31", "graduated")
    _stay(g, "f8", "A1", "2023-01-01", "2024-06-30", "graduated")
    _stay(g, "f9", "M2", "2022-01-01", "2022-06-30", "graduated")
    _stay(g, "f9", "I1", "2023-08-01", None, "active")
    _stay(g, "f10", "M2", "2025-01-01", None, "active")
    g.add_edge("f1", "P", type="LOCATED_IN", since="2020-01-01")
    g.add_edge("f3", "P", type="LOCATED_IN")
    g.add_edge("f6", "P", type="LOCATED_IN", since="2019-01-01", until="2022-12-31")
    g.add_edge("f7", "P1", type="LOCATED_IN")
    g.add_edge("f2", "Q", type="LOCATED_IN")
    return g


@pytest.fixture
def report(graph: nx.MultiDiGraph):  # type: ignore[no-untyped-def]
    return incubation_handoffs(graph, "P", as_of=AS_OF)


def test_each_graduate_has_one_fate(report) -> None:  # type: ignore[no-untyped-def]
    fates = {(f.firm, f.carrier): (f.fate, f.to_carrier, f.gap_days) for f in report.fates}
    assert fates == {
        ("f1", "M1"): ("handed_off", "I1", 60),
        ("f2", "M1"): ("leaked", None, None),       # IX lies outside P: leakage
        ("f1", "I1"): ("handed_off", "A1", 31),
        ("f7", "I1"): ("retained", None, None),      # in sub-park P1 at as_of
        ("f1", "A1"): ("retained", None, None),      # 落地
        ("f6", "A1"): ("leaked", None, None),        # left P on 2022-12-31
        ("f6", "M2"): ("handed_off", "A1", 61),      # a skip is still a handoff
        ("f9", "M2"): ("leaked", None, None),        # next stay 397 days later
    }
    f2 = next(f for f in report.fates if f.firm == "f2")
    assert f2.outside_carrier == "IX"


@pytest.mark.parametrize(("carrier", "expected"), [
    # entrants, active, graduates, exits, relocated, handed_off, retained, leaked, leakage
    ("M1", (5, 1, 2, 1, 1, 1, 0, 1, 2)),
    ("M2", (2, 0, 2, 0, 0, 1, 0, 1, 1)),
    ("I1", (3, 1, 2, 0, 0, 1, 1, 0, 0)),
    ("A1", (3, 1, 2, 0, 0, 0, 1, 1, 1)),
])
def test_carrier_counts(report, carrier: str, expected: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    row = next(c for c in report.carriers if c.carrier == carrier)
    assert (row.entrants, row.active, row.graduates, row.exits, row.relocated, row.handed_off,
            row.retained, row.leaked, row.leakage) == expected


@pytest.mark.parametrize(("carrier", "grad", "handoff", "retention", "dwell", "gap"), [
    ("M1", 0.5, 0.5, 0.5, 273.0, 60.0),     # 2/(2+1+1); dwell median of 365,181,180,365
    ("M2", 1.0, 0.5, 0.5, 272.0, 61.0),     # dwell 364, 180
    ("I1", 1.0, 0.5, 1.0, 364.5, 31.0),     # dwell 365, 364
    ("A1", 1.0, 0.0, 0.5, 364.5, None),     # dwell 365, 364; f8 still active
])
def test_carrier_rates(report, carrier: str, grad: float, handoff: float,  # type: ignore[no-untyped-def]
                       retention: float, dwell: float, gap: float | None) -> None:
    row = next(c for c in report.carriers if c.carrier == carrier)
    assert (row.graduation_rate, row.handoff_rate, row.retention_rate) == (grad, handoff, retention)
    assert (row.median_dwell_days, row.median_gap_days) == (dwell, gap)


def test_ratios_carry_numerator_and_denominator(report) -> None:  # type: ignore[no-untyped-def]
    m1 = next(c for c in report.carriers if c.carrier == "M1")
    r = m1.ratios["graduation_rate"]
    assert (r.value, r.numerator, r.denominator) == (0.5, 2.0, 4.0)
    assert (m1.ratios["retention_rate"].numerator, m1.ratios["retention_rate"].denominator) == (
        1.0, 2.0)


def test_pipeline_by_entry_stage_never_widens(report) -> None:  # type: ignore[no-untyped-def]
    rows = {p.entry_stage: p for p in report.pipeline}
    m = rows["Makerspace"]
    assert (m.firms, m.reached, m.incubating, m.retained, m.left) == (
        7, {"Incubator": 2, "Accelerator": 2}, 2, 2, 3)
    i = rows["Incubator"]
    assert (i.firms, i.reached, i.incubating, i.retained, i.left) == (
        1, {"Accelerator": 0}, 0, 1, 0)
    a = rows["Accelerator"]
    assert (a.firms, a.reached, a.incubating, a.retained, a.left) == (1, {}, 1, 0, 0)
    for row in report.pipeline:
        assert row.incubating + row.retained + row.left == row.firms
        assert all(n <= row.firms for n in row.reached.values())


def test_pipeline_flows(report) -> None:  # type: ignore[no-untyped-def]
    flows = {(f.source, f.target): f.firms for f in report.pipeline_flows
             if f.entry_stage == "Makerspace"}
    assert flows == {
        ("Makerspace", "Incubator"): 2, ("Makerspace", "Accelerator"): 1,
        ("Makerspace", "park"): 1, ("Makerspace", "incubating"): 1, ("Makerspace", "left"): 2,
        ("Incubator", "Accelerator"): 1, ("Incubator", "incubating"): 1,
        ("Accelerator", "park"): 1, ("Accelerator", "left"): 1,
    }
    # out of a node never more than into it (7 entered the makerspaces)
    out_m = sum(n for (s, _), n in flows.items() if s == "Makerspace")
    assert out_m == 7


def test_conversion_counts_only_ended_stays(report) -> None:  # type: ignore[no-untyped-def]
    conv = {(c.from_stage, c.to_stage): (c.converted, c.firms, c.rate) for c in report.conversion}
    assert conv == {
        ("Makerspace", "Incubator"): (2, 6, 2 / 6),  # f4 still active: not counted
        ("Incubator", "Accelerator"): (1, 2, 0.5),   # f9 still active in I1
        ("Accelerator", "park"): (1, 2, 0.5),        # f8 still active in A1
    }


def test_skips_and_network(report) -> None:  # type: ignore[no-untyped-def]
    assert [(s.firm, s.from_carrier, s.to_carrier, s.skipped) for s in report.skips] == [
        ("f6", "M2", "A1", ("Incubator",))]
    assert [(e.source, e.target, e.weight) for e in report.network] == [
        ("I1", "A1", 1), ("M1", "I1", 1), ("M2", "A1", 1)]
    assert report.successor_gaps == []


def test_stays_after_as_of_do_not_count(report) -> None:  # type: ignore[no-untyped-def]
    assert "f10" not in {s.firm for s in report.stays}
    f8 = next(s for s in report.stays if s.firm == "f8")
    assert f8.status == "active"


def test_successor_gaps(graph: nx.MultiDiGraph) -> None:
    # without f1's stay in I1, M1 hands nobody on and A1's only retained graduate is gone
    graph.remove_edge("f1", "I1")
    graph.remove_edge("f1", "A1")
    r = incubation_handoffs(graph, "P", as_of=AS_OF)
    gaps = {g.carrier: (g.graduates, g.handed_off, g.retained) for g in r.successor_gaps}
    assert gaps == {"M1": (2, 0, 1), "I1": (1, 0, 1), "A1": (1, 0, 0)}
    f1 = next(f for f in r.fates if f.firm == "f1")
    assert f1.fate == "retained"


@pytest.mark.parametrize(("since", "fate"), [
    ("2021-12-31", "handed_off"),  # 365 days after 2020-12-31: inside the window
    ("2022-01-01", "leaked"),      # 366 days
    ("2020-12-30", "leaked"),      # starts before graduation: not a handoff
])
def test_window_bounds(since: str, fate: str) -> None:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}))
    _carrier(g, "m", "Makerspace", "P", "m")
    _carrier(g, "i", "Incubator", "P", "i")
    _stay(g, "f", "m", "2020-01-01", "2020-12-31", "graduated")
    _stay(g, "f", "i", since, None, "active")
    r = incubation_handoffs(g, "P", as_of=AS_OF)
    assert [f.fate for f in r.fates] == [fate]


def test_graduation_after_as_of_is_not_yet_a_graduation(graph: nx.MultiDiGraph) -> None:
    r = incubation_handoffs(graph, "P", as_of=date(2020, 7, 1))
    m1 = next(c for c in r.carriers if c.carrier == "M1")
    # at 2020-07-01: f2 graduated (06-30); f1 and f5 still in; f3, f4 not yet entered
    assert (m1.entrants, m1.active, m1.graduates, m1.relocated) == (3, 2, 1, 0)


def test_carrier_scope_and_errors(graph: nx.MultiDiGraph) -> None:
    r = incubation_handoffs(graph, "P", carrier="I1", as_of=AS_OF)
    assert [c.carrier for c in r.carriers] == ["I1"]
    with pytest.raises(NotFoundError):
        incubation_handoffs(graph, "P", carrier="IX", as_of=AS_OF)
    with pytest.raises(ParameterError):
        incubation_handoffs(graph, None, as_of=AS_OF)
    with pytest.raises(ParameterError):
        incubation_handoffs(graph, "P", window_days=-1, as_of=AS_OF)
    assert incubation_chain is incubation_handoffs


def test_empty_park_gives_nulls() -> None:
    g = nx.MultiDiGraph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}))
    _carrier(g, "m", "Makerspace", "P", "m")
    r = incubation_handoffs(g, "P", as_of=AS_OF)
    (row,) = r.carriers
    assert (row.graduation_rate, row.handoff_rate, row.retention_rate) == (None, None, None)
    assert row.ratios["graduation_rate"].denominator == 0.0
    assert all(c.rate is None for c in r.conversion)
    assert [g.reason for g in r.successor_gaps] == ["暂无毕业企业 / no graduates"]


def test_to_dict_is_json_ready(report) -> None:  # type: ignore[no-untyped-def]
    data = report.to_dict()
    assert set(data) == {"params", "stays", "fates", "carriers", "pipeline", "pipeline_flows",
                         "conversion", "skips", "network", "successor_gaps",
                         "graduation_eligible", "graduation_checks"}
    assert data["params"]["as_of"] == "2024-01-01"
    json.dumps(data)
