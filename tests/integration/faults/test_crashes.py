"""Kills and broken folders: the store comes back, or says exactly why it cannot.

- kill -9 of the server, and of the client, at three points of a load each:
  the next command brings the store back and a rerun equals a clean load
  (node and edge fingerprints);
- ``store stop`` stops a server that does not answer; an unrecorded server of
  the folder is adopted, never left running unknown; a copied folder gets its
  own server; a corrupted append-only file, and a taken port, give a prompt,
  clear answer.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import time
from pathlib import Path

import psutil
import pytest
import redis

from ecograph.errors import StoreUnavailableError
from ecograph.stores.falkordb import server
from ecograph.stores.falkordb.server import (
    STATE_FILE,
    ensure_server,
    server_status,
    stop_server,
)

from .conftest import GRAPH, ecograph, fingerprints, graph_client, spawn

pytestmark = [pytest.mark.integration, pytest.mark.faults]

#: Kill points: (nodes at least, edges at least) seen in the store.
POINTS = {"early nodes": (500, 0), "first edges": (3000, 1), "late edges": (3000, 8000)}


def _counts(client: redis.Redis) -> tuple[int, int]:
    try:
        reply = client.execute_command(
            "GRAPH.RO_QUERY", GRAPH,
            "MATCH (n) WITH count(n) AS n OPTIONAL MATCH ()-[r]->() RETURN n, count(r)")
        return int(reply[1][0][0]), int(reply[1][0][1])
    except redis.ResponseError:  # the graph does not exist yet
        return 0, 0


def _load_until(data_dir: Path, package: Path, point: tuple[int, int]) -> psutil.Popen:
    """Start a load and return once the store holds ``point`` (nodes, edges)."""
    assert ecograph(data_dir, "store", "start").returncode == 0
    _, client = graph_client(data_dir)
    load = spawn(data_dir, "load", str(package), "--batch-size", "50", "--rejects",
                 str(data_dir.parent / "rejects.csv"))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and load.poll() is None:
        nodes, edges = _counts(client)
        if nodes >= point[0] and edges >= point[1]:
            break
        time.sleep(0.02)
    client.close()
    assert load.poll() is None, "the load finished before the kill point"
    return load


def _rerun_equals_clean(data_dir: Path, package: Path, clean: tuple[str, str, int, int]) -> None:
    stats = ecograph(data_dir, "stats", "--json")  # brings the store back (and stops it again)
    assert stats.returncode == 0, stats.stderr
    assert ecograph(data_dir, "store", "start").returncode == 0
    rerun = ecograph(data_dir, "load", str(package), "--rejects",
                     str(data_dir.parent / "rejects.csv"))
    assert rerun.returncode == 0, rerun.stderr
    assert fingerprints(data_dir) == clean
    state = server_status(data_dir)
    assert state is not None and state.pid == server._read_pidfile(data_dir)  # recorded
    assert ecograph(data_dir, "store", "stop").returncode == 0
    assert not psutil.pid_exists(state.pid) or psutil.Process(state.pid).status() == "zombie"


@pytest.mark.parametrize("point", POINTS.values(), ids=POINTS.keys())
def test_server_killed_mid_load(data_dir: Path, package: Path, point: tuple[int, int],
                                clean: tuple[str, str, int, int]) -> None:
    load = _load_until(data_dir, package, point)
    state = server_status(data_dir)
    assert state is not None
    os.kill(state.pid, signal.SIGKILL)
    load.communicate(timeout=120)
    assert load.returncode == 3  # the store went away: exit code of an unavailable store
    _rerun_equals_clean(data_dir, package, clean)


@pytest.mark.parametrize("point", POINTS.values(), ids=POINTS.keys())
def test_client_killed_mid_load(data_dir: Path, package: Path, point: tuple[int, int],
                                clean: tuple[str, str, int, int]) -> None:
    load = _load_until(data_dir, package, point)
    load.send_signal(signal.SIGKILL)
    load.communicate(timeout=60)
    _rerun_equals_clean(data_dir, package, clean)


def test_store_stop_stops_a_server_that_does_not_answer(data_dir: Path) -> None:
    state = ensure_server(data_dir)
    os.kill(state.pid, signal.SIGSTOP)
    started = time.monotonic()
    assert stop_server(data_dir, timeout=2.0) is True
    assert time.monotonic() - started < 30
    assert not psutil.pid_exists(state.pid) or psutil.Process(state.pid).status() == "zombie"
    assert ensure_server(data_dir).pid != state.pid


def test_an_unrecorded_server_is_adopted(data_dir: Path) -> None:
    state = ensure_server(data_dir)
    (data_dir / STATE_FILE).unlink()
    adopted = server_status(data_dir)
    assert adopted is not None and (adopted.pid, adopted.port) == (state.pid, state.port)
    assert (data_dir / STATE_FILE).exists()
    assert stop_server(data_dir) is True


def test_a_copied_folder_gets_its_own_server(data_dir: Path, tmp_path: Path) -> None:
    original = ensure_server(data_dir)
    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    try:
        mine = ensure_server(copy)
        assert mine.pid != original.pid and mine.port != original.port
        assert server_status(data_dir) == original  # the original is untouched
    finally:
        stop_server(copy)


def test_a_corrupted_append_only_file_says_why(data_dir: Path, package: Path) -> None:
    assert ecograph(data_dir, "load", str(package), "--rejects",
                    str(data_dir.parent / "rejects.csv")).returncode == 0
    stop_server(data_dir)  # the load stopped the server it started; make sure
    assert server_status(data_dir) is None
    base = next((data_dir / "appendonlydir").glob("*.base.rdb"))
    raw = bytearray(base.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 64] = b"\xff" * 64
    base.write_bytes(bytes(raw))
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match="stopped while starting") as info:
        ensure_server(data_dir)
    assert time.monotonic() - started < 30
    assert "falkordb.log" in str(info.value)
    assert any(word in str(info.value) for word in ("Bad file format", "Invalid", "corrupt",
                                                    "Short read", "Unexpected EOF", "Error"))


def test_a_taken_port_is_retried(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    taken.bind((server.HOST, 0))
    taken.listen()
    busy = int(taken.getsockname()[1])
    ports = iter([busy])
    real = server._free_port
    monkeypatch.setattr(server, "_free_port", lambda: next(ports, None) or real())
    started = time.monotonic()
    try:
        state = ensure_server(data_dir)
    finally:
        taken.close()
    assert state.port != busy
    assert time.monotonic() - started < 20
    assert server_status(data_dir) == state
