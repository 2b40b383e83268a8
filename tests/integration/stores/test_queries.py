"""Every named query of ``queries/`` run against the embedded store on the sample graph."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ecograph.errors import QueryError
from ecograph.stores.catalog import load_catalog
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = pytest.mark.integration

PARK_P = {
    "park": "P", "name": "高新区", "level": "national", "sub_parks": 1, "organizations": 4,
    "enterprises": 2, "research_orgs": 1, "platforms": 0, "incubation_carriers": 1, "funds": 0,
    "high_tech_enterprises": 1, "specialized_smes": 1,
}

#: (query, params, expected rows, sort key or None when the query orders its rows)
CASES: list[tuple[str, dict[str, Any], list[dict[str, Any]], str | None]] = [
    ("park_overview", {"park": "P"}, [PARK_P], None),
    ("park_overview", {"park": "nope"}, [], None),
    ("orgs_in_segment", {"segment": "S2"}, [
        {"id": "b", "name": "乙公司", "primary": True, "parks": ["P", "P1"]},
        {"id": "x", "name": "丙公司", "primary": False, "parks": []},
    ], None),
    ("orgs_in_segment", {"segment": "S2", "park": "P"}, [
        {"id": "b", "name": "乙公司", "primary": True, "parks": ["P", "P1"]},
    ], None),
    ("firm_suppliers_customers", {"org": "a"}, [
        {"role": "customer", "id": "b", "name": "乙公司", "since": "2020-01-01", "until": None,
         "weight": 2.0, "amount": 100.0},
        {"role": "supplier", "id": "x", "name": "丙公司", "since": "2019-01-01", "until": None,
         "weight": None, "amount": None},
    ], "role"),
    ("collaborators", {"org": "u"}, [
        {"id": "a", "name": "甲公司", "kind": "joint_patent", "since": "2021-01-01",
         "until": None, "weight": None},
    ], None),
    ("incubation_history", {"org": "b"}, [
        {"carrier": "i", "name": "孵化器", "carrier_kind": ["Incubator"], "since": "2018-01-01",
         "until": "2020-12-31", "outcome": "graduated"},
    ], None),
    ("chain_funds", {"chain": "C"}, [
        {"fund": "f", "name": "创投基金", "firms": 2, "investments": 2, "amount": 700.0},
    ], None),
    ("shortest_connection", {"source": "x", "target": "b"}, [
        {"nodes": ["x", "a", "b"], "types": ["SUPPLIES", "SUPPLIES"], "hops": 2},
    ], None),
    ("shortest_connection", {"source": "b", "target": "x"}, [
        {"nodes": ["x", "a", "b"], "types": ["SUPPLIES", "SUPPLIES"], "hops": 2},
    ], None),
    ("shortest_connection", {"source": "u", "target": "b"}, [], None),
    ("node_kind", {"id": "P"}, [{"id": "P", "labels": ["Park", "HighTechZone"]}], None),
    ("node_kind", {"id": "nope"}, [], None),
    # the park scope's queries (stores/park_scope.py)
    ("scope_structure", {}, [{"id": i} for i in ("C", "P", "P1", "S1", "S2")], "id"),
    ("scope_park", {"park": "nope"}, [], None),
    ("scope_leading_chains", {"park": "P"}, [{"chain": "C", "leading": False}], None),
    ("scope_park_neighbours", {"ids": ["P1"]}, [{"id": i} for i in ("P", "b", "i")], "id"),
    ("scope_neighbours", {"ids": ["a"]},
     [{"id": i} for i in ("P", "S1", "b", "f", "u", "x")], "id"),
    ("scope_satellites", {"ids": ["a", "b"]}, [], None),  # the sample holds no stats or events
    ("scope_carriers", {"ids": ["a", "b"]}, [{"id": "i"}], None),
    ("scope_investors", {"ids": ["a", "b", "x"]}, [{"id": "f"}], None),
    ("scope_incubatees", {"ids": ["i", "a"]}, [{"id": "b"}], None),
    ("scope_segment_firms", {"chain": "C"},
     [{"segment": "S1", "firms": 1}, {"segment": "S2", "firms": 2}], "segment"),
    ("scope_chain_firms", {"chain": "C"}, [{"firms": 3}], None),
    ("scope_chain_firms", {"chain": "nope"}, [{"firms": 0}], None),
    ("scope_dated_segment_orgs", {"chain": "C"}, [], None),
    ("scope_candidate_pool", {"chain": "C", "segments": ["S1", "S2"], "floor": 1.5,
                              "ceiling": 1e300, "weights": {"SpecializedSME": 2.0}},
     [{"segment": "S2", "id": "b", "since": None, "until": None, "revenue": None,
       "qualifications": ["SpecializedSME"], "bound": 2.0}], None),  # no IN_SEGMENT edge is dated
    ("scope_segment_links", {"ids": ["x", "a", "zz"], "chain": "C"}, [
        {"id": "a", "segment": "S1", "since": None, "until": None},
        {"id": "x", "segment": "S2", "since": None, "until": None}], "id"),
    ("scope_org_ties", {"ids": ["a"]}, [
        {"source": "a", "target": "b", "type": "SUPPLIES", "org": True, "since": "2020-01-01",
         "until": None, "date": None},
        {"source": "a", "target": "f", "type": "INVESTS_IN", "org": True, "since": None,
         "until": None, "date": "2021-06-01"},
        {"source": "a", "target": "u", "type": "COLLABORATES_WITH", "org": True,
         "since": "2021-01-01", "until": None, "date": None},
        {"source": "a", "target": "x", "type": "SUPPLIES", "org": True, "since": "2019-01-01",
         "until": None, "date": None},
    ], "target"),
]


def _normal(rows: list[dict[str, Any]], sort_key: str | None) -> list[dict[str, Any]]:
    rows = [{k: sorted(v) if k == "parks" else v for k, v in r.items()} for r in rows]
    return sorted(rows, key=lambda r: r[sort_key]) if sort_key else rows


@pytest.mark.parametrize(("name", "params", "expected", "sort_key"), CASES,
                         ids=[f"{c[0]}-{'-'.join(map(str, c[1].values()))}" for c in CASES])
def test_named_query(sample_store: FalkorDBStore, name: str, params: dict[str, Any],
                     expected: list[dict[str, Any]], sort_key: str | None) -> None:
    assert _normal(sample_store.run(name, params), sort_key) == expected


def test_scope_park_lists_the_closure_and_every_stay(sample_store: FalkorDBStore) -> None:
    [row] = sample_store.run("scope_park", {"park": "P"})
    assert row["park"] == "P" and sorted(row["parks"]) == ["P", "P1"]
    assert sorted(row["located"]) == [["a", None, None], ["b", None, None], ["i", None, None],
                                      ["u", None, None]]


def test_every_query_is_exercised() -> None:
    assert {c[0] for c in CASES} == set(load_catalog())


def test_params_are_checked(sample_store: FalkorDBStore) -> None:
    with pytest.raises(QueryError, match="needs parameter 'org'"):
        sample_store.run("collaborators", {})
    with pytest.raises(QueryError, match="unknown query"):
        sample_store.run("drop_everything", {})


def test_scope_candidate_pool_scores_best_first(sample_store: FalkorDBStore) -> None:
    # a: HighTechEnterprise (1) + log10(1 + 5000/10000); b: SpecializedSME (2); x: nothing
    weights = {"HighTechEnterprise": 1.0, "SpecializedSME": 2.0}
    rows = sample_store.run("scope_candidate_pool", {
        "chain": "C", "segments": ["S1", "S2"], "weights": weights, "floor": 0.5,
        "ceiling": 1e300})
    assert [(r["segment"], r["id"]) for r in rows] == [("S2", "b"), ("S1", "a")]
    assert rows[0]["bound"] == pytest.approx(2.0)
    assert rows[1]["bound"] == pytest.approx(1.0 + math.log10(1.5))
    assert (rows[1]["revenue"], rows[1]["qualifications"]) == (5000.0, ["HighTechEnterprise"])
    # a band [0, 1.5) of S2 only: x (0) and not b (2)
    band = sample_store.run("scope_candidate_pool", {
        "chain": "C", "segments": ["S2"], "weights": weights, "floor": -1.0, "ceiling": 1.5})
    assert [(r["id"], r["bound"]) for r in band] == [("x", 0.0)]
