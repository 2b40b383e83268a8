"""The embedded server is protected: a secret, owner-only files, dangerous commands off.

A "second user" is any client without the folder's secret: it is refused
before it can read or write; ecograph's own client (with the secret) cannot
switch persistence off or wipe the data either.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from ecograph.stores.falkordb.folder import CONFIG_FILE, SECRET_FILE
from ecograph.stores.falkordb.server import STATE_FILE, ServerState, ensure_server, stop_server
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = [pytest.mark.integration, pytest.mark.faults]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerState]:
    data_dir = tmp_path_factory.mktemp("protected") / "store"
    state = ensure_server(data_dir)
    store = FalkorDBStore.connect(state.host, state.port, "g", password=state.password)
    store.load([{"id": "P", "label": "Park", "labels": ["Park"], "props": {}}], [],
               source="s")
    store.close()
    try:
        yield state
    finally:
        stop_server(data_dir)


def test_connection_without_the_secret_is_refused(server: ServerState) -> None:
    anonymous = redis.Redis(host=server.host, port=server.port)
    with pytest.raises(redis.AuthenticationError):
        anonymous.ping()
    with pytest.raises(redis.RedisError):
        anonymous.execute_command("GRAPH.QUERY", "g", "MATCH (n) RETURN count(n)")
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host=server.host, port=server.port, password="guess").ping()


@pytest.mark.parametrize("command", [("CONFIG", "SET", "appendonly", "no"), ("FLUSHALL",),
                                     ("FLUSHDB",), ("DEBUG", "SLEEP", "0"), ("MODULE", "LIST"),
                                     ("REPLICAOF", "127.0.0.1", "1")])
def test_dangerous_commands_are_refused_even_with_the_secret(
    server: ServerState, command: tuple[str, ...]
) -> None:
    client = redis.Redis(host=server.host, port=server.port, password=server.password)
    with pytest.raises(redis.ResponseError, match="unknown command"):
        client.execute_command(*command)
    assert client.info("persistence")["aof_enabled"] == 1
    assert client.exists("g") == 1


def test_files_are_owner_only(server: ServerState) -> None:
    data_dir = Path(server.data_dir)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {SECRET_FILE, CONFIG_FILE, STATE_FILE, "falkordb.log"}
    assert any(p.suffix in (".aof", ".rdb") for p in files)
    loose = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files
             if p.stat().st_mode & 0o077}
    assert loose == {}
    assert server.password and server.password not in (data_dir / STATE_FILE).read_text()


def test_a_world_readable_folder_is_tightened(tmp_path: Path) -> None:
    data_dir = tmp_path / "loose"
    data_dir.mkdir(mode=0o755)
    (data_dir / "old.log").write_text("x")
    (data_dir / "old.log").chmod(0o644)
    state = ensure_server(data_dir)
    try:
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((data_dir / "old.log").stat().st_mode) == 0o600
        assert state.password
    finally:
        stop_server(data_dir)


def test_a_long_read_is_stopped_by_the_query_timeout(server: ServerState) -> None:
    import time

    from ecograph.errors import StoreError

    store = FalkorDBStore.connect(server.host, server.port, "g", password=server.password,
                                  query_timeout_ms=200)
    started = time.monotonic()
    try:
        with pytest.raises(StoreError, match=r"(?i)timed? ?out"):
            store._read("UNWIND range(1, 5000) AS x UNWIND range(1, 5000) AS y "
                        "WITH x, y WHERE (x * y) % 7 = 0 "
                        "RETURN count(*) AS n", {})
    finally:
        store.close()
    assert time.monotonic() - started < 5
