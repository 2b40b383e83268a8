"""The API's result cache: the URL fast path, and invalidation by a load elsewhere.

Neither test reaches into the cache: the first counts how often FastAPI's
routing runs (the ``State`` dependency runs on every routed request, and the
fast path answers before routing); the second runs ``ecograph load`` as a
separate process and waits for the API to notice through its own watcher. Both
run on each real store (the embedded FalkorDB, the local Neo4j).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from ecograph.api.app import create_app
from ecograph.api.deps import ServiceState, get_state
from ecograph.settings import Settings
from ecograph.stores.base import GraphStore
from ecograph.stores.neo4j_local import LocalNeo4j
from ecograph.stores.neo4j_store import Neo4jStore
from tests.integration.conftest import API_STORES, neo4j_env, pick_api_store

pytestmark = pytest.mark.integration

GRAPH = "ecograph_api_cache"
ECOGRAPH = Path(sys.executable).with_name("ecograph")


@pytest.fixture(scope="module", params=API_STORES)
def api_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """``tests/fixtures/full`` in this module's FalkorDB graph, or in the local Neo4j."""
    yield pick_api_store(request)


def test_repeated_get_is_answered_before_routing(
    api_store: GraphStore, store_settings: Settings
) -> None:
    app = create_app(store_settings.model_copy(update={"graph_name": GRAPH}), store=api_store)
    routed: list[str] = []

    async def counting_state(request: Request) -> ServiceState:
        routed.append(request.url.path)
        return await get_state(request)

    app.dependency_overrides[get_state] = counting_state
    with TestClient(app, base_url="http://localhost") as client:
        first = client.get("/parks")
        second = client.get("/parks")
        third = client.get("/parks", params={"format": "csv"})
    assert first.status_code == second.status_code == third.status_code == 200
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    # the first /parks and the csv variant were routed; the repeat was not
    assert routed == ["/parks", "/parks"]


def test_load_by_another_process_reaches_the_api(
    api_store: GraphStore, store_settings: Settings, tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    package = tmp_path / "extra"
    package.mkdir()
    (package / "organizations.csv").write_text(
        "id,type,name\nZ-CACHE-1,Enterprise,缓存测试企业\n", encoding="utf-8")
    env = {**os.environ, "ECOGRAPH_DATA_DIR": str(store_settings.data_dir),
           "ECOGRAPH_STORE": "embedded", "ECOGRAPH_GRAPH_NAME": GRAPH}
    if isinstance(api_store, Neo4jStore):
        local: LocalNeo4j = request.getfixturevalue("neo4j_local")
        env.update(neo4j_env(local))
    app = create_app(store_settings.model_copy(update={"graph_name": GRAPH}), store=api_store)
    with TestClient(app, base_url="http://localhost") as client:
        assert client.get("/orgs/Z-CACHE-1").status_code == 404
        before = client.get("/health").json()["nodes"]
        loaded = subprocess.run([str(ECOGRAPH), "load", str(package)], env=env,
                                capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert loaded.returncode == 0, loaded.stderr
        try:
            deadline = time.monotonic() + 15
            while client.get("/orgs/Z-CACHE-1").status_code == 404:
                assert time.monotonic() < deadline, "the API never saw the load"
                time.sleep(0.2)
            assert client.get("/orgs/Z-CACHE-1").json()["name"] == "缓存测试企业"
            assert client.get("/health").json()["nodes"] == before + 1
        finally:
            api_store.load([], [], source="extra", replace=True)
