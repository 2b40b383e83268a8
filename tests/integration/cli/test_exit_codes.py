"""Exit codes of the INSTALLED ``ecograph`` script, run as a subprocess.

``CliRunner`` calls the click app and reads the code click hands it; the
console script goes through :func:`ecograph.cli.app.main`, which once dropped
the code of ``typer.Exit(1)`` (exit 0 on rejected rows) and showed a traceback
for every usage error. Only a real process shows what a shell or CI sees.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.integration.cli.procs import FIXTURES, run, servers

ECOGRAPH = Path(sys.executable).with_name("ecograph")

pytestmark = pytest.mark.integration


def test_the_script_is_installed() -> None:
    assert ECOGRAPH.is_file()


@pytest.mark.parametrize(("args", "code"), [
    (["validate", str(FIXTURES / "full"), "--no-chain-maps"], 0),
    (["validate", str(FIXTURES / "bad" / "unknown_type")], 1),
    (["validate", "--json", str(FIXTURES / "bad" / "unknown_type")], 1),
    (["validate", str(FIXTURES / "bad" / "unknown_type"), "--strict"], 1),
    (["validate", str(FIXTURES / "no-such-folder")], 1),
    (["store", "status"], 3),
])
def test_exit_code(tmp_path: Path, args: list[str], code: int) -> None:
    result = run(args, tmp_path / "store")
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    [],                                              # bare command: help, usage error
    ["report", "--json"],                            # the README's old suggestion
    ["analyze", "chain", "--chian", "x"],            # typo of an option
    ["report"],                                      # missing required --park
    ["load"],                                        # missing argument
    ["frobnicate"],                                  # unknown command
])
def test_usage_errors_print_usage_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = run(args, tmp_path / "store")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Usage:" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert servers(tmp_path / "store") == 0  # a usage error starts nothing


def test_verbose_is_shown_as_a_flag(tmp_path: Path) -> None:
    result = run(["--help"], tmp_path / "store")
    assert result.returncode == 0
    (line,) = [x for x in result.stdout.splitlines() if "--verbose" in x]
    assert "<bool>" not in line and "INFO" in line


def test_unknown_id_exits_2_and_leaves_no_server(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    assert servers(data_dir) == 0
    result = run(["indicators", "--park", "no-such-park"], data_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "no-such-park" in result.stderr and "Traceback" not in result.stderr
    assert servers(data_dir) == 0
