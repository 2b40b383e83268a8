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
