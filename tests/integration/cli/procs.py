"""Run the INSTALLED ``ecograph`` script and count embedded servers (test helpers)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ECOGRAPH = Path(sys.executable).with_name("ecograph")


def run(args: list[str], data_dir: Path, cwd: Path | None = None,
        **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``ecograph`` with its store under ``data_dir``."""
    environ = {**os.environ, "ECOGRAPH_DATA_DIR": str(data_dir), "ECOGRAPH_STORE": "embedded",
               "ECOGRAPH_GRAPH_NAME": "exit_codes", "COLUMNS": "80", **env}
    return subprocess.run([str(ECOGRAPH), *args], capture_output=True, text=True,
                          env=environ, timeout=240, check=False, cwd=cwd)


def servers(data_dir: Path) -> int:
    """Count the embedded FalkorDB servers (redis-server) working in ``data_dir``."""
    count = 0
    for proc in psutil.process_iter(["name"]):
        try:
            if (proc.info["name"] or "").startswith("redis-server") and \
                    Path(proc.cwd()).resolve() == data_dir.resolve():
                count += 1
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return count
