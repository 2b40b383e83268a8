"""The API on each real store (embedded FalkorDB, local Neo4j) loaded with ``tests/fixtures/full``.

Expected values are counted by hand from the fixture: park P1 (苏州工业园区)
with sub-park P1a holds 14 organisations (V1 only through P1a); chain ``bat``
has material (T1), cell (E1, E2), pack (E2) and vehicle (E3, outside P1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ecograph.stores.base import GraphStore
from ecograph.stores.falkordb.store import FalkorDBStore
from ecograph.stores.neo4j_local import LocalNeo4j
from ecograph.stores.neo4j_store import Neo4jStore

pytestmark = pytest.mark.integration

GRAPH = "ecograph_api_endpoints"
Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


@pytest.fixture(scope="module", params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def api_store(request: pytest.FixtureRequest, full_rows: Rows) -> Iterator[GraphStore]:
    """``tests/fixtures/full`` in this module's FalkorDB graph, or in the local Neo4j."""
    if request.param == "falkordb":
        yield request.getfixturevalue("api_store")
        return
    local: LocalNeo4j = request.getfixturevalue("neo4j_local")
    store = Neo4jStore.connect(local.uri, user=local.user, password=local.password)
    store.clear()
    store.load(*full_rows, source="full")
    try:
        yield store
    finally:
        store.clear()
        store.close()


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_health_counts(client: TestClient, api_store: FalkorDBStore) -> None:
    body = client.get("/health").json()
    stats = api_store.stats()
    assert body["status"] == "ok" and body["store"] == "embedded"
    assert body["nodes"] == api_store.to_networkx().number_of_nodes()  # each node once
    assert body["nodes"] < sum(stats["nodes"].values())  # labels overlap (Organization, …)
    assert body["counts"]["nodes"]["Enterprise"] == 4
    assert body["counts"]["relationships"]["COLLABORATES_WITH"] == 3


def test_parks(client: TestClient) -> None:
    parks = {p["id"]: p for p in client.get("/parks").json()}
    assert parks["P1"]["organizations"] == 14 and parks["P1a"]["organizations"] == 5
    assert parks["P1a"]["parent"] == "P1" and parks["P1"]["kind"] == "EconomicDevelopmentZone"
    park = client.get("/parks/P1").json()
    assert park["sub_parks"] == ["P1a"] and park["area_km2"] == 278.0
    assert park["overview"]["organizations"] == 14
    assert park["overview"]["incubation_carriers"] == 3


def test_chains(client: TestClient) -> None:
    chains = {c["id"]: c for c in client.get("/chains").json()}
    assert chains["bat"] == {"id": "bat", "name": "储能电池", "segments": 4}
    detail = client.get("/chains/bat").json()
    segments = detail["segment_list"]
    assert [(s["id"], s["stage"], s["feeds"], s["organizations"]) for s in segments] == [
        ("bat.material", "upstream", ["bat.cell"], 1),
        ("bat.cell", "midstream", ["bat.pack"], 2),
        ("bat.pack", "midstream", ["bat.vehicle"], 1),
        ("bat.vehicle", "downstream", [], 1),
    ]


@pytest.mark.parametrize(("query", "expected"), [
    ("q=lixin", ["E1"]),                          # English name, any case
    ("q=园区", ["A1", "F1", "G1", "I1", "S1"]),     # Chinese substring
    ("q=e3", ["E3"]),                             # id
    ("type=IncubationCarrier&park=P1", ["A1", "I1", "M1"]),
    ("type=Fund", ["F1", "V1"]),
    ("segment=bat.cell", ["E1", "E2"]),
    ("park=P1a&type=Enterprise", ["E2"]),
])
def test_org_search(client: TestClient, query: str, expected: list[str]) -> None:
    body = client.get(f"/orgs?{query}").json()
    assert [o["id"] for o in body["items"]] == expected
    assert body["total"] == len(expected)


def test_org_search_pages(client: TestClient) -> None:
    first = client.get("/orgs?limit=4&offset=0").json()
    second = client.get("/orgs?limit=4&offset=4").json()
    assert first["total"] == second["total"] == 15
    assert [o["id"] for o in first["items"]] == ["A1", "E1", "E2", "E3"]
    assert [o["id"] for o in second["items"]] == ["F1", "G1", "I1", "K1"]


