"""``ecograph validate`` on the real fixtures, through typer's CliRunner."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli.app import app
from ecograph.cli.output import console
from ecograph.errors import ValidationFailedError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
runner = CliRunner()


def test_clean_package_exits_zero() -> None:
    result = runner.invoke(app, ["validate", str(FIXTURES / "full"), "--no-chain-maps"])
    assert result.exit_code == 0, result.output
    assert "27 nodes, 51 edges, 0 rejects" in result.output


def test_bad_package_exits_one_with_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 240)
    result = runner.invoke(app, ["validate", str(FIXTURES / "bad" / "unknown_type")])
    assert result.exit_code == 1
    assert re.search(r"^1 rejected row *$", result.output, re.MULTILINE)  # "1 row", not "rows"
    assert "unknown type 'Spaceship'" in result.output
    assert str(FIXTURES / "bad" / "unknown_type" / "organizations.csv") in result.output


def test_json_output_is_machine_readable() -> None:
    result = runner.invoke(app, ["validate", "--json", str(FIXTURES / "bad" / "feeds_cycle"),
                                 "--no-chain-maps"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["ok"] is False and payload["counts"]["rejects"] == 1
    (reject,) = payload["rejects"]
    assert (Path(reject["file"]).name, reject["line"], reject["column"]) == (
        "chains.csv", 5, "feeds")


def test_json_clean_is_ok() -> None:
    result = runner.invoke(app, ["validate", "--json", str(FIXTURES / "full"),
                                 "--no-chain-maps"])
    assert result.exit_code == 0
    assert json.loads(result.output)["ok"] is True


def test_strict_raises_validation_failed() -> None:
    result = runner.invoke(app, ["validate", "--strict", str(FIXTURES / "bad" / "bad_stage")])
    assert result.exit_code == 1
    assert isinstance(result.exception, ValidationFailedError)


def test_rejects_report_is_written(tmp_path: Path) -> None:
    out = tmp_path / "rejects.csv"
    runner.invoke(app, ["validate", str(FIXTURES / "bad" / "rejected_dependency"),
                        "--rejects", str(out)])
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(Path(r["file"]).name, r["line"]) for r in rows] == [
        ("organizations.csv", "5"), ("relations.csv", "4")]


def test_more_than_three_leading_chains_is_a_warning_not_a_reject(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "organizations.csv").write_text("id,name,type\na,甲,Enterprise\n",
                                              encoding="utf-8")
    (folder / "parks.csv").write_text("id,name,leading_chains\nP,园区,nev;ic;biomed;nev2\n",
                                      encoding="utf-8")
    (folder / "chains.csv").write_text("chain,chain_name,segment,segment_name,stage\n"
                                       "nev2,链,nev2.a,环节,upstream\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (warning,) = data["warnings"]
    assert (warning["line"], warning["column"]) == (2, "leading_chains")
    assert "MIIT" in warning["reason"]


def test_counts_are_the_package_s_own_with_the_chain_maps_apart() -> None:
    result = runner.invoke(app, ["validate", str(FIXTURES / "full")])
    assert result.exit_code == 0, result.output
    # 50 edges of the rows plus one HAS_LEADING_CHAIN (P1 leads bat)
    assert "44 rows read: 27 nodes, 51 edges, 0 rejects" in result.output
    assert re.search(r"shipped chain maps: \d+ nodes, \d+ edges", result.output)


def test_a_rejected_cell_is_a_warning_and_exits_one() -> None:
    package = FIXTURES / "input" / "bad_optional_cell"
    result = runner.invoke(app, ["validate", "--json", str(package), "--no-chain-maps"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert [r["severity"] for r in payload["rejects"]] == ["warning"]
    assert payload["package"]["nodes"] == 3


def test_malformed_park_stats_exits_one_with_located_rejects() -> None:
    result = runner.invoke(app, ["validate", "--json", "--no-chain-maps",
                                 str(FIXTURES / "bad" / "bad_park_stats")])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    located = sorted((Path(r["file"]).name, r["line"], r["column"]) for r in payload["rejects"])
    assert located == [("park_stats.csv", 3, "value"), ("park_stats.csv", 3, "year"),
                       ("park_stats.csv", 4, "indicator")]
    # P9 is not reached: its row already fails on the indicator


def test_v2_fixture_package_is_clean() -> None:
    result = runner.invoke(app, ["validate", "--json", str(FIXTURES / "v2")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["rejects"] == 0
