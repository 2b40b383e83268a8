"""The demo after data model v2: evaluation and collaboration from the CLI, checked
against figures recomputed here straight from the demo's CSV files.

The recomputation reads ``loaders/demo/*.csv`` with the csv module only (no
ecograph reader): park closure from ``parks.csv`` ``parent``, park firms from
``organizations.csv`` ``park`` (the demo has no ended ``LOCATED_IN``), firm
figures from ``org_stats.csv``, contracts from ``relations.csv``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from ecograph.cli.app import app
from ecograph.resources import DEMO_DIR
from ecograph.stores import open_store

pytestmark = pytest.mark.integration

AS_OF = "2025-06-30"
PARKS = ("P-YH", "P-JK", "P-XS")


def _csv(name: str) -> list[dict[str, str]]:
    with (DEMO_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _closure(park: str) -> set[str]:
    parks = _csv("parks.csv")
    found = {park}
    changed = True
    while changed:
        changed = False
        for p in parks:
            if p["parent"] in found and p["id"] not in found:
                found.add(p["id"])
                changed = True
    return found


def _members(park: str) -> dict[str, dict[str, str]]:
    parks = _closure(park)
    return {o["id"]: o for o in _csv("organizations.csv") if o["park"] in parks}


def _firms(park: str, year: int) -> set[str]:
    end = date(year, 12, 31).isoformat()
    return {i for i, o in _members(park).items()
            if o["type"] == "Enterprise" and (not o["founded"] or o["founded"][:10] <= end)}


def _ratio(park: str, year: int, num: str, den: str, scale: float) -> float:
    firms = _firms(park, year)
    pairs = [(float(r[num]), float(r[den])) for r in _csv("org_stats.csv")
             if r["org"] in firms and int(r["year"]) == year and r[num] and r[den]]
    return math.fsum(a for a, _ in pairs) / math.fsum(b for _, b in pairs) * scale


def _sold(park: str, year: int | None) -> float:
    members = set(_members(park))
    return math.fsum(
        float(r["amount"]) for r in _csv("relations.csv")
        if r["type"] == "TRANSFERS_TECHNOLOGY_TO" and r["source"] in members and r["amount"]
        and r["date"] <= AS_OF and (year is None or r["date"][:4] == str(year)))


@pytest.fixture(scope="module")
def demo_loaded(embedded_server: object) -> Iterator[None]:
    with open_store() as store:
        store.clear()
    result = CliRunner().invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    yield


def _json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("park", PARKS)
def test_indicators_match_the_csv_recomputation(demo_loaded: None, park: str) -> None:
    body = _json("indicators", "--park", park, "--as-of", AS_OF)
    assert body["year"] == 2024  # the latest org_stats year not after as_of
    values = {v["id"]: v for v in body["indicators"]}
    assert values["gx.5.1.2"]["source"] == "org_stats"
    assert values["gx.5.1.2"]["value"] == pytest.approx(
        _ratio(park, 2024, "rd_expense", "revenue", 100.0))
    assert values["gx.5.4.3"]["value"] == pytest.approx(
        _ratio(park, 2024, "invention_patents", "employees", 10_000.0))
    assert values["hz.4.2"]["value"] == pytest.approx(
        _ratio(park, 2024, "masters_phd", "employees", 100.0))
    assert values["gx.5.3.3"]["value"] == pytest.approx(_sold(park, 2024))
    assert values["gx.5.1.2"]["previous_value"] == pytest.approx(
        _ratio(park, 2023, "rd_expense", "revenue", 100.0))
    # every indicator the graph can count is filled without park_stats
    assert [v["id"] for v in body["indicators"]
            if v["metric"] and v["source"] not in ("graph", "org_stats")] == []


def test_categories_are_alternatives_with_the_target_year(demo_loaded: None) -> None:
    yh = _json("indicators", "--park", "P-YH", "--as-of", AS_OF)
    assert yh["measured_against"] == "innovative" and yh["target_year"] == 2020
    assert [c["measured"] for c in yh["categories"]] == [False, True, False]
    score = yh["index_score"]
    assert score["category"] == "innovative" and 0 < score["coverage"] < 1
    # P-YH is the only HighTechZone loaded: nothing is scored among peers
    assert all(a["method"] == "target" for a in score["indicators"])
    jk = _json("indicators", "--park", "P-JK", "--as-of", AS_OF)
    assert jk["measured_against"] is None and jk["index_score"] is None


@pytest.mark.parametrize("park", PARKS)
def test_collaboration_events_and_contracts(demo_loaded: None, park: str) -> None:
    body = _json("analyze", "collaboration", "--park", park, "--as-of", AS_OF)
    assert body["events_with_three_sectors"] > 0 and body["triple_helix_informative"]
    assert body["tech_contracts"]["sold"]["amount"] == pytest.approx(_sold(park, None))
    share = body["tech_contracts"]["sold_outside_share"]
    assert share is not None and 0 < share < 1
    members = set(_members(park))
    events = [e for e in _csv("collaborations.csv")
              if set(e["participants"].split(";")) & members and e["date"] <= AS_OF]
    assert body["events"] >= len(events)  # plus the COLLABORATES_WITH rows
