"""Report and indicator endpoints (API and CLI) on each real store (FalkorDB, local Neo4j).

On the session's hand-made sample graph (``conftest.make_sample_rows``): park
``P`` (高新区) with sub-park ``P1`` holds enterprises ``a`` (HighTechEnterprise,
120 employees) and ``b`` (SpecializedSME), both invested in by fund ``f``;
``P`` is the only top-level park. By hand: high-tech share 1/2 = 50 %,
listed per 10k employees 0 / 120 = 0, no national incubator, and as the only
peer ``P`` scores 100 on every indicator it has. The statistics table gives
``hz.2.2`` = 41.5 (2024).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ecograph.api.app import create_app
from ecograph.cli.app import app
from ecograph.settings import Settings
from ecograph.stores.base import GraphStore

pytestmark = pytest.mark.integration


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """An emptied store of each kind; the Neo4j one also points the CLI at itself."""
    found: GraphStore = request.getfixturevalue(f"{request.param}_store")
    return found

STATS = "park,year,indicator,value\nP,2024,hz.2.2,41.5\nP,2025,hz.2.2,99\n"


@pytest.fixture
def stats_settings(store_settings: Settings, tmp_path: Path) -> Settings:
    """Settings on the session store whose data folder holds one saved statistics table."""
    folder = tmp_path / "park_stats"
    folder.mkdir()
    (folder / "sample.csv").write_text(STATS, encoding="utf-8")
    return store_settings.model_copy(update={"data_dir": tmp_path})


@pytest.fixture
def client(sample_store: GraphStore, stats_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(stats_settings, store=sample_store),
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
    assert (values["hz.2.2"]["value"], values["hz.2.2"]["source"]) == (41.5, "table")
    assert values["hz.1.1"]["source"] == "missing" and values["hz.1.1"]["value"] is None
    assert [t["tier"] for t in body["tiers"]] == ["world_class", "innovative", "characteristic"]
    assert body["qualifies_for"] is None
    assert list(body["scores"]) == ["P"] and body["scores"]["P"]["total"] == 100.0


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
    assert (by_id["hz.2.2"]["value"], by_id["hz.2.2"]["source"]) == ("41.5", "table")
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


def test_cli_indicators_json_and_report(sample_store: GraphStore, tmp_path: Path) -> None:
    stats = tmp_path / "park_stats.csv"
    stats.write_text(STATS, encoding="utf-8")
    result = CliRunner().invoke(app, ["indicators", "--park", "P", "--year", "2024",
                                      "--stats", str(stats), "--json"])
    assert result.exit_code == 0, result.output
    values = {r["id"]: r for r in json.loads(result.stdout)["indicators"]}
    assert values["hz.2.4"]["value"] == 50.0 and values["hz.2.2"]["value"] == 41.5
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "--park", "P", "-o", str(out), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert "高新区" in out.read_text(encoding="utf-8")


def test_cli_indicators_table(sample_store: GraphStore) -> None:
    result = CliRunner().invoke(app, ["indicators", "--park", "P"])
    assert result.exit_code == 0, result.output
    assert "hz.2.4" in result.stdout and "qualifies for" in result.stdout
