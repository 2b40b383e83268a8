"""Incubation handoffs (metrics.md §2) on graphs small enough to check by hand.

The park graph (today = 2024-01-01, window 365 days):

    P ⊃ P1; Q is another park.
    M1 Makerspace (P), M2 Makerspace (P1), I1 Incubator (P), A1 Accelerator (P),
    AX Accelerator (Q).

    f1  M1 2020-01-01..2020-12-31 graduated → I1 2021-03-01..2022-12-31 graduated
        → A1 2023-01-10.. active                                  LOCATED_IN P
    f2  M1 2020-01-01..2020-06-30 exited                          LOCATED_IN Q
    f3  M1 2019-01-01..2019-12-31 graduated → A1 2020-12-31..2022-06-30 graduated
        (gap 366 days: outside the window; a skip)                LOCATED_IN P
    f4  M2 2020-01-01..2020-12-31 graduated → I1 2021-12-31.. active (gap 365)
                                                                  LOCATED_IN P1
    f5  I1 2019-01-01..2019-12-31 graduated → AX 2020-03-01.. active (gap 61)
                                                                  LOCATED_IN Q
    f6  I1 2020-01-01.. (no until, no outcome: active), HighTechEnterprise
                                                                  LOCATED_IN P
    f7  M2 2021-01-01..2021-06-30 graduated                       not located
    f8  A1 2020-01-01..2021-01-01 graduated     LOCATED_IN P until 2020-06-30
    f9  I1 2018-01-01..2018-06-30 (no outcome: ended)             LOCATED_IN P1
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
import pytest

from ecograph.analysis.incubation.handoffs import IncubationReport, incubation_handoffs
from ecograph.errors import NotFoundError, ParameterError

TODAY = date(2024, 1, 1)
STAGE_LABELS = {"Makerspace", "Incubator", "Accelerator"}


def _park(g: nx.MultiDiGraph, pid: str, parent: str | None = None) -> None:
    g.add_node(pid, label="Park", labels=frozenset({"Park"}), name=pid)
    if parent:
        g.add_edge(pid, parent, type="SUB_PARK_OF")


def _org(g: nx.MultiDiGraph, oid: str, label: str, park: str | None = None, **props: Any) -> None:
    labels = {"Organization", label}
    if label in STAGE_LABELS:
        labels.add("IncubationCarrier")
    g.add_node(oid, label=label, labels=frozenset(labels), name=f"name-{oid}", **props)
    if park:
        g.add_edge(oid, park, type="LOCATED_IN")


def _stay(g: nx.MultiDiGraph, firm: str, carrier: str, since: str | None = None,
          until: str | None = None, outcome: str | None = None) -> None:
    attrs = {k: v for k, v in (("since", since), ("until", until), ("outcome", outcome)) if v}
    g.add_edge(firm, carrier, type="INCUBATED_IN", **attrs)


def build_park_graph() -> nx.MultiDiGraph:
    """Return the park graph of the module docstring."""
    g = nx.MultiDiGraph()
    _park(g, "P")
    _park(g, "P1", "P")
    _park(g, "Q")
    _org(g, "M1", "Makerspace", "P", level="national")
    _org(g, "M2", "Makerspace", "P1")
    _org(g, "I1", "Incubator", "P")
    _org(g, "A1", "Accelerator", "P")
    _org(g, "AX", "Accelerator", "Q")
    _org(g, "f1", "Enterprise", "P", revenue=1000.0)
    _org(g, "f2", "Enterprise", "Q")
    _org(g, "f3", "Enterprise", "P")
    _org(g, "f4", "Enterprise", "P1", revenue=999.9)
    _org(g, "f5", "Enterprise", "Q")
    _org(g, "f6", "Enterprise", "P", qualifications=["HighTechEnterprise"])
    _org(g, "f7", "Enterprise")
    _org(g, "f8", "Enterprise")
    g.add_edge("f8", "P", type="LOCATED_IN", until="2020-06-30")
    _org(g, "f9", "Enterprise", "P1")
    _org(g, "v", "VentureCapitalFund")
    g.add_edge("v", "f4", type="INVESTS_IN", amount=300.0, date="2021-01-01")
    g.add_edge("v", "f4", type="INVESTS_IN", amount=199.9, date="2022-01-01")
    g.add_edge("v", "f4", type="INVESTS_IN", amount=1000.0, date="2024-06-01")  # after today

    _stay(g, "f1", "M1", "2020-01-01", "2020-12-31", "graduated")
    _stay(g, "f1", "I1", "2021-03-01", "2022-12-31", "graduated")
    _stay(g, "f1", "A1", "2023-01-10", None, "active")
    _stay(g, "f2", "M1", "2020-01-01", "2020-06-30", "exited")
    _stay(g, "f3", "M1", "2019-01-01", "2019-12-31", "graduated")
    _stay(g, "f3", "A1", "2020-12-31", "2022-06-30", "graduated")
    _stay(g, "f4", "M2", "2020-01-01", "2020-12-31", "graduated")
    _stay(g, "f4", "I1", "2021-12-31", None, "active")
    _stay(g, "f5", "I1", "2019-01-01", "2019-12-31", "graduated")
    _stay(g, "f5", "AX", "2020-03-01", None, "active")
    _stay(g, "f6", "I1", "2020-01-01")
    _stay(g, "f7", "M2", "2021-01-01", "2021-06-30", "graduated")
    _stay(g, "f8", "A1", "2020-01-01", "2021-01-01", "graduated")
    _stay(g, "f9", "I1", "2018-01-01", "2018-06-30")
    return g


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    return build_park_graph()


@pytest.fixture
def report(graph: nx.MultiDiGraph) -> IncubationReport:
    return incubation_handoffs(graph, "P", today=TODAY)


def _rows(report: IncubationReport) -> dict[str, Any]:
    return {row.carrier: row for row in report.carriers}


def test_scope_is_park_and_sub_park_carriers_in_stage_order(report: IncubationReport) -> None:
    assert [r.carrier for r in report.carriers] == ["M1", "M2", "I1", "A1"]
    assert [r.stage for r in report.carriers] == [
        "Makerspace", "Makerspace", "Incubator", "Accelerator"]
    assert len(report.stays) == 13
    assert report.params["parks"] == ["P", "P1"]
    assert report.params["window_days"] == 365


@pytest.mark.parametrize(
    ("carrier", "expected"),
    [
        ("M1", dict(entrants=3, active=0, graduates=2, exits=1, handoffs=1,
                    stayed_in_park=1, leakage=0)),
        ("M2", dict(entrants=2, active=0, graduates=2, exits=0, handoffs=1,
                    stayed_in_park=0, leakage=1)),
        ("I1", dict(entrants=5, active=2, graduates=2, exits=0, handoffs=2,
                    stayed_in_park=0, leakage=0)),
        ("A1", dict(entrants=3, active=1, graduates=2, exits=0, handoffs=1,
                    stayed_in_park=0, leakage=1)),
    ],
)
def test_carrier_counts(report: IncubationReport, carrier: str, expected: dict[str, int]) -> None:
    row = _rows(report)[carrier]
    assert {k: getattr(row, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("carrier", "grad_rate", "handoff_rate", "dwell", "gap"),
    [
        ("M1", 2 / 3, 0.5, 364.0, 60.0),      # dwells 365, 181, 364
        ("M2", 1.0, 0.5, 272.5, 365.0),       # dwells 365, 180
        ("I1", 1.0, 1.0, 364.0, 35.5),        # dwells 670, 364, 180; gaps 10, 61
        ("A1", 1.0, 0.5, 456.0, None),        # dwells 546, 366; to-park has no gap
    ],
)
def test_carrier_rates_and_medians(
    report: IncubationReport, carrier: str, grad_rate: float, handoff_rate: float,
    dwell: float, gap: float | None,
) -> None:
    row = _rows(report)[carrier]
    assert row.graduation_rate == pytest.approx(grad_rate, abs=1e-9)
    assert row.handoff_rate == pytest.approx(handoff_rate, abs=1e-9)
    assert row.median_dwell_days == pytest.approx(dwell, abs=1e-9)
    if gap is None:
        assert row.median_gap_days is None
    else:
        assert row.median_gap_days == pytest.approx(gap, abs=1e-9)


def test_handoffs(report: IncubationReport) -> None:
    got = [(h.firm, h.from_carrier, h.to_carrier, h.from_stage, h.to_stage, h.gap_days, h.kind,
            h.to_in_park) for h in report.handoffs]
    assert got == [
        ("f1", "M1", "I1", "Makerspace", "Incubator", 60, "carrier", True),
        ("f4", "M2", "I1", "Makerspace", "Incubator", 365, "carrier", True),
        ("f1", "I1", "A1", "Incubator", "Accelerator", 10, "carrier", True),
        ("f5", "I1", "AX", "Incubator", "Accelerator", 61, "carrier", False),
        ("f3", "A1", None, "Accelerator", "park", None, "to_park", True),
    ]


def test_active_stay_without_until_has_no_dwell(report: IncubationReport) -> None:
    f6 = next(s for s in report.stays if s.firm == "f6")
    assert (f6.status, f6.until, f6.dwell_days) == ("active", None, None)
    f9 = next(s for s in report.stays if s.firm == "f9")
    assert (f9.status, f9.dwell_days) == ("ended", 180)


@pytest.mark.parametrize(
    ("window", "m1_handoffs", "m2_handoffs", "m2_stayed", "m2_leak"),
    [
        (364, 1, 0, 1, 1),   # f4's gap of 365 falls outside; f4 stays in P1
        (365, 1, 1, 0, 1),   # exactly on the window: inside
        (366, 2, 1, 0, 1),   # f3's 366-day jump M1 → A1 becomes a handoff
    ],
)
def test_window_boundary(graph: nx.MultiDiGraph, window: int, m1_handoffs: int,
                         m2_handoffs: int, m2_stayed: int, m2_leak: int) -> None:
    rows = _rows(incubation_handoffs(graph, "P", window_days=window, today=TODAY))
    assert rows["M1"].handoffs == m1_handoffs
    assert (rows["M2"].handoffs, rows["M2"].stayed_in_park, rows["M2"].leakage) == (
        m2_handoffs, m2_stayed, m2_leak)


def test_wider_window_closes_the_m1_gap(graph: nx.MultiDiGraph) -> None:
    report = incubation_handoffs(graph, "P", window_days=366, today=TODAY)
    assert [g.carrier for g in report.gaps] == ["M2"]
    assert ("M1", "A1", 1) in [(e.source, e.target, e.weight) for e in report.network]


def test_network(report: IncubationReport) -> None:
    assert [(e.source, e.target, e.weight) for e in report.network] == [
        ("I1", "A1", 1), ("I1", "AX", 1), ("M1", "I1", 1), ("M2", "I1", 1)]


def test_gaps_are_carriers_feeding_no_accelerator(report: IncubationReport) -> None:
    assert [(g.carrier, g.stage, g.graduates) for g in report.gaps] == [
        ("M1", "Makerspace", 2), ("M2", "Makerspace", 2)]


def test_funnel(report: IncubationReport) -> None:
    got = {row.stage: (row.firms, row.reached) for row in report.funnel}
    assert got == {
        "Makerspace": (5, {"Incubator": 2, "Accelerator": 2, "park": 1}),
        "Incubator": (5, {"Accelerator": 1, "park": 1}),
        "Accelerator": (3, {"park": 1}),
        "park": (2, {}),
    }


def test_conversion(report: IncubationReport) -> None:
    got = [(c.from_stage, c.to_stage, c.firms, c.converted) for c in report.conversion]
    assert got == [("Makerspace", "Incubator", 5, 2), ("Incubator", "Accelerator", 5, 1),
                   ("Accelerator", "park", 3, 1)]
    rates = [c.rate for c in report.conversion]
    assert rates == pytest.approx([0.4, 0.2, 1 / 3], abs=1e-9)


def test_skips(report: IncubationReport) -> None:
    assert [(s.firm, s.from_carrier, s.to_carrier, s.skipped) for s in report.skips] == [
        ("f3", "M1", "A1", ("Incubator",))]


def test_graduation_eligible(report: IncubationReport) -> None:
    got = [(e.firm, e.carriers, e.criteria) for e in report.graduation_eligible]
    # f1 revenue exactly 1000 万元; f4 has 999.9 万元 revenue and 499.9 万元 financing
    # (the 1000 万元 round dated after today does not count); f6 is high-tech.
    assert got == [("f1", ("A1",), ("revenue",)), ("f6", ("I1",), ("HighTechEnterprise",))]
    assert "graduation_rules" in report.params


def test_carrier_filter(graph: nx.MultiDiGraph, report: IncubationReport) -> None:
    only = incubation_handoffs(graph, "P", carrier="I1", today=TODAY)
    assert [r.carrier for r in only.carriers] == ["I1"]
    assert only.carriers[0] == _rows(report)["I1"]
    assert len(only.stays) == 5
    assert [(h.firm, h.to_carrier) for h in only.handoffs] == [("f1", "A1"), ("f5", "AX")]
    assert [(e.source, e.target) for e in only.network] == [("I1", "A1"), ("I1", "AX")]
    assert only.gaps == []
    assert [e.firm for e in only.graduation_eligible] == ["f6"]
    # cohort of I1: f1, f4, f5, f6, f9 followed through the park's carriers
    assert {r.stage: r.firms for r in only.funnel} == {
        "Makerspace": 2, "Incubator": 5, "Accelerator": 1, "park": 1}


def test_carrier_without_park_uses_its_own_park(graph: nx.MultiDiGraph,
                                                report: IncubationReport) -> None:
    only = incubation_handoffs(graph, carrier="A1", today=TODAY)
    assert only.carriers[0] == _rows(report)["A1"]
    assert only.params["parks"] == ["P", "P1"]


@pytest.mark.parametrize(
    ("park", "carrier"),
    [("NOPE", None), ("P", "NOPE"), ("P", "f1"), ("P", "AX"), ("M1", None)],
)
def test_unknown_ids(graph: nx.MultiDiGraph, park: str, carrier: str | None) -> None:
    with pytest.raises(NotFoundError):
        incubation_handoffs(graph, park, carrier=carrier, today=TODAY)


@pytest.mark.parametrize("kwargs", [{}, {"window_days": -1}])
def test_bad_parameters(graph: nx.MultiDiGraph, kwargs: dict[str, Any]) -> None:
    park = None if not kwargs else "P"
    with pytest.raises(ParameterError):
        incubation_handoffs(graph, park, today=TODAY, **kwargs)


def test_empty_park(graph: nx.MultiDiGraph) -> None:
    _park(graph, "E")
    report = incubation_handoffs(graph, "E", today=TODAY)
    assert report.carriers == [] and report.stays == [] and report.handoffs == []
    assert report.network == [] and report.gaps == [] and report.skips == []
    assert [(r.stage, r.firms) for r in report.funnel] == [
        ("Makerspace", 0), ("Incubator", 0), ("Accelerator", 0), ("park", 0)]
    assert [c.rate for c in report.conversion] == [None, None, None]
    assert report.graduation_eligible == []


def test_single_carrier_zero_denominators() -> None:
    g = nx.MultiDiGraph()
    _park(g, "P")
    _org(g, "I", "Incubator", "P")
    report = incubation_handoffs(g, "P", today=TODAY)
    row = report.carriers[0]
    assert (row.entrants, row.graduates, row.exits) == (0, 0, 0)
    assert row.graduation_rate is None and row.handoff_rate is None
    assert row.median_dwell_days is None and row.median_gap_days is None
    assert [(gap.carrier, gap.reason) for gap in report.gaps] == [("I", "no graduates")]


def test_graduated_stay_without_until_cannot_hand_off() -> None:
    g = nx.MultiDiGraph()
    _park(g, "P")
    _org(g, "M", "Makerspace", "P")
    _org(g, "I", "Incubator", "P")
    _org(g, "f", "Enterprise")
    _stay(g, "f", "M", "2020-01-01", None, "graduated")
    _stay(g, "f", "I", "2020-06-01", None, "active")
    row = _rows(incubation_handoffs(g, "P", today=TODAY))["M"]
    assert (row.graduates, row.handoffs, row.leakage, row.median_dwell_days) == (1, 0, 1, None)
    assert row.handoff_rate == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(
    ("m_since", "a_since", "gap"),
    [
        ("2020-01-01", "2020-12-30", None),   # starts before graduation: overlap, no handoff
        ("2020-01-01", "2020-01-01", None),   # same start as the graduated stay: none
        ("2020-01-01", "2019-12-31", None),   # started before it: not a handoff
        (None, "2020-12-30", None),           # unknown since changes nothing
        (None, "2020-12-31", 0),              # the graduation day itself: gap 0
        ("2020-01-01", "2021-01-01", 1),
    ],
)
def test_overlapping_next_stay(m_since: str | None, a_since: str, gap: int | None) -> None:
    g = nx.MultiDiGraph()
    _park(g, "P")
    _org(g, "I", "Incubator", "P")
    _org(g, "A", "Accelerator", "P")
    _org(g, "f", "Enterprise")
    _stay(g, "f", "I", m_since, "2020-12-31", "graduated")
    _stay(g, "f", "A", a_since, None, "active")
    report = incubation_handoffs(g, "P", today=TODAY)
    assert [h.gap_days for h in report.handoffs] == ([] if gap is None else [gap])
    assert [x.carrier for x in report.gaps] == (["I"] if gap is None else [])
    row = _rows(report)["I"]
    assert row.median_gap_days == (None if gap is None else pytest.approx(gap, abs=1e-9))


def test_to_dict_is_json_ready(report: IncubationReport) -> None:
    import json

    data = report.to_dict()
    assert set(data) == {"params", "stays", "handoffs", "carriers", "funnel", "conversion",
                         "skips", "network", "gaps", "graduation_eligible"}
    assert data["params"]["today"] == "2024-01-01"
    assert data["stays"][0]["since"] == "2020-01-01"
    json.dumps(data)
