"""``ecograph analyze targets`` on the demo store (the park's 招商清单)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ecograph.cli.app import app, main

pytestmark = pytest.mark.integration


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["analyze", "targets", *args])
    return result.exit_code, result.stdout, result.stderr


def test_targets_csv_json_xlsx(sample_store: object, tmp_path: Path) -> None:
    code, out, _ = _run("--park", "P", "--as-of", "2024-06-30", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["park"] == "P" and data["as_of"] == "2024-06-30"
    # the sample park declares no leading chain: nothing is recommended, and it says so
    assert data["rows"] == [] and "主导产业链" in data["message"]
    target = tmp_path / "t.csv"
    code, _, err = _run("--park", "P", "--format", "csv", "-o", str(target))
    assert code == 0 and target.read_bytes().startswith(b"\xef\xbb\xbf") and "wrote 0" in err
    header = next(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert header[:6] == ["chain", "rank", "segment", "segment_name", "action", "gap_score"]
    book = tmp_path / "t.xlsx"
    code, _, _ = _run("--park", "P", "--format", "xlsx", "-o", str(book))
    assert code == 0
    sheet = load_workbook(book).active
    assert sheet is not None and sheet["A1"].value == "产业链"


@pytest.mark.parametrize("args", [["--park", "NOPE"], ["--park", "P", "--chain", "nope"],
                                  ["--park", "P", "--format", "xlsx"],
                                  ["--park", "P", "--as-of", "soon"]])
def test_bad_input_exits_2(sample_store: object, args: list[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["ecograph", "analyze", "targets", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
