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
    ("/viz/collaboration?park=P1", 14),                  # all park organisations
    ("/viz/collaboration?park=P1&since=2021&until=2021", 14),
    ("/viz/chain?park=P1&chain=bat", 4 + 3 + 1),         # segments, park firms, candidate E3
    ("/viz/chain?park=P1&chain=bat&firms=false", 4 + 1),
    ("/viz/incubation?park=P1", 3 + 1),                  # carriers and the park sink
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
    assert all("x" in n and "y" in n and n["label_zh"] and n["label_en"] for n in nodes)


def test_collaboration_cap_adds_notice(client: TestClient) -> None:
    html = client.get("/viz/collaboration?park=P1&cap=10").text
    assert len(_nodes(html)) == 10 and 'id="viz-notice"' in html and "14" in html


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
