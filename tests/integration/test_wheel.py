"""The built wheel works on its own: installed into a fresh environment, used from elsewhere.

Runs ``tools/check_wheel.py`` (which ``make wheel-check`` also runs in CI, there
with the dependencies installed from the registry): the wheel must list the
ontology, chain maps, indicator tables, named queries, demo package and
templates, install nothing but ``ecograph``, and the installed ``ecograph``
must run ``demo --no-serve``, ``validate`` on the shipped demo, ``analyze
chain`` and ``report`` from a working directory outside the checkout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    site = sysconfig.get_path("purelib")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_wheel.py"), "--work", str(tmp_path),
         "--deps-from", site],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    venv = str(tmp_path / "venv")
    assert all(path.startswith(venv) for path in result["modules"])
    assert result["segments"] == 16  # the shipped nev chain map
    assert result["report_bytes"] > 10_000


@pytest.mark.neo4j
def test_wheel_builds_and_starts_the_local_neo4j(tmp_path: Path) -> None:
    """``ecograph store start --store neo4j --local`` from the installed wheel, no checkout."""
    site = sysconfig.get_path("purelib")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_wheel.py"), "--work", str(tmp_path),
         "--deps-from", site, "--neo4j-only"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["neo4j_status"]["running"] is True
    assert result["neo4j_status"]["uri"].startswith("bolt://127.0.0.1:")
    assert result["neo4j_jar"].startswith("build/neo4j-local-")  # built in the cache folder
    assert result["neo4j_built_message"] is True  # the first use says it builds
