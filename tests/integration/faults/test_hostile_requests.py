"""Hostile input to the API: CSV formulas, odd ids, NUL bytes, foreign hosts, 405s.

Every answer is bounded and documented: no 500, CSV cells a spreadsheet would
run are neutralised, any id works in a path, ``/health`` costs no store query.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from ecograph.stores.falkordb.store import FalkorDBStore
from ecograph.validation.reject import Reject, write_rejects

pytestmark = [pytest.mark.integration, pytest.mark.faults]

GRAPH = "ecograph_api_hostile"
ODD_IDS = ["园区企业甲", "a/b", "x#1", "what?", "two words", 'q"uote', "../etc/passwd"]
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _org(node_id: str, name: str) -> dict[str, object]:
    return {"id": node_id, "label": "Enterprise", "labels": ["Organization", "Enterprise"],
            "props": {"name": name}}


@pytest.fixture(scope="module", autouse=True)
def _odd_orgs(api_store: FalkorDBStore, client: TestClient) -> Iterator[None]:
    nodes = [_org(node_id, f"odd {i}") for i, node_id in enumerate(ODD_IDS)]
    nodes.append(_org("ZF1", FORMULA))
    nodes.append(_org("ZF2", "-1+2"))
    edges = [{"key": f"k{i}", "type": "SUPPLIES", "source": node_id, "source_label":
              "Organization", "target": "ZF1", "target_label": "Organization", "props": {}}
             for i, node_id in enumerate(ODD_IDS)]
    api_store.load(nodes, edges, source="hostile")
    client.app.state.ecograph.cache.invalidate()  # type: ignore[attr-defined]
    yield


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_formula_cells_are_neutralised(client: TestClient) -> None:
    resp = client.get("/orgs", params={"format": "csv", "limit": 500})
    assert resp.status_code == 200
    names = {row["id"]: row["name"] for row in _rows(resp.content)}
    assert names["ZF1"] == "'" + FORMULA and names["ZF2"] == "'-1+2"
    starts = [cell for row in _rows(resp.content) for cell in row.values()
              if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not _number(cell))]
    assert starts == []


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_rejects_csv_is_neutralised(tmp_path: Path) -> None:
    out = tmp_path / "rejects.csv"
    write_rejects([Reject("organizations.csv", 2, "name", "bad", "=cmd|' /C calc'!A0")], out)
    with out.open(encoding="utf-8", newline="") as handle:
        row = next(iter(csv.DictReader(handle)))
    assert row["value"] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("node_id", ODD_IDS)
def test_any_id_works_in_paths_and_csv_names(client: TestClient, node_id: str) -> None:
    path = quote(node_id, safe="")
    detail = client.get(f"/orgs/{path}")
    assert detail.status_code == 200, detail.text
    assert detail.json()["id"] == node_id
    csv_resp = client.get(f"/orgs/{path}/neighbors", params={"format": "csv"})
    assert csv_resp.status_code == 200
    disposition = csv_resp.headers["content-disposition"]
    assert disposition.isascii() and disposition.count('"') == 2
    if not node_id.isascii() or '"' in node_id:
        assert "filename*=UTF-8''" in disposition and quote(node_id, safe="") in disposition
    assert [r["id"] for r in _rows(csv_resp.content)] == ["ZF1"]
    ego = client.get(f"/viz/ego/{path}")
    assert ego.status_code == 200 and "<html" in ego.text.lower()


@pytest.mark.parametrize("url", ["/orgs?q=%00", "/orgs?q=a%00b", "/orgs/E%001",
                                 "/queries/collaborators?org=%00", "/viz/ego/x%00"])
def test_nul_is_422(client: TestClient, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 422
    assert set(resp.json()) == {"error", "detail"}


@pytest.mark.parametrize("method,url", [("POST", "/health"), ("DELETE", "/orgs"),
                                        ("PUT", "/orgs/ZF1"), ("POST", "/viz/ego/ZF1")])
def test_405_says_allow(client: TestClient, method: str, url: str) -> None:
    resp = client.request(method, url)
    assert resp.status_code == 405
    assert "GET" in resp.headers["allow"]
    assert set(resp.json()) == {"error", "detail"}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io"])
def test_foreign_host_is_refused(client: TestClient, host: str) -> None:
    resp = client.get("/health", headers={"host": host})
    assert resp.status_code == 400 and resp.json()["error"] == "bad host"


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:80"])
def test_loopback_hosts_are_served(client: TestClient, host: str) -> None:
    assert client.get("/health", headers={"host": host}).status_code == 200


def test_health_costs_no_store_query(client: TestClient, api_store: FalkorDBStore,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = api_store.stats
    monkeypatch.setattr(api_store, "stats", lambda: calls.append(1) or real())
    started = time.monotonic()
    for _ in range(200):
        assert client.get("/health").status_code == 200
    assert time.monotonic() - started < 5
    assert len(calls) <= 10  # only the background check (about once a second)


def test_identical_requests_compute_once(client: TestClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from ecograph.api.cache import CachedBody

    cache = client.app.state.ecograph.cache  # type: ignore[attr-defined]
    calls: list[int] = []

    def slow() -> CachedBody:
        calls.append(1)
        time.sleep(0.5)
        return CachedBody(b"x" * 1000, "text/plain")

    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(lambda _: cache.compute(("flight",), slow), range(8)))
    assert len(calls) == 1 and {b.content for b in bodies} == {b"x" * 1000}


def test_cache_is_bounded_by_bytes(api_store: FalkorDBStore) -> None:
    from ecograph.api.cache import CachedBody, ResultCache

    cache = ResultCache(api_store, max_bytes=10_000)
    for i in range(50):
        cache.compute(("big", i), lambda: CachedBody(b"y" * 1000, "text/plain"))
    assert cache.size_bytes <= 10_000
    cache.compute(("huge",), lambda: CachedBody(b"z" * 5000, "text/plain"))  # > a quarter
    assert cache.lookup(("huge",)) is None and cache.size_bytes <= 10_000


def test_turtle_export_is_streamed_and_complete(client: TestClient,
                                                api_store: FalkorDBStore) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from ecograph.api.routers import export
    from ecograph.mapping import rows_to_rdf

    chunk = export.CHUNK_ROWS
    export.CHUNK_ROWS = 7  # many chunks from the small fixture
    try:
        with client.stream("GET", "/export.ttl") as resp:
            assert resp.status_code == 200
            parts = list(resp.iter_bytes())
    finally:
        export.CHUNK_ROWS = chunk
    text = b"".join(parts).decode()
    assert text.startswith("@prefix ") and text.count("@prefix eco:") == 1  # one document
    from ecograph.rdfio import serialize_rows

    assert len(list(serialize_rows(api_store.iter_row_pages(7), "turtle"))) > 3  # many chunks
    streamed = Graph().parse(data=text, format="turtle")
    assert isomorphic(streamed, rows_to_rdf(*api_store.iter_rows()))


def test_a_request_past_the_deadline_is_503(api_store: FalkorDBStore,
                                            store_settings: object) -> None:
    from fastapi import APIRouter

    from ecograph.api.app import create_app
    from ecograph.settings import Settings

    slow = APIRouter()

    @slow.get("/slow")
    def sleep() -> dict[str, str]:
        time.sleep(3)
        return {"done": "yes"}

    assert isinstance(store_settings, Settings)
    settings = store_settings.model_copy(update={"graph_name": GRAPH, "request_timeout": 0.5})
    app = create_app(settings, store=api_store, extra_routers=[slow])
    with TestClient(app, base_url="http://localhost") as test_client:
        started = time.monotonic()
        resp = test_client.get("/slow")
        assert resp.status_code == 503 and resp.json()["error"] == "request timeout"
        assert time.monotonic() - started < 2.5
        assert test_client.get("/health").status_code == 200
