"""The installed ``ecograph`` on the demo: incubation v2, 梯度培育 and 园区+基金.

The demo is loaded with ``ecograph demo --no-serve`` into this module's own
graph of the session's embedded server; every command runs as a subprocess.
The figures must be non-trivial (issue 13: "every new figure is non-trivial
on the demo") and keep the spec's invariants.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from ecograph.stores.falkordb.server import ServerState
from tests.integration.cli.procs import run

pytestmark = pytest.mark.integration

GRAPH = "ecograph_demo_programmes"
AS_OF = "2024-12-31"


@pytest.fixture(scope="module")
def data_dir(embedded_server: ServerState) -> Path:
    folder = Path(embedded_server.data_dir)
    proc = run(["demo", "--no-serve"], folder, ECOGRAPH_GRAPH_NAME=GRAPH)
    assert proc.returncode == 0, proc.stderr
    return folder


def _json(data_dir: Path, *args: str) -> dict[str, Any]:
    proc = run(["analyze", *args, "--as-of", AS_OF, "--json"], data_dir,
               ECOGRAPH_GRAPH_NAME=GRAPH)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


@pytest.mark.parametrize("park", ["P-YH", "P-JK", "P-XS"])
def test_incubation_v2_on_the_demo(data_dir: Path, park: str) -> None:
    d = _json(data_dir, "incubation", "--park", park)
    assert {f["fate"] for f in d["fates"]} == {"handed_off", "retained", "leaked"}
    assert sum(c["relocated"] for c in d["carriers"]) > 0
    for row in d["carriers"]:
        assert row["handed_off"] + row["retained"] + row["leaked"] == row["graduates"]
        assert row["leakage"] == row["leaked"] + row["relocated"]
        den = row["graduates"] + row["exits"] + row["relocated"]
        assert row["ratios"]["graduation_rate"]["denominator"] == den
        assert (row["graduation_rate"] is None) == (den == 0)
    carriers = set(d["params"]["carriers_of_park"])
    for f in d["fates"]:
        if f["fate"] == "handed_off":
            assert f["to_carrier"] in carriers and 0 <= f["gap_days"] <= 365
    for p in d["pipeline"]:
        assert p["incubating"] + p["retained"] + p["left"] == p["firms"]
        assert all(n <= p["firms"] for n in p["reached"].values())
    for c in d["conversion"]:
        assert c["converted"] <= c["firms"]
    assert d["network"] and d["successor_gaps"]
    statuses = {s for e in d["graduation_checks"] for s in e["status"].values()}
    assert statuses == {"met", "not_met", "unknown"}


def test_an_outside_carrier_handoff_is_leakage(data_dir: Path) -> None:
    leaked = [f for park in ("P-YH", "P-JK", "P-XS")
              for f in _json(data_dir, "incubation", "--park", park)["fates"]
              if f["outside_carrier"]]
    assert leaked and all(f["fate"] in ("leaked", "retained") for f in leaked)


@pytest.mark.parametrize("park", ["P-YH", "P-JK", "P-XS"])
def test_gradient_on_the_demo(data_dir: Path, park: str) -> None:
    d = _json(data_dir, "gradient", "--park", park)
    counts = {t["qualification"]: t["firms"] for t in d["tiers"]}
    assert counts["TechSME"] > 0 and counts["HighTechEnterprise"] > 0
    assert sum(d["highest_tier"].values()) == d["park_firms"]
    assert d["chains"] and all(c["firms"] <= d["park_firms"] for c in d["chains"])
    assert len(d["years"]) >= 5 and d["promotions"]
    assert sum(y["promotions"] for y in d["years"]) == len({(p["firm"], p["year"])
                                                           for p in d["promotions"]})
    assert d["next_tier_pool"] and all(p["meets"] for p in d["next_tier_pool"])
    assert {p["band"] for p in d["candidates"] if p["band"]} == {"<5000万", "5000万–2亿", ">2亿"}


@pytest.mark.parametrize("park", ["P-YH", "P-JK", "P-XS"])
def test_funds_on_the_demo(data_dir: Path, park: str) -> None:
    d = _json(data_dir, "funds", "--park", park)
    routes = {r for f in d["funds"] for r in f["routes"]}
    assert routes == {"located", "operated", "serves_park"}
    o = d["overall"]
    assert 0 < o["coverage"]["numerator"] <= o["firms"]
    assert o["by_serving"]["serving"]["numerator"] > 0
    assert o["early_share"]["value"] is not None and 0 < o["early_share"]["value"] < 1
    assert d["gap_segments"] and d["unserved_gaps"]


def test_csv_output_of_gradient_and_funds(data_dir: Path, tmp_path: Path) -> None:
    for command in ("gradient", "funds"):
        out = tmp_path / f"{command}.csv"
        proc = run(["analyze", command, "--park", "P-YH", "--as-of", AS_OF, "--format", "csv",
                    "-o", str(out)], data_dir, ECOGRAPH_GRAPH_NAME=GRAPH)
        assert proc.returncode == 0, proc.stderr
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0]["scope"] == "park" and rows[0]["id"] == "P-YH"
    proc = run(["analyze", "gradient", "--park", "NOPE"], data_dir, ECOGRAPH_GRAPH_NAME=GRAPH)
    assert proc.returncode == 2
    proc = run(["analyze", "funds", "--park", "P-YH", "--format", "xlsx"], data_dir,
               ECOGRAPH_GRAPH_NAME=GRAPH)
    assert proc.returncode == 2  # xlsx needs -o
