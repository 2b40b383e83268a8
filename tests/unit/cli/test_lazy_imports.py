"""``ecograph --help`` imports no heavy module; the lazy command tables match the commands."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ecograph.cli.app import ANALYZE, COMMANDS, _load

#: Modules a listing of the commands must not import (each costs 50–400 ms at start).
HEAVY = ("networkx", "rdflib", "pandas", "numpy", "fastapi", "starlette", "pyshacl",
         "falkordb", "redis", "neo4j", "igraph", "pyoxigraph", "jinja2", "pyvis", "openpyxl",
         "uvicorn", "owlrl", "pydantic_settings")

_CHILD = """
import json, sys
from ecograph.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _imported(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True,
                          text=True, timeout=60, check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"]])
def test_listing_the_commands_imports_no_heavy_module(args: list[str]) -> None:
    imported = _imported(*args)
    assert "typer" in imported  # the child really ran the app
    assert sorted({m.split(".")[0] for m in imported} & set(HEAVY)) == []
    assert not [m for m in imported if m.startswith("ecograph.cli.") and m not in
                ("ecograph.cli.app",)]  # no command module either


def test_running_a_command_imports_its_module_alone() -> None:
    imported = _imported("validate", "--help")
    assert "ecograph.cli.validate" in imported
    assert "ecograph.cli.demo" not in imported and "ecograph.cli.store_cmds" not in imported


def test_stats_imports_no_analysis_or_rdf_module() -> None:
    imported = {m.split(".")[0] for m in _imported("stats", "--help")}
    assert "ecograph" in imported
    assert sorted(imported & {"networkx", "rdflib", "pyshacl", "fastapi", "pandas"}) == []


@pytest.mark.parametrize("entry", COMMANDS + ANALYZE, ids=lambda e: e.name)
def test_each_table_line_is_its_command(entry: object) -> None:
    command = _load(entry)  # type: ignore[arg-type]
    first = (command.help or "").strip().split("\n\n")[0].replace("\n", " ")
    assert first == entry.help  # type: ignore[attr-defined]
