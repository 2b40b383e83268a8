"""The embedded store's lifecycle under the INSTALLED ``ecograph`` script.

A command that had to start the embedded FalkorDB stops it when it ends; a
server started with ``ecograph store start`` stays up; ``serve`` stops the
server it started on Ctrl+C (SIGINT). Server processes are counted with psutil
before and after each command.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.integration.cli.procs import ECOGRAPH, FIXTURES, run, servers

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_each_command_stops_the_server_it_started(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    for args in (["load", str(FIXTURES / "full")], ["stats"],
                 ["query", "park_overview", "-p", "park=P1"],
                 ["export", "-o", str(tmp_path / "x.ttl")]):
        assert servers(data_dir) == 0
        result = run(args, data_dir)
        assert result.returncode == 0, (args, result.stdout + result.stderr)
        assert servers(data_dir) == 0, args
    # the data survived the stops
    assert "Organization" in run(["stats"], data_dir).stdout


def test_a_started_store_is_left_running(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    assert run(["store", "start"], data_dir).returncode == 0
    try:
        assert servers(data_dir) == 1
        assert run(["stats"], data_dir).returncode == 0
        assert servers(data_dir) == 1  # reused, not stopped, not doubled
    finally:
        assert run(["store", "stop"], data_dir).returncode == 0
    assert servers(data_dir) == 0


def test_sigint_to_serve_stops_its_server(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    port = _free_port()
    env = {"ECOGRAPH_DATA_DIR": str(data_dir), "ECOGRAPH_STORE": "embedded",
           "ECOGRAPH_GRAPH_NAME": "lifecycle"}
    proc = subprocess.Popen([str(ECOGRAPH), "serve", "--port", str(port)],
                            env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("serve did not listen")
        assert servers(data_dir) == 1
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Traceback" not in output
    assert servers(data_dir) == 0


def test_query_messages_formats_and_80_columns(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    assert run(["store", "start"], data_dir).returncode == 0
    try:
        assert run(["load", str(FIXTURES / "full")], data_dir).returncode == 0
        unknown = run(["query", "park_overview", "-p", "park=NOPE"], data_dir)
        assert unknown.returncode == 2 and "park 'NOPE'" in unknown.stderr
        empty = run(["query", "orgs_in_segment", "-p", "segment=P1"], data_dir)
        assert empty.returncode == 0, empty.stderr
        assert "no rows" in empty.stderr and "segment='P1'" in empty.stderr
        csv_out = run(["query", "park_overview", "-p", "park=P1", "--format", "csv"], data_dir)
        assert csv_out.returncode == 0 and csv_out.stdout.startswith("park,name,")
        assert "苏州工业园区" in csv_out.stdout
        bad = run(["query", "park_overview", "-p", "park=P1", "--format", "xml"], data_dir)
        assert bad.returncode == 2 and "Traceback" not in bad.stderr
        wide = run(["query", "park_overview", "-p", "park=P1"], data_dir)  # COLUMNS=80, a pipe
        assert wide.returncode == 0
        assert all(len(line) <= 80 for line in wide.stdout.splitlines())
        assert "…" not in wide.stdout and "苏州工业园区" in wide.stdout
        incubation = run(["analyze", "incubation", "--park", "P1"], data_dir)
        assert incubation.returncode == 0, incubation.stderr
        assert all(len(line) <= 80 for line in incubation.stdout.splitlines())
        assert "graduates" in incubation.stdout and "ca…" not in incubation.stdout
    finally:
        run(["store", "stop"], data_dir)
    assert servers(data_dir) == 0


def test_load_writes_rejects_under_the_data_dir_not_the_cwd(tmp_path: Path) -> None:
    data_dir, cwd = tmp_path / "store", tmp_path / "work"
    cwd.mkdir()
    result = run(["load", str(FIXTURES / "bad" / "unknown_type")], data_dir, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(cwd.iterdir()) == []
    report = data_dir / "rejects" / "unknown_type.csv"
    assert "Spaceship" in report.read_text(encoding="utf-8")
    assert servers(data_dir) == 0
