"""A local Neo4j 5 community DBMS without Docker: build, start, stop, status.

The DBMS is the Maven project ``tools/neo4j-local`` (one launcher class on
``org.neo4j:neo4j`` 5.26 from Maven Central). It needs Java 17+ and Maven. A
checkout builds it in place; an installed wheel ships its sources (package
``ecograph.neo4j_launcher``: ``pom.xml`` and the Java files, no ``target/``) and
builds a copy on first use under the cache folder, ``ECOGRAPH_NEO4J_LOCAL_BUILD``
or ``$XDG_CACHE_HOME/ecograph`` (``~/.cache/ecograph``). The first build fetches
about 170 MB into ``~/.m2``. ``ECOGRAPH_NEO4J_LOCAL_PROJECT`` points at another
copy of the project.

Layout under ``ECOGRAPH_DATA_DIR``::

    neo4j-local/data/        Neo4j's home: databases, transaction logs, logs/
    neo4j-local/state.json   pid, port, user, password (mode 0600)
    neo4j-local/neo4j.log    the launcher's stderr

Examples
--------
>>> from pathlib import Path
>>> local_dir(Path(".ecograph")).as_posix()
'.ecograph/neo4j-local'
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from ecograph.errors import StoreError, StoreUnavailableError
from ecograph.stores.base import EdgeRow, NodeRow
from ecograph.stores.neo4j_bulk import ImportFiles, import_arguments, write_import_csv
from ecograph.vocab import Label

__all__ = [
    "BulkImport",
    "LocalNeo4j",
    "build_launcher",
    "build_root",
    "bulk_import_local",
    "bulk_load_local",
    "local_dir",
    "local_status",
    "project_dir",
    "start_local",
    "stop_local",
]

logger = logging.getLogger(__name__)

READY = "ecograph-neo4j ready "
HOST = "127.0.0.1"
USER = "neo4j"
#: The launcher's heap; the page cache comes on top (``--pagecache``).
HEAP = "-Xmx512m"


@dataclass(frozen=True)
class LocalNeo4j:
    """A running local Neo4j, as recorded in ``state.json``."""

    pid: int
    port: int
    user: str
    password: str
    data_dir: str

    @property
    def uri(self) -> str:
        """The Bolt URI on loopback."""
        return f"bolt://{HOST}:{self.port}"


def local_dir(data_dir: Path) -> Path:
    """Return the folder holding the local Neo4j's data, state and log."""
    return Path(data_dir) / "neo4j-local"


#: The project's files the wheel ships (package ``ecograph.neo4j_launcher``).
SHIPPED = ("pom.xml", "README.md", "src/main/java/ecograph/neo4jlocal/Launcher.java",
           "src/main/java/ecograph/neo4jlocal/BulkImport.java")


def build_root() -> Path:
    """Return the folder where an installed package builds the launcher.

    Examples
    --------
    >>> import os
    >>> os.environ["ECOGRAPH_NEO4J_LOCAL_BUILD"] = "/tmp/nl"
    >>> build_root().as_posix()
    '/tmp/nl'
    >>> del os.environ["ECOGRAPH_NEO4J_LOCAL_BUILD"]
    """
    given = os.environ.get("ECOGRAPH_NEO4J_LOCAL_BUILD")
    if given:
        return Path(given)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "ecograph"


def _shipped_project() -> Path | None:
    """Copy the shipped Maven project into the build folder (once per content); return it."""
    try:
        shipped = resources.files("ecograph.neo4j_launcher")
    except ModuleNotFoundError:
        return None
    if not shipped.joinpath("pom.xml").is_file():
        return None
    contents: dict[str, bytes] = {}
    for name in SHIPPED:
        item = shipped
        for part in name.split("/"):  # one part a call (a namespace package's path, 3.11)
            item = item.joinpath(part)
        contents[name] = item.read_bytes()
    digest = hashlib.sha256(b"".join(contents[n] for n in SHIPPED)).hexdigest()[:12]
    target = build_root() / f"neo4j-local-{digest}"
    if not (target / "pom.xml").is_file():
        for name, data in contents.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return target


def project_dir() -> Path:
    """Return the Maven project: the env override, a checkout's ``tools/neo4j-local``, or
    the installed package's copy under :func:`build_root`.

    Raises
    ------
    StoreUnavailableError
        No Maven project is reachable.
    """
    given = os.environ.get("ECOGRAPH_NEO4J_LOCAL_PROJECT")
    candidates = [Path(given)] if given else []
    candidates.append(Path(__file__).resolve().parents[3] / "tools" / "neo4j-local")
    for path in candidates:
        if (path / "pom.xml").is_file():
            return path
    if not given and (shipped := _shipped_project()) is not None:
        return shipped
    raise StoreUnavailableError(
        "the local Neo4j needs its Maven project: tools/neo4j-local of an ecograph checkout, "
        "the copy an installed ecograph ships, or ECOGRAPH_NEO4J_LOCAL_PROJECT pointing at one"
    )


