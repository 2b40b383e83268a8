"""Visualisation pages, the explorer and the metric cache, on each real store (FalkorDB, Neo4j)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ecograph.stores.base import GraphStore
from ecograph.stores.falkordb.store import FalkorDBStore
from ecograph.stores.neo4j_local import LocalNeo4j
from ecograph.stores.neo4j_store import Neo4jStore
from tests.integration.conftest import API_STORES, pick_api_store

pytestmark = pytest.mark.integration

GRAPH = "ecograph_api_viz"
Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]
#: What Chromium sends when it navigates to a page.
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module", params=API_STORES)
def api_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """``tests/fixtures/full`` in this module's FalkorDB graph, or in the local Neo4j."""
    yield pick_api_store(request)


def _other(api_store: GraphStore, request: pytest.FixtureRequest) -> GraphStore:
    """A second connection to the same graph: what another process would open."""
    if isinstance(api_store, Neo4jStore):
        local: LocalNeo4j = request.getfixturevalue("neo4j_local")
        return Neo4jStore.connect(local.uri, user=local.user, password=local.password)
    assert isinstance(api_store, FalkorDBStore)
    return FalkorDBStore.connect(api_store.host, api_store.port, GRAPH,
                                 password=api_store.password)


def _nodes(html: str) -> list[dict[str, Any]]:
    match = re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", html)
    assert match is not None
    data: list[dict[str, Any]] = json.loads(match.group(1).replace("<\\/", "</"))
    return data


@pytest.mark.parametrize(("url", "expected"), [
    # ties E1–U1 (2020), E2–R1 (2021), N1–E1 (2022): the 9 isolates are counted, not drawn
    ("/viz/collaboration?park=P1", 5),
    ("/viz/collaboration?park=P1&since=2021&until=2021", 2),  # E2, R1
    ("/viz/chain?park=P1&chain=bat", 4 + 3 + 1),         # segments, park firms, candidate E3
    ("/viz/chain?park=P1&chain=bat&firms=false", 4 + 1),
    ("/viz/incubation?park=P1", 3 + 2),                  # carriers, 留园 and 离园
    ("/viz/ego/E1", 5),
    ("/viz/ego/E1?depth=3", 14),  # +E3 R1 V1 M1 I1 A1 K1 at 2, F1 G1 at 3
])
def test_viz_pages(client: TestClient, url: str, expected: int) -> None:
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert not EXTERNAL.search(resp.text)
    assert '<script src="/static/vis/vis-network.min.js">' in resp.text
    nodes = _nodes(resp.text)
    assert len({n["id"] for n in nodes}) == expected
    # every node has a position and a name on hover; labels only where they stay legible
    assert all("x" in n and "y" in n and n["title"] and "label_en" in n for n in nodes)
    assert any(n["label_zh"] and n["label_en"] for n in nodes)


def test_collaboration_cap_adds_notice(client: TestClient) -> None:
    html = client.get("/viz/collaboration?park=P1&cap=10&group=none").text
    assert 'id="viz-notice"' not in html  # 5 connected organisations: under the cap
    html = client.get("/viz/ego/E1?depth=3&cap=10").text
    assert len(_nodes(html)) == 10 and 'id="viz-notice"' in html and "more are connected" in html


def test_ego_labels_switch_to_english(client: TestClient) -> None:
    nodes = {n["id"]: n for n in _nodes(client.get("/viz/ego/E1").text)}
    assert (nodes["E1"]["label"], nodes["E1"]["label_en"]) == ("锂芯电池科技", "Lixin Cells")


