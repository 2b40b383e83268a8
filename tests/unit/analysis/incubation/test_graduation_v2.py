"""Graduation criteria (metrics.md section 2), each met / not met / unknown.

as_of = 2024-01-01, so the two revenue years are 2022 and 2023.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from ecograph.analysis.incubation import incubation_handoffs
from ecograph.analysis.incubation.graduation import graduation_check, investment_date

AS_OF = date(2024, 1, 1)
FUND = frozenset({"Organization", "Fund"})


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("f", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    g.add_node("angel", label="AngelFund", labels=FUND | {"AngelFund"})
    g.add_node("vc", label="VentureCapitalFund", labels=FUND | {"VentureCapitalFund"})
    g.add_node("ind", label="IndustryFund", labels=FUND | {"IndustryFund"})
    g.add_node("corp", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    return g


def _stats(g: nx.MultiDiGraph, year: int, revenue: float | None) -> None:
    attrs = {} if revenue is None else {"revenue": revenue}
    g.add_node(f"f@{year}", label="OrgYearStats", labels=frozenset({"OrgYearStats"}),
               org="f", year=year, **attrs)
    g.add_edge("f", f"f@{year}", type="HAS_STATS")


def _status(g: nx.MultiDiGraph, criterion: str) -> str:
    return graduation_check(g, "f", as_of=AS_OF).status[criterion]


@pytest.mark.parametrize(("since", "until", "expected"), [
    ("2022-01-01", None, "met"),
    ("2020-01-01", "2023-06-30", "not_met"),  # expired before as_of
    ("2024-06-01", None, "not_met"),           # recognised after as_of
])
def test_high_tech_enterprise_from_the_history(since: str, until: str | None,
                                               expected: str) -> None:
    g = _graph()
    g.nodes["f"]["qualifications"] = ["HighTechEnterprise"]  # the stated set loses to history
    attrs = {"since": since} | ({"until": until} if until else {})
    g.add_edge("f", "HighTechEnterprise", type="HAS_QUALIFICATION", **attrs)
    assert _status(g, "HighTechEnterprise") == expected


def test_high_tech_enterprise_without_history_reads_the_property() -> None:
    g = _graph()
    assert _status(g, "HighTechEnterprise") == "not_met"
    g.nodes["f"]["qualifications"] = ["HighTechEnterprise"]
    assert _status(g, "HighTechEnterprise") == "met"


def test_financing_counts_angel_and_venture_only() -> None:
    g = _graph()
    g.add_edge("angel", "f", type="INVESTS_IN", amount=300.0, date="2023-05-01")
    g.add_edge("ind", "f", type="INVESTS_IN", amount=5000.0, date="2022-01-01")  # not angel/VC
    g.add_edge("corp", "f", type="INVESTS_IN", amount=5000.0, date="2022-01-01")
    assert _status(g, "financing") == "not_met"
    g.add_edge("vc", "f", type="INVESTS_IN", amount=199.0, date="2023-01-01")
    assert _status(g, "financing") == "not_met"  # 499
    g.add_edge("vc", "f", type="INVESTS_IN", amount=1.0, date="2023-02-01")
    check = graduation_check(g, "f", as_of=AS_OF)
    assert (check.status["financing"], check.financing_wan) == ("met", 500.0)


@pytest.mark.parametrize(("attrs", "expected"), [
    ({"date": "2023-12-31"}, "met"),
    ({"date": "2024-01-02"}, "not_met"),                        # after as_of
    ({"since": "2023-06-01"}, "met"),                           # no date: since
    ({"since": "2024-03-01"}, "not_met"),
    ({"date": "2024-03-01", "since": "2020-01-01"}, "not_met"),  # date wins over since
    ({"date": "2023-03-01", "since": "2025-01-01"}, "met"),
    ({}, "unknown"),                                            # undated, short without it
])
def test_investment_date_from_date_else_since(attrs: dict[str, str], expected: str) -> None:
    g = _graph()
    g.add_edge("vc", "f", type="INVESTS_IN", amount=600.0, **attrs)
    assert _status(g, "financing") == expected


def test_investment_date_reader() -> None:
    assert investment_date({"since": "2024-02-03"}) == date(2024, 2, 3)
    assert investment_date({"date": "2021-01-01", "since": "2024-02-03"}) == date(2021, 1, 1)


def test_financing_without_amount_is_unknown_unless_already_met() -> None:
    g = _graph()
    g.add_edge("angel", "f", type="INVESTS_IN", date="2023-01-01")  # amount unknown
    assert _status(g, "financing") == "unknown"
    g.add_edge("vc", "f", type="INVESTS_IN", amount=800.0, date="2023-01-01")
    assert _status(g, "financing") == "met"


@pytest.mark.parametrize(("revenues", "expected"), [
    ({2022: 400.0, 2023: 600.0}, "met"),       # 1,000 together
    ({2022: 400.0, 2023: 599.0}, "not_met"),
    ({2023: 5000.0}, "unknown"),               # 2022 missing
    ({2022: 700.0, 2023: None}, "unknown"),    # 2023 row without revenue
    ({2021: 900.0, 2022: 50.0, 2023: 40.0}, "not_met"),  # 2021 is not one of the two years
    ({2024: 2000.0, 2023: 100.0}, "unknown"),  # 2024 is not complete at as_of
])
def test_revenue_of_the_last_two_years(revenues: dict[int, float | None], expected: str) -> None:
    g = _graph()
    for year, revenue in revenues.items():
        _stats(g, year, revenue)
    g.nodes["f"]["revenue"] = 99999.0  # a single figure of unknown year never counts
    assert _status(g, "revenue") == expected


def test_revenue_years_at_the_end_of_a_year() -> None:
    g = _graph()
    _stats(g, 2023, 400.0)
    _stats(g, 2024, 600.0)
    assert graduation_check(g, "f", as_of=date(2024, 12, 31)).status["revenue"] == "met"
    assert graduation_check(g, "f", as_of=date(2024, 12, 30)).status["revenue"] == "unknown"


@pytest.mark.parametrize(("setup", "expected"), [
    ("acquired", "met"),
    ("acquired_later", "not_met"),
    ("listed", "met"),
    ("listed_later", "not_met"),
    ("none", "not_met"),
])
def test_acquired_or_listed(setup: str, expected: str) -> None:
    g = _graph()
    if setup == "acquired":
        g.add_edge("corp", "f", type="INVESTS_IN", round="acquisition", since="2023-09-01")
    elif setup == "acquired_later":
        g.add_edge("corp", "f", type="INVESTS_IN", round="acquisition", date="2024-09-01")
    elif setup == "listed":
        g.add_edge("f", "Listed", type="HAS_QUALIFICATION", since="2023-01-01")
    elif setup == "listed_later":
        g.add_edge("f", "Listed", type="HAS_QUALIFICATION", since="2024-02-01")
    assert _status(g, "acquired_or_listed") == expected


def test_acquisition_is_not_financing() -> None:
    g = _graph()
    g.add_edge("vc", "f", type="INVESTS_IN", round="acquisition", amount=9000.0,
               date="2023-01-01")
    check = graduation_check(g, "f", as_of=AS_OF)
    assert check.status["financing"] == "not_met"
    assert check.status["acquired_or_listed"] == "met"


def test_only_firms_in_an_active_stay_are_checked() -> None:
    g = _graph()
    g.add_node("P", label="Park", labels=frozenset({"Park"}))
    g.add_node("i", label="Incubator", labels=frozenset({"Organization", "IncubationCarrier",
                                                         "Incubator"}))
    g.add_edge("i", "P", type="LOCATED_IN")
    g.add_node("g", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}),
               qualifications=["HighTechEnterprise"])
    g.add_node("h", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    g.add_edge("f", "i", type="INCUBATED_IN", since="2021-01-01", outcome="active")
    g.add_edge("g", "i", type="INCUBATED_IN", since="2020-01-01", until="2021-01-01",
               outcome="graduated")  # ended: not checked even though it is HTE
    g.add_edge("h", "i", type="INCUBATED_IN", since="2021-01-01", outcome="active")
    g.add_edge("vc", "h", type="INVESTS_IN", amount=700.0, since="2022-01-01")
    _stats(g, 2022, 800.0)
    r = incubation_handoffs(g, "P", as_of=AS_OF)
    assert [(c.firm, c.eligible) for c in r.graduation_checks] == [("f", False), ("h", True)]
    f = r.graduation_checks[0]
    assert f.status == {"HighTechEnterprise": "not_met", "financing": "not_met",
                        "revenue": "unknown", "acquired_or_listed": "not_met"}
    assert [(e.firm, e.criteria) for e in r.graduation_eligible] == [("h", ("financing",))]