def test_org_detail_and_neighbors(client: TestClient) -> None:
    org = client.get("/orgs/E1").json()
    assert (org["name"], org["name_en"], org["parks"], org["segments"]) == (
        "锂芯电池科技", "Lixin Cells", ["P1"], ["bat.cell"])
    assert org["relations"]["SUPPLIES"] == 3 and org["relations"]["COLLABORATES_WITH"] == 2
    near = client.get("/orgs/E1/neighbors").json()
    assert [(n["id"], n["hops"]) for n in near["nodes"]] == [
        ("E2", 1), ("N1", 1), ("T1", 1), ("U1", 1)]
    supply = client.get("/orgs/E1/neighbors?depth=2&types=SUPPLIES").json()
    assert [(n["id"], n["hops"]) for n in supply["nodes"]] == [("E2", 1), ("T1", 1), ("E3", 2)]
    assert {(e["source"], e["target"]) for e in supply["edges"]} == {
        ("E1", "E2"), ("E2", "E3"), ("T1", "E1")}


def test_queries(client: TestClient) -> None:
    names = {q["name"] for q in client.get("/queries").json()}
    assert {"park_overview", "collaborators", "shortest_connection"} <= names
    rows = client.get("/queries/collaborators?org=E1").json()["rows"]
    assert sorted(r["id"] for r in rows) == ["N1", "U1"]
    path = client.get("/queries/shortest_connection?source=T1&target=E3").json()["rows"]
    assert path[0]["nodes"] == ["T1", "E1", "E2", "E3"]


def test_export(client: TestClient) -> None:
    ttl = client.get("/export.ttl")
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert "锂芯电池科技" in ttl.text and "eco:supplies" in ttl.text
    jsonld = client.get("/export.jsonld")
    assert jsonld.headers["content-type"] == "application/ld+json"
    assert isinstance(jsonld.json(), (dict, list))


def test_linkage_and_gaps(client: TestClient) -> None:
    linkage = client.get("/parks/P1/chains/bat/linkage").json()
    assert [(s["segment"], s["firms"], s["status"]) for s in linkage["segments"]] == [
        ("bat.material", 1, "weak"), ("bat.cell", 2, "present"),
        ("bat.pack", 1, "weak"), ("bat.vehicle", 0, "missing")]
    gaps = client.get("/parks/P1/chains/bat/gaps").json()["gaps"]
    vehicle = next(g for g in gaps if g["segment"] == "bat.vehicle")
    assert [c["org"] for c in vehicle["candidates"]] == ["E3"]
    assert vehicle["candidates"][0]["explanation"]
    strict = client.get("/parks/P1/chains/bat/linkage?weak_threshold=3").json()
    assert strict["segments"][1]["status"] == "weak"  # 2 firms < 3
    assert vehicle["action"] == "延链" and vehicle["recommended"] is True


def test_linkage_as_of(client: TestClient) -> None:
    # 2022: E1→E2 (2019–2023, 12,000) and T1→E1 (2021, 300) are current, the 2024 tie not yet
    old = client.get("/parks/P1/chains/bat/linkage?as_of=2022-06-30").json()
    assert old["as_of"] == "2022-06-30" and old["params"]["as_of"] == "2022-06-30"
    assert old["ratios"]["local_sourcing_share"]["denominator"] == pytest.approx(12_300.0)
    new = client.get("/parks/P1/chains/bat/linkage?as_of=2025-06-30").json()
    assert new["ratios"]["local_sourcing_share"]["denominator"] == pytest.approx(5_300.0)
    assert client.get("/parks/P1/chains/bat/linkage?as_of=someday").status_code == 422


def test_targets(client: TestClient) -> None:
    rows = client.get("/parks/P1/chains/bat/targets?as_of=2025-06-30").json()
    assert [(r["rank"], r["segment"], r["action"], r["candidate"]) for r in rows] == [
        (1, "bat.vehicle", "延链", "E3")]
    # E3 buys from E2 (E2→E3): tied, but it supplies no park firm yet
    assert rows[0]["customers_in_park"] == "" and rows[0]["path"] == "E3 – E2"


