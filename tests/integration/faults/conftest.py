"""Fixtures of the fault suite: own data folders, a mid-sized package, CLI subprocesses.

Each test gets its own embedded server (its own data folder), stopped at the
end, so kills and concurrent writers never touch the session's server.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from ecograph.stores.falkordb.server import ServerState, server_status, stop_server
from ecograph.stores.falkordb.store import FalkorDBStore

GRAPH = "faults"
ECOGRAPH = str(Path(sys.executable).parent / "ecograph")


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic package of 3,000 organisations (about 20,000 rows)."""
    from ecograph.synth import generate

    folder = tmp_path_factory.mktemp("fault-package")
    generate(folder, orgs=3000, seed=1)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "store"
    yield folder
    stop_server(folder)


def cli_env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "ECOGRAPH_DATA_DIR": str(data_dir), "ECOGRAPH_STORE": "embedded",
            "ECOGRAPH_GRAPH_NAME": GRAPH}


def ecograph(data_dir: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run ``ecograph *args`` in a subprocess on ``data_dir``."""
    return subprocess.run([ECOGRAPH, *args], env=cli_env(data_dir),
                          capture_output=True, text=True, timeout=timeout, cwd=data_dir.parent)


def spawn(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([ECOGRAPH, *args], env=cli_env(data_dir),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=data_dir.parent)


def graph_client(data_dir: Path) -> tuple[ServerState, redis.Redis]:
    state = server_status(data_dir)
    assert state is not None, "no server"
    return state, redis.Redis(host=state.host, port=state.port, password=state.password)


def _plain(value: object) -> object:
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _query(client: redis.Redis, cypher: str) -> list[list[object]]:
    reply = client.execute_command("GRAPH.RO_QUERY", GRAPH, cypher)
    return [[_plain(v) for v in row] for row in reply[1]]


def fingerprints(data_dir: Path) -> tuple[str, str, int, int]:
    """sha1 of every node (id, labels, props minus loaded_at) and edge (key, ends, props)."""
    state, client = graph_client(data_dir)
    client.close()
    store = FalkorDBStore.connect(state.host, state.port, GRAPH, password=state.password)
    try:
        nodes = store._read("MATCH (n) RETURN n.id AS id, labels(n) AS labels, "
                            "properties(n) AS props", {})
        edges = store._read("MATCH (a)-[r]->(b) RETURN r.key AS key, type(r) AS type, "
                            "a.id AS a, b.id AS b, properties(r) AS props", {})
    finally:
        store.close()

    def digest(rows: list[dict[str, object]]) -> str:
        plain = []
        for row in rows:
            props = row.pop("props")
            assert isinstance(props, dict)
            plain.append(repr((sorted(row.items()), sorted(
                (k, repr(v)) for k, v in props.items() if k != "loaded_at"))))
        return hashlib.sha1("\n".join(sorted(plain)).encode()).hexdigest()

    return digest(nodes), digest(edges), len(nodes), len(edges)


def duplicates(data_dir: Path) -> tuple[int, int]:
    """Relationship keys and node ids stored more than once."""
    _, client = graph_client(data_dir)
    try:
        keys = _query(client, "MATCH ()-[r]->() WITH r.key AS k, count(*) AS c WHERE c > 1 "
                      "RETURN count(k)")[0][0]
        ids = _query(client, "MATCH (n) WITH n.id AS k, count(*) AS c WHERE c > 1 "
                     "RETURN count(k)")[0][0]
    finally:
        client.close()
    return int(str(keys)), int(str(ids))


@pytest.fixture(scope="session")
def clean(tmp_path_factory: pytest.TempPathFactory, package: Path) -> tuple[str, str, int, int]:
    """Fingerprints of a clean load of the package in a folder of its own."""
    data_dir = tmp_path_factory.mktemp("clean") / "store"
    try:  # a started store outlives the commands (they stop only servers they started)
        assert ecograph(data_dir, "store", "start").returncode == 0
        done = ecograph(data_dir, "load", str(package), "--rejects",
                        str(data_dir.parent / "rejects.csv"))
        assert done.returncode == 0, done.stderr
        return fingerprints(data_dir)
    finally:
        stop_server(data_dir)
