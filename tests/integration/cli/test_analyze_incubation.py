"""``ecograph analyze incubation`` against the real embedded FalkorDB store.

The session's sample graph has incubator ``i`` in sub-park ``P1`` of ``P`` and
firm ``b`` (``LOCATED_IN P1``) that stayed in ``i`` from 2018-01-01 to
2020-12-31 and graduated. The extended graph adds makerspace ``m`` and
accelerator ``acc`` in ``P`` and high-tech firm ``c`` (``LOCATED_IN P``):
``m`` 2019-01-01..2019-12-31 graduated, then ``acc`` from 2020-06-01, active
(a 153-day handoff that skips the incubator stage).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ecograph.cli.app import app
from ecograph.errors import NotFoundError
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = pytest.mark.integration

STAMP = "2024-01-01T00:00:00+00:00"
ORG = "Organization"


def _node(node_id: str, label: str, labels: list[str], **props: Any) -> dict[str, Any]:
    return {"id": node_id, "label": label, "labels": labels,
            "props": {**props, "source": "incubation", "loaded_at": STAMP}}


def _edge(rel: str, source: str, target: str, target_label: str, **props: Any) -> dict[str, Any]:
    return {"key": f"{rel}|{source}|{target}", "type": rel, "source": source,
            "source_label": ORG, "target": target, "target_label": target_label,
            "props": {**props, "source": "incubation", "loaded_at": STAMP}}


def _extra_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    carrier = [ORG, "IncubationCarrier"]
    nodes = [
        _node("m", "Makerspace", [*carrier, "Makerspace"], name="众创空间"),
        _node("acc", "Accelerator", [*carrier, "Accelerator"], name="加速器"),
        _node("c", "Enterprise", [ORG, "Enterprise"], name="丁公司",
              qualifications=["HighTechEnterprise"]),
    ]
    edges = [
        _edge("LOCATED_IN", "m", "P", "Park"),
        _edge("LOCATED_IN", "acc", "P", "Park"),
        _edge("LOCATED_IN", "c", "P", "Park"),
        _edge("INCUBATED_IN", "c", "m", ORG, since="2019-01-01", until="2019-12-31",
              outcome="graduated"),
        _edge("INCUBATED_IN", "c", "acc", ORG, since="2020-06-01", outcome="active"),
    ]
    return nodes, edges


def _run_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["analyze", "incubation", *args, "--as-of", "2024-01-01",
                                      "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_sample_park_json(sample_store: FalkorDBStore) -> None:
    data = _run_json("--park", "P")
    assert [c["carrier"] for c in data["carriers"]] == ["i"]
    row = data["carriers"][0]
    assert {k: row[k] for k in ("entrants", "active", "graduates", "exits", "relocated",
                                "handed_off", "retained", "leaked", "leakage")} == {
        "entrants": 1, "active": 0, "graduates": 1, "exits": 0, "relocated": 0,
        "handed_off": 0, "retained": 1, "leaked": 0, "leakage": 0}
    assert (row["graduation_rate"], row["handoff_rate"], row["retention_rate"]) == (1.0, 0.0, 1.0)
    assert row["ratios"]["retention_rate"] == {"value": 1.0, "numerator": 1.0,
                                               "denominator": 1.0}
    assert row["median_dwell_days"] == 1095.0  # 2018-01-01 → 2020-12-31
    assert row["median_gap_days"] is None
    assert [(f["firm"], f["fate"]) for f in data["fates"]] == [("b", "retained")]
    pipe = {p["entry_stage"]: (p["firms"], p["retained"]) for p in data["pipeline"]}
    assert pipe == {"Makerspace": (0, 0), "Incubator": (1, 1), "Accelerator": (0, 0)}
    assert [g["carrier"] for g in data["successor_gaps"]] == ["i"]
    assert data["graduation_eligible"] == []
    assert data["params"]["parks"] == ["P", "P1"]


def test_extended_park_handoff_skip_and_eligible(sample_store: FalkorDBStore) -> None:
    sample_store.load(*_extra_rows(), source="incubation")
    data = _run_json("--park", "P")
    assert [c["carrier"] for c in data["carriers"]] == ["m", "i", "acc"]
    assert [(f["carrier"], f["fate"], f["to_carrier"], f["gap_days"]) for f in data["fates"]] == [
        ("m", "handed_off", "acc", 153), ("i", "retained", None, None)]
    assert [(e["source"], e["target"], e["weight"]) for e in data["network"]] == [
        ("m", "acc", 1)]
    assert [(s["firm"], s["skipped"]) for s in data["skips"]] == [("c", ["Incubator"])]
    assert [(e["firm"], e["criteria"]) for e in data["graduation_eligible"]] == [
        ("c", ["HighTechEnterprise"])]
    # i hands nobody on; acc has no graduate yet, so none retained either
    assert [g["carrier"] for g in data["successor_gaps"]] == ["i", "acc"]
    narrow = _run_json("--park", "P", "--window-days", "152")
    assert [(f["carrier"], f["fate"]) for f in narrow["fates"]] == [
        ("m", "retained"), ("i", "retained")]


def test_carrier_filter_and_table_output(sample_store: FalkorDBStore) -> None:
    sample_store.load(*_extra_rows(), source="incubation")
    data = _run_json("--carrier", "acc")
    assert [c["carrier"] for c in data["carriers"]] == ["acc"]
    assert data["carriers"][0]["active"] == 1
    result = CliRunner().invoke(app, ["analyze", "incubation", "--park", "P",
                                      "--as-of", "2024-01-01"])
    assert result.exit_code == 0, result.output
    for text in ("Carriers", "Pipeline", "Conversion", "Skips", "Successor gaps",
                 "Eligible to graduate", "1 handed off"):
        assert text in " ".join(result.stdout.split())


def test_unknown_park_raises_not_found(sample_store: FalkorDBStore) -> None:
    result = CliRunner().invoke(app, ["analyze", "incubation", "--park", "NOPE"])
    assert isinstance(result.exception, NotFoundError)


def test_unknown_carrier_exits_2(sample_store: FalkorDBStore) -> None:
    exe = Path(sys.executable).with_name("ecograph")
    proc = subprocess.run([str(exe), "analyze", "incubation", "--park", "P", "--carrier", "zz"],
                          capture_output=True, text=True, env=dict(os.environ), timeout=60,
                          check=False)
    assert proc.returncode == 2
    assert "zz" in proc.stderr


def test_full_fixture_chain(loaded_store: FalkorDBStore) -> None:
    """``tests/fixtures/full``: T1 goes M1 (2016-03-01..2017-08-15) → I1
    (2017-09-01..2019-06-30) → A1 (2019-10-01, active).

    Handoffs 17 days (Aug 15 → Sep 1) and 93 days (Jun 30 → Oct 1) after
    graduation; dwell 532 days in M1 (365 + 153 + 14) and 667 in I1 (730 − 63).
    T1 is still in A1 and has 3000 万元 from venture fund V1 (2022-05-10):
    eligible on financing; no org_stats, so revenue is unknown.
    """
    data = _run_json("--park", "P1")
    rows = {c["carrier"]: c for c in data["carriers"]}
    assert list(rows) == ["M1", "I1", "A1"]
    assert [(f["carrier"], f["to_carrier"], f["gap_days"]) for f in data["fates"]] == [
        ("M1", "I1", 17), ("I1", "A1", 93)]
    assert (rows["M1"]["median_dwell_days"], rows["I1"]["median_dwell_days"]) == (532.0, 667.0)
    assert rows["A1"]["active"] == 1 and rows["A1"]["graduation_rate"] is None
    assert [g["carrier"] for g in data["successor_gaps"]] == ["A1"]
    assert [(c["converted"], c["firms"], c["rate"]) for c in data["conversion"]] == [
        (1, 1, 1.0), (1, 1, 1.0), (0, 0, None)]  # T1 still in A1: not counted
    (t1,) = data["graduation_eligible"]
    assert (t1["firm"], t1["criteria"], t1["financing_wan"]) == ("T1", ["financing"], 3000.0)
    assert t1["status"]["revenue"] == "unknown"
    assert data["skips"] == []
