"""The embedded server's data folder: its lock, secret, configuration and log.

Everything the server writes stays readable by its owner only: the folder is
``0700``, the server runs under ``umask 077`` and the secret and configuration
files are ``0600``. The configuration file (not the command line, which every
local user can read with ``ps``) carries the password and disables the
commands that could switch persistence off or wipe the data (``CONFIG``,
``FLUSHALL``, ``FLUSHDB``, ``DEBUG``, ``MODULE``, ``REPLICAOF``, ``SLAVEOF``,
``ACL``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ecograph.errors import StoreError, StoreUnavailableError

logger = logging.getLogger(__name__)

__all__ = [
    "CONFIG_FILE",
    "DISABLED_COMMANDS",
    "LOCK_FILE",
    "LOG_FILE",
    "SECRET_FILE",
    "WRITE_LOCK_FILE",
    "locked",
    "log_cause",
    "log_size",
    "prepare_folder",
    "read_secret",
    "write_config",
    "writer_lock",
]

LOCK_FILE = ".lock"
LOG_FILE = "falkordb.log"
SECRET_FILE = "falkordb.secret"
CONFIG_FILE = "falkordb.conf"
#: Commands no client of the embedded server may run (renamed to the empty name).
DISABLED_COMMANDS = ("CONFIG", "FLUSHALL", "FLUSHDB", "DEBUG", "MODULE", "REPLICAOF",
                     "SLAVEOF", "ACL", "MIGRATE", "SWAPDB")
#: Rewrite the append-only file once its incremental part doubles past this size,
#: so a replay after a crash costs about what the data costs (load history is dropped).
AOF_REWRITE_MIN_SIZE = "16mb"


def _unwritable(data_dir: Path, exc: OSError) -> StoreUnavailableError:
    return StoreUnavailableError(
        f"the data folder {data_dir} is not writable ({exc.strerror or exc}); the embedded "
        "store keeps its data, lock and log there: fix its permissions or set "
        "ECOGRAPH_DATA_DIR to a writable folder"
    )


def prepare_folder(data_dir: Path) -> None:
    """Create ``data_dir`` (``0700``) and take its files away from other users.

    Raises
    ------
    StoreUnavailableError
        The folder cannot be created (read-only parent, permissions).
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(data_dir, exc) from exc
    with contextlib.suppress(OSError):  # a read-only folder of a running server is fine
        if data_dir.stat().st_mode & 0o077:
            data_dir.chmod(0o700)
        for path in data_dir.rglob("*"):
            if path.is_file() and not path.is_symlink() and path.stat().st_mode & 0o077:
                path.chmod(0o600)


def _open_lock(data_dir: Path) -> IO[str] | None:
    path = data_dir / LOCK_FILE
    try:
        return os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a")
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EROFS, errno.EPERM):
            raise _unwritable(data_dir, exc) from exc
    try:
        return open(path)
    except OSError:
        return None


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the folder's lifecycle lock (start, check, stop are serialised).

    In a read-only folder without a lock file nothing can start or stop a
    server, so the block runs unlocked.
    """
    prepare_folder(data_dir)
    handle = _open_lock(data_dir)
    if handle is None:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_secret(data_dir: Path, *, create: bool = False) -> str | None:
    """Return the server password kept in ``falkordb.secret`` (made, ``0600``, if asked)."""
    path = data_dir / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        if not create:
            return None
    except OSError as exc:
        raise StoreUnavailableError(f"cannot read the store secret {path}: {exc}") from exc
    secret = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return read_secret(data_dir)
    except OSError as exc:
        raise _unwritable(data_dir, exc) from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret)
    return secret


def write_config(data_dir: Path, secret: str) -> Path:
    """Write the server configuration (password, disabled commands); return its path."""
    lines = [f'requirepass "{secret}"', "protected-mode yes",
             "enable-debug-command no", "enable-module-command no",
             f"auto-aof-rewrite-min-size {AOF_REWRITE_MIN_SIZE}",
             "auto-aof-rewrite-percentage 100",
             # the process title names the folder: ecograph finds its own servers by it
             'proc-title-template "{title} {listen-addr} {config-file}"']
    lines += [f'rename-command {name} ""' for name in DISABLED_COMMANDS]
    path = data_dir / CONFIG_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise _unwritable(data_dir, exc) from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


#: Log lines that say why a server stopped or refused to start.
_CAUSES = ("Bad file format", "Invalid LZF", "Short read", "Unexpected EOF", "Fatal",
           "Failed", "failed", "Can't", "Error", "error", "corrupt", "No space", "Permission",
           "Address already in use", "Unrecoverable", "Bad ", "# ")


def log_cause(data_dir: Path, *, since: int = 0, lines: int = 6) -> str:
    """Return the lines of the server log after byte ``since`` that name a failure.

    Redis marks warnings with ``#``; the last few such lines (or, when there
    are none, the last lines) are the cause shown to the user.
    """
    try:
        with open(data_dir / LOG_FILE, "rb") as handle:
            handle.seek(since)
            text = handle.read().decode(errors="replace")
    except OSError:
        return "(no server log)"
    found = text.splitlines()
    causes = [line for line in found if any(mark in line for mark in _CAUSES)]
    return "\n".join((causes or found)[-lines:]) or "(the server log is empty)"


def log_size(data_dir: Path) -> int:
    """Current size of the server log (where a new start's lines begin)."""
    try:
        return (data_dir / LOG_FILE).stat().st_size
    except OSError:
        return 0


#: The file a writer (load, replace, clear) holds while it writes to the folder's store.
WRITE_LOCK_FILE = "write.lock"


@contextlib.contextmanager
def writer_lock(path: Path, *, wait: float) -> Iterator[None]:
    """Hold the single-writer lock ``path``; wait up to ``wait`` s for another writer.

    The lock is an ``flock``: the kernel releases it when its holder dies, so
    a killed load never leaves the store locked. The holder's pid is written
    into the file for the message a waiting writer shows.

    Raises
    ------
    StoreError
        Another writer still holds the lock after ``wait`` seconds.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise _unwritable(path.parent, exc) from exc
    with os.fdopen(fd, "r+", encoding="ascii") as handle:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "?"
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"another ecograph process (pid {holder}) is writing to the store in "
                        f"{path.parent}; one writer at a time: retry when it has finished"
                    ) from None
                if not told:
                    logger.warning("another ecograph process (pid %s) is writing to the store "
                                   "in %s; waiting up to %.0f s", holder, path.parent, wait)
                    told = True
                time.sleep(0.1)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