def test_incubation_and_collaboration(client: TestClient) -> None:
    inc = client.get("/parks/P1/incubation").json()
    assert [(c["carrier"], c["entrants"], c["graduates"]) for c in inc["carriers"]] == [
        ("M1", 1, 1), ("I1", 1, 1), ("A1", 1, 0)]
    assert client.get("/parks/P1/incubation?carrier=I1").json()["params"]["carrier"] == "I1"
    col = client.get("/parks/P1/collaboration").json()
    assert (col["nodes"], col["ties"]) == (13, 3)  # V1 left P1a in 2018
    assert col["density"] == pytest.approx(2 * 3 / (13 * 12))
    then = client.get("/parks/P1/collaboration?as_of=2016-06-30").json()
    assert (then["nodes"], then["ties"]) == (14, 0)
    assert client.get("/parks/P1/incubation?as_of=2016-06-30").json()["params"]["as_of"] == (
        "2016-06-30")
    year = client.get("/parks/P1/collaboration?since=2021&until=2021").json()
    assert year["ties"] == 1  # only E2–R1 starts in 2021


@pytest.mark.parametrize(("url", "header", "first"), [
    ("/parks?format=csv", "id", "P1"),
    ("/chains?format=csv", "id", "bat"),
    ("/chains/bat?format=csv", "id", "bat.material"),
    ("/orgs?q=lixin&format=csv", "id", "E1"),
    ("/orgs/E1/neighbors?format=csv", "id", "E2"),
    ("/queries/orgs_in_segment?segment=bat.cell&format=csv", "id", "E1"),
    ("/parks/P1/chains/bat/linkage?format=csv", "segment", "bat.material"),
    ("/parks/P1/chains/bat/gaps?format=csv", "segment", None),
    ("/parks/P1/chains/bat/targets?format=csv", "rank", "1"),
    ("/parks/P1/incubation?format=csv", "carrier", "M1"),
    ("/parks/P1/collaboration?format=csv", "year", "2020"),
])
def test_csv(client: TestClient, url: str, header: str, first: str | None) -> None:
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "text/csv; charset=utf-8"
    assert resp.content.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert "attachment" in resp.headers["content-disposition"]
    rows = _csv(resp.content.decode("utf-8-sig"))
    assert rows and next(iter(rows[0])) == header
    if first is not None:
        assert rows[0][header] == first


def test_gaps_csv_has_one_row_per_candidate(client: TestClient) -> None:
    gaps = client.get("/parks/P1/chains/bat/gaps").json()["gaps"]
    expected = [(g["segment"], c["org"]) for g in gaps for c in g["candidates"] or [{"org": ""}]]
    rows = _csv(client.get("/parks/P1/chains/bat/gaps?format=csv").content.decode("utf-8-sig"))
    assert [(r["segment"], r["candidate_org"]) for r in rows] == expected
    assert sorted(expected) == [("bat.material", ""), ("bat.pack", ""), ("bat.vehicle", "E3")]
    assert next(r for r in rows if r["segment"] == "bat.vehicle")["name"] == "整车"


