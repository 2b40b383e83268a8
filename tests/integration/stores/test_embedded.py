"""Lifecycle of the embedded server: restart with data, stale state, a held data folder.

These tests start their own servers in their own folders (not the session's).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from ecograph.settings import Settings
from ecograph.stores import hold_server, open_store
from ecograph.stores.falkordb.server import (
    PID_FILE,
    STATE_FILE,
    ensure_server,
    server_status,
    stop_server,
)

pytestmark = pytest.mark.integration

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "store"
    yield folder
    stop_server(folder)


def test_start_reuse_stop(data_dir: Path) -> None:
    first = ensure_server(data_dir)
    assert ensure_server(data_dir) == first
    assert server_status(data_dir) == first
    assert stop_server(data_dir) is True
    assert server_status(data_dir) is None
    assert not (data_dir / STATE_FILE).exists()
    assert stop_server(data_dir) is False


def test_restart_keeps_data(data_dir: Path, sample_rows: Rows) -> None:
    settings = Settings(store="embedded", data_dir=data_dir, graph_name="restart")
    with open_store(settings) as store:
        store.load(*sample_rows, source="sample")
        before = store.stats()
        first = server_status(data_dir)
    assert server_status(data_dir) is None  # open_store started it, so it stopped it
    with open_store(settings) as store:
        assert store.stats() == before
        second = server_status(data_dir)
    assert first is not None and second is not None and second.pid != first.pid
    assert sum(before["nodes"].values()) > 0


def test_open_store_leaves_a_running_server_running(data_dir: Path) -> None:
    settings = Settings(store="embedded", data_dir=data_dir, graph_name="kept")
    started = ensure_server(data_dir)  # as `ecograph store start` does
    with open_store(settings) as store:
        store.stats()
    assert server_status(data_dir) == started
    with hold_server(settings), open_store(settings) as store:
        store.stats()
    assert server_status(data_dir) == started
    assert stop_server(data_dir)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_state_file_is_cleared(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    data_dir.mkdir(parents=True)
    stale = {"pid": _dead_pid(), "port": 1, "data_dir": str(data_dir), "bolt_port": None}
    (data_dir / STATE_FILE).write_text(json.dumps(stale))
    with caplog.at_level(logging.WARNING, logger="ecograph.stores.falkordb.server"):
        state = ensure_server(data_dir)
    assert "clearing stale embedded-store state" in caplog.text
    assert state.pid != stale["pid"]
    assert json.loads((data_dir / STATE_FILE).read_text())["pid"] == state.pid


def test_state_naming_another_process_is_cleared(data_dir: Path) -> None:
    """A recorded pid reused by a process that is not this folder's server is stale."""
    data_dir.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (data_dir / PID_FILE).write_text(str(holder.pid))
        held = {"pid": holder.pid, "port": 1, "data_dir": str(data_dir), "bolt_port": None}
        (data_dir / STATE_FILE).write_text(json.dumps(held))
        assert ensure_server(data_dir).pid != holder.pid
        assert holder.poll() is None  # not ours: left alone
    finally:
        holder.kill()
        holder.wait()


def test_crashed_server_recovers_with_data(data_dir: Path, sample_rows: Rows,
                                           caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(store="embedded", data_dir=data_dir, graph_name="crash")
    ensure_server(data_dir)  # kept running by open_store, so it can crash
    with open_store(settings) as store:
        store.load(*sample_rows, source="sample")
        before = store.stats()
    crashed = server_status(data_dir)
    assert crashed is not None
    os.kill(crashed.pid, signal.SIGKILL)
    while psutil.pid_exists(crashed.pid) and psutil.Process(crashed.pid).status() != "zombie":
        time.sleep(0.05)
    with caplog.at_level(logging.WARNING, logger="ecograph.stores.falkordb.server"), \
            open_store(settings) as store:
        assert store.stats() == before
    assert "clearing stale embedded-store state" in caplog.text
