"""State handling of the local Neo4j, without starting it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ecograph.errors import StoreUnavailableError
from ecograph.stores import neo4j_local
from ecograph.stores.neo4j_local import LocalNeo4j, local_dir, local_status, stop_local


def test_state_file_is_private_and_read_back(tmp_path: Path) -> None:
    local_dir(tmp_path).mkdir(parents=True)
    state = LocalNeo4j(pid=os.getpid(), port=7999, user="neo4j", password="s3cret-pw",
                       data_dir=str(tmp_path))
    neo4j_local._write_state(tmp_path, state)
    path = local_dir(tmp_path) / "state.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_status(tmp_path) == state
    assert state.uri == "bolt://127.0.0.1:7999"


def test_stale_state_is_cleared(tmp_path: Path) -> None:
    local_dir(tmp_path).mkdir(parents=True)
    path = local_dir(tmp_path) / "state.json"
    path.write_text(json.dumps({"pid": 2**22 + 12345, "port": 1, "user": "u", "password": "p",
                                "data_dir": "d"}), encoding="utf-8")
    assert local_status(tmp_path) is None
    assert not path.exists()
    assert stop_local(tmp_path) is False


def test_password_is_generated_once_and_private(tmp_path: Path) -> None:
    local_dir(tmp_path).mkdir(parents=True)
    first = neo4j_local._password(tmp_path)
    assert len(first) >= 16 and neo4j_local._password(tmp_path) == first
    mode = (local_dir(tmp_path) / "password").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_missing_project_is_a_store_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOGRAPH_NEO4J_LOCAL_PROJECT", str(tmp_path))
    monkeypatch.setattr(neo4j_local, "__file__", str(tmp_path / "a" / "b" / "c" / "x.py"))
    with pytest.raises(StoreUnavailableError, match="tools/neo4j-local"):
        neo4j_local.project_dir()


def test_shipped_project_is_copied_once_into_the_build_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOGRAPH_NEO4J_LOCAL_BUILD", str(tmp_path))
    first = neo4j_local._shipped_project()
    assert first is not None and first.parent == tmp_path
    assert first.name.startswith("neo4j-local-")
    for name in neo4j_local.SHIPPED:
        assert (first / name).is_file()
    assert not (first / "target").exists()
    repo = Path(__file__).resolve().parents[3] / "tools" / "neo4j-local"
    assert (first / "pom.xml").read_bytes() == (repo / "pom.xml").read_bytes()
    assert neo4j_local._shipped_project() == first
    assert [p.name for p in tmp_path.iterdir()] == [first.name]


def test_missing_java_or_maven_is_a_clear_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pom.xml").write_text("<project/>", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(StoreUnavailableError, match=r"needs java and mvn on PATH.*Java 17"):
        neo4j_local.build_launcher(tmp_path)
