"""The park's 招商清单 (``park_targets``), its xlsx, and as_of on its ties.

On ``example_graph`` (park P: a in s1, b in s2; outside x in s1 supplies a,
y in s3 (LittleGiant) collaborates with b) with chain C declared leading:
s1 is weak (1 firm < 2) → 强链, candidate x; s3 is missing, fed by s2 → 延链,
candidate y; s2 is weak but has no candidate outside the park.
"""

from __future__ import annotations

import io
import math

import networkx as nx
import pytest
from openpyxl import load_workbook

from ecograph.analysis.chain.index import example_graph
from ecograph.analysis.chain.planner import (
    HEADERS_ZH,
    PLANNER_COLUMNS,
    park_targets,
    to_xlsx,
)
from ecograph.errors import NotFoundError


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = example_graph()
    g.add_edge("P", "C", type="HAS_LEADING_CHAIN", rank=1)
    g.nodes["x"].update(name="甲科技", province="江苏省", city="苏州市", employees=120,
                        revenue=90_000.0, qualifications=["HighTechEnterprise"])
    return g


def test_rows_carry_what_a_planner_needs(graph: nx.MultiDiGraph) -> None:
    t = park_targets(graph, "P", as_of="2024-01-01")
    assert t.chains == ("C",) and t.message is None
    assert [(r.rank, r.segment, r.action, r.candidate) for r in t.rows] == [
        (1, "s1", "强链", "x"), (2, "s3", "延链", "y")]
    x = t.rows[0]
    assert (x.candidate_name, x.province, x.city, x.current_park) == (
        "甲科技", "江苏省", "苏州市", "Q")
    assert (x.employees, x.revenue, x.qualifications) == (120, 90_000.0, "HighTechEnterprise")
    assert x.supplies_park_firms == "a" and x.path == "x – a" and x.distance == 1
    assert x.supplies_park_firm_names == "Firm a" and x.path_names == "甲科技 → Firm a"
    assert isinstance(x.employees, int)
    # 2·log2(1+1) + 1/1 + 1 (HighTech) + log10(1 + 90000/10000) = 2 + 1 + 1 + 1
    assert (x.score_ties, x.score_proximity, x.score_qualification, x.score_scale) == (
        2.0, 1.0, 1.0, 1.0)
    assert x.score == 5.0
    # s1 强链: 0.8 × (log2(1 + 1 purchase from x) + feeds s2) = 0.8 × 2
    assert x.gap_score == pytest.approx(1.6)
    y = t.rows[1]
    assert (y.qualifications, y.supplies_park_firms, y.employees) == ("LittleGiant", "", None)
    assert y.score == 2.0 + 1.0 + 3.0  # tie (collaboration), 1 hop, LittleGiant


def test_as_of_drops_an_ended_supply(graph: nx.MultiDiGraph) -> None:
    key = next(k for k, a in graph["x"]["a"].items() if a["type"] == "SUPPLIES")
    graph["x"]["a"][key]["until"] = "2023-12-31"
    ended = park_targets(graph, "P", as_of="2024-01-01").rows[0]
    # the ended purchase is no tie, no customer and no path: x is left with HighTech + scale
    assert (ended.candidate, ended.ties, ended.supplies_park_firms, ended.path) == (
        "x", 0, "", "")
    assert ended.score == 1.0 + 1.0
    still = park_targets(graph, "P", as_of="2023-12-31").rows[0]
    assert (still.ties, still.supplies_park_firms, still.score) == (1, "a", 5.0)


def test_no_leading_chain_is_an_empty_list_with_a_message() -> None:
    t = park_targets(example_graph(), "P")
    assert t.rows == () and t.chains == () and t.message and "主导产业链" in t.message


def test_a_chain_that_is_not_leading_gets_no_rows(graph: nx.MultiDiGraph) -> None:
    graph.add_node("D", label="IndustryChain", labels=frozenset({"IndustryChain"}), name="D")
    t = park_targets(graph, "P", "D")
    assert t.rows == () and t.message and "不是主导产业链" in t.message
    assert [r.candidate for r in park_targets(graph, "P", "C").rows] == ["x", "y"]


def test_unknown_park_raises(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(NotFoundError):
        park_targets(graph, "nowhere")


def test_xlsx_reads_back_with_chinese(graph: nx.MultiDiGraph) -> None:
    book = load_workbook(io.BytesIO(to_xlsx(park_targets(graph, "P"))))
    sheet = book["招商清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADERS_ZH[c] for c in PLANNER_COLUMNS)
    assert rows[0][:5] == ("产业链", "序号", "环节", "环节名称", "行动")
    first = dict(zip(PLANNER_COLUMNS, rows[1], strict=True))
    assert (first["candidate_name"], first["action"], first["province"]) == (
        "甲科技", "强链", "江苏省")
    assert math.isclose(float(first["score"]), 5.0)
    assert len(rows) == 3