@pytest.mark.parametrize(("url", "status"), [
    ("/viz/collaboration?park=NOPE", 404), ("/viz/chain?park=P1&chain=NOPE", 404),
    ("/viz/ego/NOPE", 404), ("/viz/incubation", 422), ("/viz/ego/E1?depth=0", 422),
])
def test_viz_errors(client: TestClient, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_explorer_and_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "园区创新生态图谱" in page.text
    assert 'data-en="Park innovation ecosystem explorer"' in page.text
    assert not EXTERNAL.search(page.text)
    js = client.get("/static/vis/vis-network.min.js")
    assert js.status_code == 200 and len(js.content) > 400_000


def test_metric_cache_is_invalidated_by_loads(client: TestClient,
                                              api_store: GraphStore) -> None:
    state = client.app.state.ecograph  # type: ignore[attr-defined]
    url = "/parks/P1/collaboration"
    before = client.get(url).json()
    hits = state.cache.hits
    assert client.get(url).json() == before and state.cache.hits == hits + 1
    extra = {"key": "api-test-tie", "type": "COLLABORATES_WITH", "source": "U1",
             "source_label": "Organization", "target": "G1", "target_label": "Organization",
             "props": {"since": "2023-01-01", "source": "api-test",
                       "loaded_at": "2024-01-01T00:00:00+00:00"}}
    try:
        api_store.load([], [extra], source="api-test")
        state.cache.invalidate()  # what an in-process load does; other processes: fingerprint
        after = client.get(url).json()
        assert after["ties"] == before["ties"] + 1
    finally:
        api_store.load([], [], source="api-test", replace=True)
        state.cache.invalidate()
    assert client.get(url).json()["ties"] == before["ties"]


def test_fingerprint_sees_loads_from_elsewhere(client: TestClient, api_store: GraphStore,
                                               request: pytest.FixtureRequest) -> None:
    state = client.app.state.ecograph  # type: ignore[attr-defined]
    generation = state.cache.refresh()
    other = _other(api_store, request)  # "another process"
    try:
        other.load([{"id": "Z9", "label": "Enterprise", "labels": ["Organization", "Enterprise"],
                     "props": {"name": "新企业", "source": "api-fp",
                               "loaded_at": "2024-01-01T00:00:00+00:00"}}], [], source="api-fp")
        loaded = time.monotonic()
        state.cache._checked_at = float("-inf")  # skip the 1 s check interval
        assert state.cache.refresh() == generation  # counts moved: wait until they settle
        # poll: the API's own watcher refreshes too, and one of its checks in flight can
        # make a check of ours a no-op (a slow stats() on Neo4j widens that window)
        deadline = loaded + state.cache._settle + 15
        while state.cache.refresh() == generation:
            assert time.monotonic() < deadline, "the load from elsewhere was never seen"
            time.sleep(0.2)
            state.cache._checked_at = float("-inf")
        assert time.monotonic() - loaded >= state.cache._settle  # not before it settled
        assert state.cache.generation == generation + 1
        assert "Z9" in state.graph()
    finally:
        other.load([], [], source="api-fp", replace=True)
        other.close()
        state.cache.invalidate()


@pytest.mark.parametrize("url", ["/viz/ego/NOPE", "/viz/chain?park=P1&chain=NOPE",
                                 "/viz/collaboration?park=NOPE", "/parks/NOPE/report",
                                 "/viz/ego/E1?depth=0"])
def test_page_urls_answer_errors_with_an_html_page(client: TestClient, url: str) -> None:
    resp = client.get(url, headers={"accept": BROWSER_ACCEPT})
    assert resp.headers["content-type"].startswith("text/html")
    assert 'href="/"' in resp.text and 'id="error-detail"' in resp.text
    assert not EXTERNAL.search(resp.text)
    # a script asking for the same URL keeps the JSON body
    assert set(client.get(url, headers={"accept": "application/json"}).json()) == {
        "error", "detail"}


@pytest.mark.parametrize("url", ["/orgs/NOPE", "/parks/NOPE", "/chains/NOPE",
                                 "/parks/NOPE/collaboration"])
def test_api_urls_keep_json_errors(client: TestClient, url: str) -> None:
    resp = client.get(url, headers={"accept": BROWSER_ACCEPT})
    assert resp.status_code == 404
    assert resp.json()["error"] == "not found"


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_api_docs_load_nothing_from_outside(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200 and not EXTERNAL.search(page.text)
    assets = re.findall(r"""(?:src|href)=["']?(/static/docs/[^"' >]+)""", page.text)
    assert assets, "the page names its shipped scripts"
    for asset in assets:
        resp = client.get(asset)
        assert resp.status_code == 200 and len(resp.content) > 500, asset
        assert b"cdn.jsdelivr" not in resp.content and b"cdn.redoc.ly" not in resp.content


def test_explorer_opens_on_the_park_with_most_organisations(client: TestClient) -> None:
    parks = client.get("/parks").json()
    page = client.get("/").text
    match = re.search(r"var CATALOGUE = (\{.*?\});\n", page)
    assert match is not None
    catalogue = json.loads(match.group(1).replace("<\\/", "</"))
    most = max(p["organizations"] for p in parks)
    assert catalogue["parks"][0]["organizations"] == most
    assert catalogue["default_park"] == catalogue["parks"][0]["id"]
    assert {c["id"] for c in catalogue["chains"]} >= {"bat"}