def _newest_source(project: Path) -> float:
    files = [project / "pom.xml", *(project / "src").rglob("*.java")]
    return max(f.stat().st_mtime for f in files if f.is_file())


def build_launcher(project: Path | None = None,
                   notify: Callable[[str], None] | None = None) -> Path:
    """Build ``target/neo4j-local.jar`` with Maven unless it is newer than its sources.

    Tries an offline build first (``mvn -o``: the artefacts are in ``~/.m2``
    after the first build), then an online one. ``notify`` gets one progress
    line before a build (the CLI prints it).

    Raises
    ------
    StoreUnavailableError
        Java or Maven is missing, or the build fails.
    """
    project = project or project_dir()
    jar = project / "target" / "neo4j-local.jar"
    if jar.is_file() and jar.stat().st_mtime >= _newest_source(project):
        return jar
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        raise StoreUnavailableError(
            f"the local Neo4j needs {' and '.join(missing)} on PATH: install Java 17+ and "
            "Maven (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven), "
            "or use a Neo4j server with ECOGRAPH_NEO4J_URI"
        )
    message = (f"building the local Neo4j launcher with Maven in {project} (the first build "
               "fetches about 170 MB from Maven Central into ~/.m2; later ones are offline)")
    logger.info(message)
    if notify is not None:
        notify(message)
    errors = ""
    for offline in (["-o"], []):
        done = subprocess.run(
            ["mvn", "-q", "-B", *offline, "package", "-DskipTests"],
            cwd=project, capture_output=True, text=True, check=False,
        )
        if done.returncode == 0 and jar.is_file():
            return jar
        errors = (done.stdout + done.stderr)[-2000:]
    raise StoreUnavailableError(f"cannot build the local Neo4j launcher: {errors}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _state_file(data_dir: Path) -> Path:
    return local_dir(data_dir) / "state.json"


def _write_state(data_dir: Path, state: LocalNeo4j) -> None:
    path = _state_file(data_dir)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(state), handle)
    os.chmod(path, 0o600)