@pytest.mark.parametrize("url", [
    "/parks/NOPE", "/chains/NOPE", "/orgs/NOPE", "/orgs/NOPE/neighbors",
    "/parks/NOPE/chains/bat/linkage", "/parks/P1/chains/NOPE/gaps", "/parks/NOPE/incubation",
    "/parks/NOPE/collaboration", "/queries/nope", "/orgs?park=NOPE", "/no/such/route",
    "/parks/E1",  # an organisation is not a park
])
def test_unknown_ids_are_404(client: TestClient, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 404
    body = resp.json()
    assert body["error"] == "not found" and body["detail"]


@pytest.mark.parametrize("url", [
    "/orgs?limit=0", "/orgs?limit=501", "/orgs?offset=-1", "/orgs?type=Unicorn",
    "/parks?format=xml", "/orgs/E1/neighbors?depth=9", "/orgs/E1/neighbors?types=LIKES",
    "/parks/P1/chains/bat/linkage?weak_threshold=-1", "/parks/P1/collaboration?since=abc",
    "/parks/P1/incubation?window_days=-5", "/queries/collaborators",
    "/queries/collaborators?org=E1&extra=1",
])
def test_bad_params_are_422(client: TestClient, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 422
    assert set(resp.json()) == {"error", "detail"}


def test_request_text_is_bound_not_spliced(client: TestClient) -> None:
    evil = "E1'}) MATCH (n) DETACH DELETE n //"
    resp = client.get("/queries/collaborators", params={"org": evil})
    assert resp.status_code == 200 and resp.json()["rows"] == []
    assert client.get("/health").json()["counts"]["nodes"]["Enterprise"] == 4


@pytest.mark.parametrize("url", [
    "/parks/P1/chains/bat/linkage?weak_threshold=1",
    "/parks/P1/chains/bat/gaps?format=csv&top_candidates=1",
    "/parks/P1/incubation?window_days=100",
])
def test_cache_hits_answer_as_the_first_request(client: TestClient, url: str) -> None:
    """The first request goes through the router; repeats are served by api.fastpath."""
    state = client.app.state.ecograph  # type: ignore[attr-defined]
    state.cache.invalidate()
    first = client.get(url)
    path, _, query = url.partition("?")
    assert state.cache.lookup_url(path, query.encode()) is not None  # recorded for the fast path
    hits = state.cache.hits
    again = client.get(url)
    assert state.cache.hits == hits + 1
    assert (again.status_code, again.content) == (200, first.content)
    assert dict(again.headers) == dict(first.headers)
    assert first.headers["etag"].startswith('"') and len(first.headers["etag"]) == 34


def test_etag_gives_not_modified(client: TestClient) -> None:
    url = "/parks/P1/collaboration"
    etag = client.get(url).headers["etag"]
    same = client.get(url, headers={"If-None-Match": etag})
    assert (same.status_code, same.content, same.headers["etag"]) == (304, b"", etag)
    listed = client.get(url, headers={"If-None-Match": f'"x", W/{etag}'})
    assert listed.status_code == 304
    stale = client.get(url, headers={"If-None-Match": '"0123"'})
    assert stale.status_code == 200 and stale.headers["etag"] == etag and stale.json()["ties"] == 3


def test_unknown_query_parameters_share_the_cached_body(client: TestClient) -> None:
    base = client.get("/parks/P1/incubation").content
    odd = client.get("/parks/P1/incubation?unused=1")
    assert odd.status_code == 200 and odd.content == base


def test_park_targets_all_leading_chains(client: TestClient) -> None:
    data = client.get("/parks/P1/targets?as_of=2025-06-30").json()
    per_chain = client.get("/parks/P1/chains/bat/targets?as_of=2025-06-30").json()
    assert data["chains"] == ["bat"] and data["message"] is None
    assert [(r["chain"], r["segment"], r["action"], r["candidate"]) for r in data["rows"]] == [
        ("bat", r["segment"], r["action"], r["candidate"]) for r in per_chain]
    assert data["rows"][0]["path"] == "E3 – E2" and data["rows"][0]["supplies_park_firms"] == ""
    assert client.get("/parks/NOPE/targets").status_code == 404


def test_park_targets_csv_and_xlsx(client: TestClient) -> None:
    import io

    from openpyxl import load_workbook

    resp = client.get("/parks/P1/targets?as_of=2025-06-30&format=csv")
    assert resp.status_code == 200 and resp.content.startswith(b"\xef\xbb\xbf")
    rows = _csv(resp.content.decode("utf-8-sig"))
    assert [(r["chain"], r["candidate"], r["action"]) for r in rows] == [("bat", "E3", "延链")]
    resp = client.get("/parks/P1/targets?as_of=2025-06-30&format=xlsx")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith(
        "application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(resp.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:5] == ("产业链", "序号", "环节", "环节名称", "行动")
    assert values[1][4] == "延链" and values[1][6] == "E3"


@pytest.mark.parametrize(("path", "plugin", "media"), [
    ("/export.nt", "nt", "application/n-triples"),
    ("/export.jsonld", "json-ld", "application/ld+json"),
    ("/export.ttl", "turtle", "text/turtle"),
])
def test_every_export_is_the_whole_graph(client: TestClient, api_store: FalkorDBStore,
                                         path: str, plugin: str, media: str) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from ecograph.mapping import rows_to_rdf

    resp = client.get(path)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith(media)
    exported = Graph().parse(data=resp.text, format=plugin)
    assert isomorphic(exported, rows_to_rdf(*api_store.iter_rows()))
