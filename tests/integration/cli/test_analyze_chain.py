"""``ecograph analyze chain`` against the real embedded store.

On the session's hand-made sample graph (``conftest.make_sample_rows``): chain
C has S1 (upstream, park firm a) feeding S2 (downstream, park firm b and
outside firm x); SUPPLIES x→a and a→b (weight 2).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from ecograph.cli.app import app, main
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = pytest.mark.integration


def _run_json(*args: str) -> Any:
    result = CliRunner().invoke(app, ["analyze", "chain", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_chain_json_on_sample(sample_store: FalkorDBStore) -> None:
    data = _run_json("--park", "P", "--chain", "C")
    assert {"park", "chain", "segments", "coverage", "link_realization", "local_supply_share",
            "leakage", "anchors", "single_points", "gaps", "formula", "params"} <= set(data)
    segments = {row["segment"]: row for row in data["segments"]}
    assert segments["S1"]["firms"] == 1 and segments["S2"]["region_firms"] == 2
    assert segments["S1"]["location_quotient"] == pytest.approx(1.5, abs=1e-9)
    assert segments["S2"]["location_quotient"] == pytest.approx(0.75, abs=1e-9)
    assert data["coverage"] == {"overall": 1.0, "upstream": 1.0, "midstream": None,
                                "downstream": 1.0}
    assert (data["link_realization"], data["local_supply_share"]) == (1.0, 0.5)
    assert data["leakage"] == {"S1": 0, "S2": 1}
    assert [(a["firm"], a["weighted_degree"]) for a in data["anchors"]] == [
        ("a", 3.0), ("b", 2.0)]
    assert data["single_points"] == ["a"]
    gaps = data["gaps"]
    assert [(g["segment"], g["gap_score"]) for g in gaps] == [
        ("S1", pytest.approx(1.0)), ("S2", pytest.approx(0.8))]
    (cand,) = gaps[1]["candidates"]
    assert (cand["org"], cand["ties"], cand["distance"], cand["path"]) == ("x", 1, 1, ["x", "a"])


def test_chain_top_and_threshold_options(sample_store: FalkorDBStore) -> None:
    data = _run_json("--park", "P", "--chain", "C", "--weak-threshold", "1", "--top", "0")
    statuses = [row["status"] for row in data["segments"]]
    assert statuses == ["present", "present"]
    assert data["gaps"] == [] and data["params"]["top_candidates"] == 0


def test_chain_human_output(sample_store: FalkorDBStore) -> None:
    result = CliRunner().invoke(app, ["analyze", "chain", "--park", "P", "--chain", "C"])
    assert result.exit_code == 0, result.output
    for text in ("S1", "weak", "Gaps", "gap_score", "x – a"):
        assert text in result.stdout


@pytest.mark.parametrize("args", [["--park", "nope", "--chain", "C"],
                                  ["--park", "P", "--chain", "nope"]])
def test_unknown_ids_exit_2(sample_store: FalkorDBStore, args: list[str],
                            monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["ecograph", "analyze", "chain", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    assert "unknown" in capsys.readouterr().err


def test_chain_json_on_full_fixture(loaded_store: FalkorDBStore) -> None:
    """``tests/fixtures/full``: park P1 ⊃ P1a, chain bat (material → cell → pack → vehicle).

    Park firms of bat: T1 (material), E1 (cell), E2 (cell, pack; in P1a); E3
    (vehicle) has no park. SUPPLIES E1→E2 (weights 3 and 1), E2→E3 (2.5), T1→E1 (0.5).
    """
    data = _run_json("--park", "P1", "--chain", "bat")
    rows = {r["segment"]: (r["firms"], r["region_firms"], r["status"]) for r in data["segments"]}
    assert rows == {"bat.material": (1, 1, "weak"), "bat.cell": (2, 2, "present"),
                    "bat.pack": (1, 1, "weak"), "bat.vehicle": (0, 1, "missing")}
    lq = [r["location_quotient"] for r in data["segments"]]
    assert lq == pytest.approx([4 / 3, 4 / 3, 4 / 3, 0.0], abs=1e-9)
    assert data["coverage"] == {"overall": 0.75, "upstream": 1.0, "midstream": 1.0,
                                "downstream": 0.0}
    assert data["link_realization"] == 1.0
    assert data["local_supply_share"] == pytest.approx(0.75, abs=1e-9)
    assert set(data["leakage"].values()) == {0}
    assert [(a["firm"], a["weighted_degree"], a["segment"]) for a in data["anchors"]] == [
        ("E2", 6.5, "bat.pack"), ("E1", 4.5, "bat.cell"), ("T1", 0.5, "bat.material")]
    assert data["single_points"] == ["E1", "E2"]
    gaps = [(g["segment"], g["gap_score"]) for g in data["gaps"]]
    assert gaps == [("bat.material", pytest.approx(2.0)), ("bat.pack", pytest.approx(1.2)),
                    ("bat.vehicle", pytest.approx(0.8))]
    (e3,) = data["gaps"][2]["candidates"]
    assert (e3["org"], e3["ties"], e3["distance"], e3["path"], e3["qualifications"]) == (
        "E3", 1, 1, ["E3", "E2"], ["Unicorn"])
    assert e3["score"] == pytest.approx(6.0, abs=1e-9)