def _password(data_dir: Path) -> str:
    """The password kept in ``password`` (0600): Neo4j stores it with the data."""
    path = local_dir(data_dir) / "password"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(18)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def local_status(data_dir: Path) -> LocalNeo4j | None:
    """Return the running local Neo4j of ``data_dir``, or None (a stale state file is removed)."""
    path = _state_file(data_dir)
    if not path.is_file():
        return None
    try:
        state = LocalNeo4j(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        state = None
    if state is None or not _alive(state.pid):
        logger.warning("clearing stale local-Neo4j state in %s", path)
        path.unlink(missing_ok=True)
        return None
    return state


def _wait_ready(proc: subprocess.Popen[str], timeout: float) -> str | None:
    line: list[str] = []

    def read() -> None:
        if proc.stdout is not None:
            line.append(proc.stdout.readline())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    return line[0] if line else None


def start_local(data_dir: Path, *, port: int | None = None, timeout: float = 180.0,
                pagecache: str = "128m",
                notify: Callable[[str], None] | None = None) -> LocalNeo4j:
    """Start the local Neo4j of ``data_dir`` (or return the running one).

    Builds the launcher if needed, picks a free loopback port (unless ``port``
    is given), starts ``java -jar neo4j-local.jar`` in its own session and
    waits for its ready line.

    Raises
    ------
    StoreUnavailableError
        It cannot be built or does not become ready within ``timeout`` seconds.
    """
    running = local_status(data_dir)
    if running is not None:
        return running
    jar = build_launcher(notify=notify)
    folder = local_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    password = _password(data_dir)
    port = port or _free_port()
    env = {**os.environ, "NEO4J_USER": USER, "NEO4J_PASSWORD": password}
    started = time.monotonic()
    with open(folder / "neo4j.log", "ab") as log:
        proc = subprocess.Popen(
            ["java", HEAP, "-jar", str(jar), "--port", str(port), "--data", str(folder / "data"),
             "--pagecache", pagecache],
            stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, env=env, text=True,
            start_new_session=True,
        )
    line = _wait_ready(proc, timeout)
    if not line or not line.startswith(READY):
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise StoreUnavailableError(
            f"the local Neo4j did not start (see {folder / 'neo4j.log'})"
        )
    state = LocalNeo4j(pid=proc.pid, port=port, user=USER, password=password,
                       data_dir=str(folder / "data"))
    _write_state(data_dir, state)
    logger.info("local Neo4j ready on %s in %.1f s", state.uri, time.monotonic() - started)
    return state


def stop_local(data_dir: Path, *, timeout: float = 60.0) -> bool:
    """Stop the local Neo4j of ``data_dir`` with SIGTERM; return False if none ran."""
    state = local_status(data_dir)
    if state is None:
        return False
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(state.pid) and time.monotonic() < deadline:
        try:  # our own child (tests, same process): reap it
            if os.waitpid(state.pid, os.WNOHANG)[0]:
                break
        except ChildProcessError:
            pass
        time.sleep(0.1)
    if _alive(state.pid):
        os.kill(state.pid, signal.SIGKILL)
    _state_file(data_dir).unlink(missing_ok=True)
    return True


@dataclass(frozen=True)
class BulkImport:
    """What :func:`bulk_import_local` did: the files written and the import's time."""

    files: ImportFiles
    import_seconds: float

    @property
    def seconds(self) -> float:
        """Writing the CSV files plus the import tool's run."""
        return self.files.seconds + self.import_seconds


def bulk_import_local(
    data_dir: Path,
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    *,
    source: str,
    loaded_at: str | None = None,
    timeout: float = 3600.0,
    index: Mapping[str, Label] | None = None,
    progress: Callable[[int], None] | None = None,
    phase: Callable[[str], None] | None = None,
) -> BulkImport:
    """Replace the local Neo4j's ``neo4j`` database with ``nodes``/``edges`` (bulk import).

    Writes the rows as CSV (:func:`~ecograph.stores.neo4j_bulk.write_import_csv`)
    under ``neo4j-local/import/``, runs ``neo4j-admin database import full``
    through the launcher (``--bulk-import``) and removes the files. The DBMS must
    be stopped; start it afterwards with :func:`start_local` and create the
    schema (``Neo4jStore.ensure_schema``): the import makes no constraints.
    The rows stream (``index`` and ``progress`` as ``write_import_csv`` takes
    them); :func:`bulk_load_local` does the whole sequence.

    Raises
    ------
    StoreError
        The local Neo4j of ``data_dir`` is running, or the import fails.
    StoreUnavailableError
        The launcher cannot be built.
    """
    if local_status(data_dir) is not None:
        raise StoreError("stop the local Neo4j before a bulk import (ecograph store stop)")
    jar = build_launcher()
    folder = local_dir(data_dir)
    work = folder / "import"
    shutil.rmtree(work, ignore_errors=True)
    try:
        files = write_import_csv(nodes, edges, work, source=source, loaded_at=loaded_at,
                                 index=index, progress=progress)
        if phase is not None:
            phase("import")
        started = time.monotonic()
        done = subprocess.run(
            ["java", HEAP, "-jar", str(jar), "--bulk-import", "--data", str(folder / "data"),
             f"--report-file={work / 'import.report'}", *import_arguments(files)],
            capture_output=True, text=True, check=False, timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        seconds = time.monotonic() - started
        if done.returncode != 0:
            raise StoreError(f"the Neo4j bulk import failed: {(done.stdout + done.stderr)[-2000:]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    logger.info("bulk import: %d nodes, %d relationships in %.1f s",
                files.node_count, files.edge_count, seconds)
    return BulkImport(files=files, import_seconds=seconds)


def bulk_load_local(
    data_dir: Path,
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    *,
    source: str,
    index: Mapping[str, Label] | None = None,
    progress: Callable[[int], None] | None = None,
    phase: Callable[[str], None] | None = None,
) -> tuple[BulkImport, LocalNeo4j, float]:
    """Build the local Neo4j's database from the rows (``ecograph load --bulk``).

    A running local Neo4j whose database holds nodes is refused (the import
    replaces the database); an empty one is stopped. The rows are imported
    (:func:`bulk_import_local`), the DBMS started (on the same port when it
    ran) and the schema created and online. ``phase`` gets the name of each
    step as it begins. Returns the import, the running DBMS and the seconds
    the schema took.

    Raises
    ------
    StoreError
        The database holds nodes, or the import fails.
    """
    from ecograph.stores.neo4j_store import Neo4jStore

    running = local_status(data_dir)
    port = running.port if running is not None else None
    if running is not None:
        store = Neo4jStore.connect(running.uri, user=running.user, password=running.password)
        try:
            held = store._read("MATCH (n) RETURN count(n) AS n", {})[0]["n"]
        finally:
            store.close()
        if held:
            raise StoreError(f"the local Neo4j holds {held} nodes: a bulk load replaces its "
                             "database, so it only loads an empty one (load without --bulk)")
        stop_local(data_dir)
    done = bulk_import_local(data_dir, nodes, edges, source=source, index=index,
                             progress=progress, phase=phase)
    if phase is not None:
        phase("start")
    state = start_local(data_dir, port=port)
    if phase is not None:
        phase("schema")
    started = time.monotonic()
    store = Neo4jStore.connect(state.uri, user=state.user, password=state.password)
    try:
        store.ensure_schema()
        store._write("CALL db.awaitIndexes(3600)", {})
    finally:
        store.close()
    return done, state, time.monotonic() - started
