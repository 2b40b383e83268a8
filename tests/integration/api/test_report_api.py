"""Report and indicator endpoints (API and CLI) on each real store (FalkorDB, local Neo4j).

On the session's hand-made sample graph (``conftest.make_sample_rows``): park
``P`` (高新区) with sub-park ``P1`` holds enterprises ``a`` (HighTechEnterprise,
120 employees) and ``b`` (SpecializedSME), both invested in by fund ``f``.
By hand: high-tech share 1/2 = 50 %, listed per 10k employees 0 / 120 = 0, no
national incubator. ``P`` is the only HighTechZone: no indicator is scored
among peers. Two ``park_stats`` observations are loaded with the sample, as
the loader writes them: ``hz.2.2`` = 41.5 (2024) and 99 (2025).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ecograph.api.app import create_app
from ecograph.cli.app import app, exit_code
from ecograph.settings import Settings
from ecograph.stores.base import GraphStore
from tests.integration.conftest import _edge, _node, make_sample_rows

pytestmark = pytest.mark.integration


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """An emptied store of each kind; the Neo4j one also points the CLI at itself."""
    found: GraphStore = request.getfixturevalue(f"{request.param}_store")
    return found


def _observation(year: int, value: float) -> tuple[dict[str, Any], dict[str, Any]]:
    node_id = f"P@{year}@hz.2.2"
    node = _node(node_id, "IndicatorObservation", ["IndicatorObservation"], park="P",
                 year=year, indicator="hz.2.2", value=value)
    return node, _edge("HAS_INDICATOR", "P", "Park", node_id, "IndicatorObservation")


@pytest.fixture
def stats_store(store: GraphStore) -> GraphStore:
    nodes, edges = make_sample_rows()
    for year, value in ((2024, 41.5), (2025, 99.0)):
        node, edge = _observation(year, value)
        nodes.append(node)
        edges.append(edge)
    store.load(nodes, edges, source="sample")
    return store


@pytest.fixture
def client(stats_store: GraphStore, store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, store=stats_store),
                    base_url="http://localhost") as test_client:
        yield test_client


def test_indicators_json_counts_the_graph_and_reads_the_table(client: TestClient) -> None:
    response = client.get("/parks/P/indicators", params={"year": 2024})
    assert response.status_code == 200
    body = response.json()
    values = {row["id"]: row for row in body["indicators"]}
    assert (values["hz.2.4"]["value"], values["hz.2.4"]["source"]) == (50.0, "graph")
    assert (values["hz.2.7"]["value"], values["hz.2.7"]["source"]) == (0.0, "graph")
    assert values["hz.1.4"]["value"] == 0.0
    assert (values["hz.2.2"]["value"], values["hz.2.2"]["source"]) == (41.5, "park_stats")
    assert values["hz.2.2"]["year"] == 2024
    assert values["hz.1.1"]["source"] == "missing" and values["hz.1.1"]["value"] is None
    assert [c["category"] for c in body["categories"]] == [
        "world_class", "innovative", "characteristic"]
    assert body["target_year"] == 2020 and body["measured_against"] is None
    assert body["index_score"] is None  # no tier_category declared
    for score in body["index_scores"].values():  # a single park: nothing among peers
        assert all(a["method"] == "target" for a in score["indicators"])


def test_indicators_as_of_before_a_firm_arrives(client: TestClient) -> None:
    body = client.get("/parks/P/indicators", params={"year": 2024,
                                                     "as_of": "1990-01-01"}).json()
    assert body["as_of"] == "1990-01-01"
    bad = client.get("/parks/P/indicators", params={"as_of": "yesterday"})
    assert bad.status_code == 422


def test_indicators_year_selects_the_latest_row_up_to_it(client: TestClient) -> None:
    values = {r["id"]: r["value"] for r in client.get("/parks/P/indicators").json()["indicators"]}
    assert values["hz.2.2"] == 99.0


def test_indicators_csv_has_bom_and_one_row_per_indicator(client: TestClient) -> None:
    response = client.get("/parks/P/indicators", params={"format": "csv", "year": 2024})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 40 + 22
    by_id = {r["id"]: r for r in rows}
    assert (by_id["hz.2.2"]["value"], by_id["hz.2.2"]["source"]) == ("41.5", "park_stats")
    assert (by_id["hz.2.4"]["value"], by_id["hz.2.4"]["source"]) == ("50.0", "graph")


def test_report_is_html_with_the_park_and_its_chain(client: TestClient) -> None:
    response = client.get("/parks/P/report", params={"year": 2024})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "高新区" in page and "新能源汽车" in page
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert page.count("<svg") >= 5


@pytest.mark.parametrize("path", ["/parks/NOPE/report", "/parks/NOPE/indicators",
                                  "/parks/a/indicators"])
def test_unknown_park_is_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_cli_indicators_json_and_report(stats_store: GraphStore, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["indicators", "--park", "P", "--year", "2024",
                                      "--as-of", "2025-06-30", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    values = {r["id"]: r for r in body["indicators"]}
    assert values["hz.2.4"]["value"] == 50.0 and values["hz.2.2"]["value"] == 41.5
    assert body["as_of"] == "2025-06-30"
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "--park", "P", "-o", str(out), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "高新区" in out.read_text(encoding="utf-8")


def test_cli_indicators_table(stats_store: GraphStore) -> None:
    result = CliRunner().invoke(app, ["indicators", "--park", "P"])
    assert result.exit_code == 0, result.output
    assert "hz.2.4" in result.stdout and "not a ladder" in result.stdout


def test_cli_indicators_bad_as_of_is_exit_2(stats_store: GraphStore) -> None:
    result = CliRunner().invoke(app, ["indicators", "--park", "P", "--as-of", "soon"])
    assert exit_code(result.exception) == 2  # what main() exits with
