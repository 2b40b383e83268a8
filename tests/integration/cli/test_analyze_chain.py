"""``ecograph analyze chain`` against the real embedded store.

On the session's hand-made sample graph (``conftest.make_sample_rows``): chain
C has S1 (upstream, park firm a) feeding S2 (downstream, park firm b and
outside firm x); SUPPLIES x→a and a→b (weight 2).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
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
    data = _run_json("--park", "P", "--chain", "C", "--as-of", "2024-06-30")
    assert {"park", "chain", "as_of", "segments", "coverage", "link_realization",
            "local_sourcing_share", "local_sales_share", "basis", "anchors", "single_points",
            "gaps", "targets", "formula", "params"} <= set(data)
    assert data["as_of"] == "2024-06-30" and data["leading"] is False
    segments = {row["segment"]: row for row in data["segments"]}
    assert segments["S1"]["firms"] == 1 and segments["S2"]["region_firms"] == 2
    assert segments["S1"]["location_quotient"] == pytest.approx(1.5, abs=1e-9)
    assert segments["S2"]["location_quotient"] == pytest.approx(0.75, abs=1e-9)
    # both segments have one park firm: weak, so nothing is present
    assert data["coverage"]["present"] == {"overall": 0.0, "upstream": 0.0, "midstream": None,
                                           "downstream": 0.0}
    assert data["coverage"]["present_or_weak"]["overall"] == 1.0
    # purchases x→a (outside) and a→b; the one sale a→b stays in the park
    assert (data["link_realization"], data["local_sourcing_share"],
            data["local_sales_share"]) == (1.0, 0.5, 1.0)
    assert {k: v["count"] for k, v in
            ((r["segment"], r["leakage"]) for r in data["segments"])} == {"S1": 0, "S2": 1}
    assert [(a["firm"], a["partners"]) for a in data["anchors"]] == [("a", 2), ("b", 1)]
    assert data["single_points"] == ["a"]
    gaps = data["gaps"]
    # S1 weak feeds weak S2: 0.8 × (0 + 1); S2 weak, one outside purchase: 0.8 × (1 + 0)
    assert [(g["segment"], g["action"], g["gap_score"]) for g in gaps] == [
        ("S1", "强链", pytest.approx(0.8)), ("S2", "强链", pytest.approx(0.8))]
    (cand,) = gaps[1]["candidates"]
    assert (cand["org"], cand["ties"], cand["distance"], cand["path"]) == ("x", 1, 1, ["x", "a"])
    assert cand["customers_in_park"] == ["a"]
    assert data["targets"] == []  # C is not a leading chain of P


def test_chain_as_of_before_the_ties(sample_store: FalkorDBStore) -> None:
    data = _run_json("--park", "P", "--chain", "C", "--as-of", "2019-06-30")
    # only x→a (since 2019-01-01) is current: one purchase, from outside
    assert (data["local_sourcing_share"], data["local_sales_share"]) == (0.0, None)
    assert data["link_realization"] == 0.0


def test_chain_bad_as_of_exit_2(sample_store: FalkorDBStore,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["ecograph", "analyze", "chain", "--park", "P",
                                      "--chain", "C", "--as-of", "soon"])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2


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


def test_chain_json_on_full_fixture(loaded_store: FalkorDBStore, tmp_path: Path) -> None:
    """``tests/fixtures/full``: park P1 ⊃ P1a (leading chain bat: material → cell → pack → vehicle).

    Park firms of bat: T1 (material), E1 (cell), E2 (cell, pack; in P1a); E3
    (vehicle) has no park. Current SUPPLIES as of 2025-06-30: E1→E2 (since 2024,
    5,000), E2→E3 (no amount), T1→E1 (300); E1→E2 of 2019–2023 has ended.
    """
    out = tmp_path / "targets.csv"
    data = _run_json("--park", "P1", "--chain", "bat", "--as-of", "2025-06-30",
                     "--targets-csv", str(out))
    rows = {r["segment"]: (r["firms"], r["region_firms"], r["status"]) for r in data["segments"]}
    assert rows == {"bat.material": (1, 1, "weak"), "bat.cell": (2, 2, "present"),
                    "bat.pack": (1, 1, "weak"), "bat.vehicle": (0, 1, "missing")}
    lq = [r["location_quotient"] for r in data["segments"]]
    assert lq == pytest.approx([4 / 3, 4 / 3, 4 / 3, 0.0], abs=1e-9)
    assert data["coverage"]["present_or_weak"] == {"overall": 0.75, "upstream": 1.0,
                                                   "midstream": 1.0, "downstream": 0.0}
    assert data["link_realization"] == 1.0
    # purchases E1→E2 (5,000) and T1→E1 (300), both local, on the amount basis
    assert (data["local_sourcing_share"], data["basis"]) == (1.0, "amount")
    # sales E1→E2, T1→E1, E2→E3 (no amount: count basis), two to park firms
    assert data["local_sales_share"] == pytest.approx(2 / 3, abs=1e-9)
    assert data["ratios"]["local_sales_share"]["basis"] == "count"
    assert {r["leakage"]["count"] for r in data["segments"]} == {0}
    assert data["anchors"][0]["firm"] == "E2"
    # E2: largest revenue (scale 1), 2 partners of 2 (centrality 1), Σ quals 8 ≥ 6
    assert data["anchors"][0]["anchor_score"] == pytest.approx(1.0, abs=1e-9)
    assert data["single_points"] == ["E1", "E2"]
    gaps = [(g["segment"], g["action"], g["gap_score"]) for g in data["gaps"]]
    assert gaps == [("bat.material", "强链", pytest.approx(0.8)),
                    ("bat.vehicle", "延链", pytest.approx(0.6)),
                    ("bat.pack", "强链", pytest.approx(0.0))]
    (e3,) = data["gaps"][1]["candidates"]
    assert (e3["org"], e3["ties"], e3["distance"], e3["path"], e3["qualifications"]) == (
        "E3", 1, 1, ["E3", "E2"], ["Unicorn"])
    # 2·log2(2) + 1 + 3 (Unicorn) + log10(1 + 2,000,000 / 10,000)
    assert e3["score"] == pytest.approx(6.0 + math.log10(201), abs=1e-9)
    assert data["leading"] is True and data["leading_rank"] == 1
    assert [(t["segment"], t["candidate"]) for t in data["targets"]] == [("bat.vehicle", "E3")]
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("rank,segment,") and len(lines) == 2
