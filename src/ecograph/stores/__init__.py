"""Graph stores: embedded FalkorDB (default) and Neo4j, behind one ``GraphStore``.

Open one at the edge of the program (CLI command, FastAPI lifespan) with
:func:`open_store`; pass it in everywhere else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from ecograph.errors import ConfigError
from ecograph.settings import Settings, get_settings
from ecograph.stores.base import EdgeRow, GraphStore, LoadReport, NodeRow, StoreStats

__all__ = ["EdgeRow", "GraphStore", "LoadReport", "NodeRow", "StoreStats", "hold_server",
           "open_store"]


@contextlib.contextmanager
def hold_server(settings: Settings | None = None) -> Iterator[None]:
    """Keep the embedded server running for the block; stop it after if the block started it.

    The lifecycle rule of the command line: a command that had to start the
    embedded FalkorDB stops it when it ends, so no server is left behind. A
    server that was already running (``ecograph store start``, a running
    ``ecograph serve``, an enclosing ``hold_server``) is reused and left
    running. Does nothing for ``ECOGRAPH_STORE=neo4j``.

    Raises
    ------
    StoreUnavailableError
        The embedded server cannot be started.
    """
    settings = settings or get_settings()
    if settings.store != "embedded":
        yield
        return
    from ecograph.stores.falkordb.server import acquire_server, stop_server

    _state, started = acquire_server(settings.data_dir)
    try:
        yield
    finally:
        if started:
            stop_server(settings.data_dir)


@contextlib.contextmanager
def open_store(settings: Settings | None = None) -> Iterator[GraphStore]:
    """Open the configured store; close it on exit.

    ``ECOGRAPH_STORE=embedded`` (default) starts the embedded FalkorDB server
    under ``ECOGRAPH_DATA_DIR`` if it is not running, and then stops it again
    on exit (see :func:`hold_server`); a server that was already running is
    left running. ``ECOGRAPH_STORE=neo4j`` connects to ``ECOGRAPH_NEO4J_URI``,
    or without one to the local Neo4j of ``ECOGRAPH_DATA_DIR`` (``ecograph
    store start --store neo4j --local``).

    Raises
    ------
    StoreUnavailableError
        The store cannot be started or reached.
    """
    settings = settings or get_settings()
    store: GraphStore
    if settings.store == "neo4j":
        from ecograph.stores.neo4j_local import local_status
        from ecograph.stores.neo4j_store import Neo4jStore

        uri, user = settings.neo4j_uri, settings.neo4j_user
        password = settings.neo4j_password.get_secret_value()
        if not uri and (local := local_status(settings.data_dir)) is not None:
            uri, user, password = local.uri, local.user, local.password
        if not uri:
            raise ConfigError("ECOGRAPH_STORE=neo4j needs ECOGRAPH_NEO4J_URI "
                              "(or `ecograph store start --store neo4j --local`)")
        store = Neo4jStore.connect(
            uri,
            user=user,
            password=password,
            database=settings.neo4j_database,
            batch_size=settings.batch_size,
        )
    else:
        from ecograph.stores.falkordb import FalkorDBStore, ensure_server
        from ecograph.stores.falkordb.folder import WRITE_LOCK_FILE

        with hold_server(settings):
            state = ensure_server(settings.data_dir)
            store = FalkorDBStore.connect(
                state.host, state.port, settings.graph_name, password=state.password,
                batch_size=settings.batch_size, lock_wait=settings.write_lock_wait,
                write_lock=Path(state.data_dir) / WRITE_LOCK_FILE,
                query_timeout_ms=settings.query_timeout_ms,
            )
            try:
                yield store
            finally:
                store.close()
        return
    try:
        yield store
    finally:
        store.close()
