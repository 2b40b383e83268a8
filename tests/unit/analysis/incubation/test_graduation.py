"""The 2018 national incubator graduation criteria, as read from the graph."""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
import pytest

from ecograph.analysis.incubation.graduation import (
    CRITERIA,
    FINANCING_THRESHOLD_WAN,
    GRADUATION_RULES,
    REVENUE_THRESHOLD_WAN,
    graduation_check,
)

TODAY = date(2024, 1, 1)


def _firm(**props: Any) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("f", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}),
               **props)
    return g


def _invest(g: nx.MultiDiGraph, amount: object, when: str | None = None,
            round_name: str | None = None, investor: str = "v") -> None:
    attrs: dict[str, object] = {"type": "INVESTS_IN", "amount": amount}
    if when:
        attrs["date"] = when
    if round_name:
        attrs["round"] = round_name
    g.add_edge(investor, "f", **attrs)


def test_thresholds_are_the_2018_figures_in_wan() -> None:
    assert FINANCING_THRESHOLD_WAN * 10_000 == 5_000_000
    assert REVENUE_THRESHOLD_WAN * 10_000 == 10_000_000
    assert set(GRADUATION_RULES) == set(CRITERIA)


def test_nothing_met() -> None:
    check = graduation_check(_firm(qualifications=["TechSME"], revenue=10.0), "f", today=TODAY)
    assert check.criteria == () and not check.eligible
    assert check.financing_wan == 0.0 and check.revenue_wan == 10.0


@pytest.mark.parametrize(
    ("quals", "expected"),
    [
        (["HighTechEnterprise"], ("HighTechEnterprise",)),
        ("TechSME;HighTechEnterprise", ("HighTechEnterprise",)),
        (["Listed"], ("acquired_or_listed",)),
        (["HighTechEnterprise", "Listed"], ("HighTechEnterprise", "acquired_or_listed")),
        (["Gazelle"], ()),
    ],
)
def test_qualifications(quals: object, expected: tuple[str, ...]) -> None:
    assert graduation_check(_firm(qualifications=quals), "f", today=TODAY).criteria == expected


@pytest.mark.parametrize(
    ("revenue", "met"),
    [(1000.0, True), (999.99, False), (2500, True), (None, False), ("1200", True)],
)
def test_revenue_latest_year_alone(revenue: object, met: bool) -> None:
    props = {} if revenue is None else {"revenue": revenue}
    check = graduation_check(_firm(**props), "f", today=TODAY)
    assert ("revenue" in check.criteria) is met


@pytest.mark.parametrize(
    ("investments", "total", "met"),
    [
        ([(250.0, "2020-01-01"), (250.0, None)], 500.0, True),
        ([(250.0, "2020-01-01"), (249.5, "2023-12-31")], 499.5, False),
        ([(400.0, "2023-01-01"), (400.0, "2024-01-02")], 400.0, False),  # future round
        ([(400.0, "2024-01-01"), (100.0, None)], 500.0, True),          # dated today counts
        ([("300", None), ("n/a", None), (200.0, None)], 500.0, True),
    ],
)
def test_cumulative_financing(investments: list[tuple[object, str | None]], total: float,
                              met: bool) -> None:
    g = _firm()
    for i, (amount, when) in enumerate(investments):
        _invest(g, amount, when, investor=f"v{i}")
    check = graduation_check(g, "f", today=TODAY)
    assert check.financing_wan == pytest.approx(total, abs=1e-9)
    assert ("financing" in check.criteria) is met


def test_acquisition_round_is_a_deal_not_financing() -> None:
    g = _firm()
    _invest(g, 800.0, "2022-01-01", "M&A", investor="buyer")
    check = graduation_check(g, "f", today=TODAY)
    assert check.criteria == ("acquired_or_listed",)
    assert check.financing_wan == 0.0
    assert check.evidence == ("acquisition by buyer",)


def test_ipo_round_counts_as_listing_and_financing() -> None:
    g = _firm()
    _invest(g, 600.0, "2022-01-01", "IPO")
    assert graduation_check(g, "f", today=TODAY).criteria == ("financing", "acquired_or_listed")


@pytest.mark.parametrize("props", [{"acquired": "true"}, {"acquired": True},
                                   {"acquired_by": "BigCo"}])
def test_acquired_node_property(props: dict[str, object]) -> None:
    assert graduation_check(_firm(**props), "f", today=TODAY).criteria == ("acquired_or_listed",)


def test_all_criteria_in_rule_order() -> None:
    g = _firm(qualifications=["Listed", "HighTechEnterprise"], revenue=5000.0)
    _invest(g, 900.0, "2021-01-01")
    check = graduation_check(g, "f", today=TODAY)
    assert check.criteria == CRITERIA
    assert len(check.evidence) == 4


def test_unknown_firm_meets_nothing() -> None:
    check = graduation_check(nx.MultiDiGraph(), "ghost", today=TODAY)
    assert check.criteria == () and check.revenue_wan is None
