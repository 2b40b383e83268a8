"""``/parks/{id}/gradient`` and ``/parks/{id}/funds`` on the embedded store with
``tests/fixtures/full``, as of 2024-06-30 (counted by hand from the fixture).

Park P1 (sub-park P1a) holds 13 organisations then (V1 left P1a in 2018):
E1 (HighTechEnterprise, SpecializedSME), E2 (Listed, LittleGiant,
ManufacturingChampion), T1 (TechSME, Gazelle), U1, R1, N1, K1, M1, I1, A1, F1,
G1, S1; no qualifications.csv history, no org_stats. Chain bat: material T1,
cell E1 E2, pack E2 (park firms), vehicle E3 (outside).

Funds: F1 (guidance) is located in P1 and operated by G1 (a park organisation):
it serves P1 by two routes; V1 (venture) no longer does. Investments: V1 → T1
3000 万元 on 2022-05-10 (T1 founded 2016: not early), F1 → V1 (not a park firm).
"""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

pytestmark = pytest.mark.integration

GRAPH = "ecograph_api_cultivation"
AS_OF = "as_of=2024-06-30"


def test_gradient_json(client: TestClient) -> None:
    body = client.get(f"/parks/P1/gradient?{AS_OF}").json()
    assert (body["park"], body["as_of"], body["park_firms"]) == ("P1", "2024-06-30", 13)
    counts = {t["qualification"]: t["firms"] for t in body["tiers"]}
    assert counts == {"InnovativeSME": 0, "TechSME": 1, "HighTechEnterprise": 1,
                      "SpecializedSME": 1, "LittleGiant": 1, "ManufacturingChampion": 1,
                      "Gazelle": 1, "Unicorn": 0, "Listed": 1}  # E3's Unicorn is outside
    assert body["highest_tier"] == {"InnovativeSME": 0, "TechSME": 1, "HighTechEnterprise": 0,
                                    "SpecializedSME": 1, "LittleGiant": 0,
                                    "ManufacturingChampion": 1, "none": 10}
    (chain,) = body["chains"]
    assert (chain["chain"], chain["firms"]) == ("bat", 3)
    assert {s["id"]: s["firms"] for s in chain["segments"]} == {
        "bat.cell": 2, "bat.material": 1, "bat.pack": 1, "bat.vehicle": 0}
    assert body["years"] == [] and body["promotions"] == []
    (t1,) = body["candidates"]
    assert (t1["firm"], t1["meets"]) == ("T1", None)  # no org_stats: unknown
    assert body["next_tier_pool"] == []


def test_funds_json(client: TestClient) -> None:
    body = client.get(f"/parks/P1/funds?{AS_OF}").json()
    assert [(f["fund"], f["type"], f["routes"], f["investments"]) for f in body["funds"]] == [
        ("F1", "guidance", ["located", "operated"], 0)]
    o = body["overall"]
    assert (o["firms"], o["coverage"]["numerator"], o["coverage"]["denominator"]) == (13, 1, 13)
    assert o["by_type"]["venture"]["numerator"] == 1
    assert (o["by_serving"]["serving"]["numerator"],
            o["by_serving"]["not_serving"]["numerator"]) == (0, 1)
    assert (o["amount"], o["early_share"]["numerator"], o["early_share"]["denominator"]) == (
        3000.0, 0, 1)
    (chain,) = body["chains"]
    assert (chain["coverage"]["coverage"]["numerator"],
            chain["coverage"]["coverage"]["denominator"]) == (1, 3)
    gaps = {g["segment"]: (g["fund_investments"], g["funded"]) for g in body["gap_segments"]}
    assert gaps == {"bat.material": (1, True), "bat.pack": (0, False),
                    "bat.vehicle": (0, False)}
    assert sorted(g["segment"] for g in body["unfunded_gaps"]) == ["bat.pack", "bat.vehicle"]


@pytest.mark.parametrize(("path", "first", "sheet_titles"), [
    ("gradient", "scope", ["梯度培育 ladder", "高企储备 next-tier pool", "年度 years"]),
    ("funds", "scope", ["基金覆盖 coverage", "服务基金 funds", "缺口 gap segments"]),
])
def test_csv_with_bom_and_xlsx(client: TestClient, path: str, first: str,
                               sheet_titles: list[str]) -> None:
    resp = client.get(f"/parks/P1/{path}?{AS_OF}&format=csv")
    assert resp.status_code == 200 and resp.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert next(iter(rows[0])) == first
    assert [(r["scope"], r["id"]) for r in rows[:2]] == [("park", "P1"), ("chain", "bat")]
    resp = client.get(f"/parks/P1/{path}?{AS_OF}&format=xlsx")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(resp.content))
    assert book.sheetnames == [t[:31] for t in sheet_titles]


@pytest.mark.parametrize("url", ["/parks/NOPE/gradient", "/parks/NOPE/funds"])
def test_unknown_park_is_404(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/parks/P1/gradient?as_of=someday",
                                 "/parks/P1/funds?format=pdf"])
def test_bad_parameters_are_422(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 422
