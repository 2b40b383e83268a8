"""A malformed ``park_stats.csv`` is rejected with located errors by the installed CLI.

``ecograph validate`` runs as a subprocess on a copy of ``tests/fixtures/v2``
whose ``park_stats.csv`` has four bad rows (a year that is not a year, a value
that is not a number, an unknown park, an unknown indicator): every one is a
reject naming its file, line and column, and the exit code is 1. The intact
package validates with exit 0.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.integration.cli.procs import FIXTURES, run

pytestmark = pytest.mark.integration

BAD = ("park,year,indicator,value\n"
       "PV,20x4,hz.2.2,41.5\n"        # line 2: year
       "PV,2024,hz.2.2,abc\n"          # line 3: value
       "NOPE,2024,hz.2.2,1\n"          # line 4: park
       "PV,2024,zz.9,1\n")             # line 5: indicator


def test_malformed_park_stats_gives_located_rejects_and_exit_1(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(FIXTURES / "v2", package)
    (package / "park_stats.csv").write_text(BAD, encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = run(["validate", str(package), "--rejects", str(rejects)], tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    located = {(r["line"], r["column"]) for r in rows if r["file"].endswith("park_stats.csv")}
    assert located == {("2", "year"), ("3", "value"), ("4", "park"), ("5", "indicator")}


def test_intact_package_validates(tmp_path: Path) -> None:
    result = run(["validate", str(FIXTURES / "v2")], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
