"""A data folder on a full disk, and a read-only one: clear messages, then recovery.

The faults are real, not simulated: the disk is a size-limited tmpfs mounted
on the data folder, and the read-only folder a read-only bind mount (the tests
run as root, which ignores permission bits, but not a read-only mount). Both
need the right to mount (CAP_SYS_ADMIN); without it the tests skip and say so.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecograph.stores.falkordb.server import server_status, stop_server

from .conftest import ecograph, fingerprints

pytestmark = [pytest.mark.integration, pytest.mark.faults]


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mounting is refused here ({done.stderr.strip()}): no real fault to make")


def _umount(path: Path) -> None:
    for _ in range(20):  # a server that just exited may still hold files for a moment
        if subprocess.run(["umount", str(path)], capture_output=True).returncode == 0:
            return
        time.sleep(0.2)
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MiB tmpfs: the package's load needs about 4 MiB of append-only file."""
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        stop_server(disk / "store")
        _umount(disk)


def _clear(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr and "OSError" not in result.stderr, result.stderr
    return " ".join(result.stderr.split())  # rich wraps lines


def test_disk_full_is_said_and_the_store_recovers(small_disk: Path, package: Path,
                                                  clean: tuple[str, str, int, int]) -> None:
    data_dir = small_disk / "store"
    start = time.monotonic()
    load = ecograph(data_dir, "load", str(package))
    assert load.returncode == 3  # the store cannot take writes: exit code of an unavailable store
    text = _clear(load)
    assert "the disk holding the data folder is full" in text
    assert "No space left on device" in text and "was not applied" in text
    assert time.monotonic() - start < 60  # the server it started stopped at once
    assert server_status(data_dir) is None  # and it did stop (no unrecorded server left)
    # still full: reads work, store stop works
    stats = ecograph(data_dir, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert ecograph(data_dir, "store", "start").returncode == 0
    stop = ecograph(data_dir, "store", "stop", timeout=60)
    assert stop.returncode == 0 and "stopped" in stop.stdout, stop.stderr
    # space returns: the next load completes and equals a clean load
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    assert ecograph(data_dir, "store", "start").returncode == 0
    rerun = ecograph(data_dir, "load", str(package))
    assert rerun.returncode == 0, rerun.stderr
    assert fingerprints(data_dir) == clean
    assert ecograph(data_dir, "store", "stop").returncode == 0


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """A data folder with the ``full`` fixture loaded, server stopped."""
    data_dir = tmp_path / "store"
    fixture = Path(__file__).parents[2] / "fixtures" / "full"
    done = ecograph(data_dir, "load", str(fixture))
    assert done.returncode == 0, done.stderr
    assert server_status(data_dir) is None
    return data_dir


def _read_only(source: Path, target: Path) -> None:
    target.mkdir(exist_ok=True)
    _mount("--bind", str(source), str(target))
    if subprocess.run(["mount", "-o", "remount,bind,ro", str(target)]).returncode != 0:
        _umount(target)
        pytest.skip("a read-only remount is refused here")


@pytest.mark.parametrize("args", [("stats",), ("store", "start"), ("query", "park_overview"),
                                  ("analyze", "chain", "--park", "P1", "--chain", "nev"),
                                  ("load", str(Path(__file__).parents[2] / "fixtures" / "full"))])
def test_read_only_folder_says_so(loaded: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    view = tmp_path / "read-only"
    _read_only(loaded, view)
    try:
        done = ecograph(view, *args)
        assert done.returncode == 3, (done.stdout, done.stderr)
        text = _clear(done)
        assert f"the data folder {view} is not writable (Read-only file system)" in text
        assert "ECOGRAPH_DATA_DIR" in text
        for quiet in (("store", "status"), ("store", "stop")):
            answer = ecograph(view, *quiet)
            _clear(answer)
            assert "not running" in answer.stdout + answer.stderr
    finally:
        _umount(view)


def test_read_only_folder_of_a_running_server_serves_reads(loaded: Path) -> None:
    assert ecograph(loaded, "store", "start").returncode == 0
    _read_only(loaded, loaded)  # the folder itself turns read-only under its server
    try:
        stats = ecograph(loaded, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        assert '"Enterprise": 4' in stats.stdout
        load = ecograph(loaded, "load", str(Path(__file__).parents[2] / "fixtures" / "full"))
        assert load.returncode == 3
        assert "is not writable (Read-only file system)" in _clear(load)
        stop = ecograph(loaded, "store", "stop", timeout=90)
        assert stop.returncode == 0 and "stopped" in stop.stdout, _clear(stop)
    finally:
        _umount(loaded)
    assert server_status(loaded) is None
