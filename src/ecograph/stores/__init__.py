"""Graph stores: embedded FalkorDB (default) and Neo4j, behind one ``GraphStore``.

Open one at the edge of the program (CLI command, FastAPI lifespan) with
:func:`open_store`; pass it in everywhere else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ecograph.errors import ConfigError
from ecograph.settings import Settings, get_settings
from ecograph.stores.base import EdgeRow, GraphStore, LoadReport, NodeRow, StoreStats

__all__ = ["EdgeRow", "GraphStore", "LoadReport", "NodeRow", "StoreStats", "open_store"]


@contextlib.contextmanager
def open_store(settings: Settings | None = None) -> Iterator[GraphStore]:
    """Open the configured store; close it on exit.

    ``ECOGRAPH_STORE=embedded`` (default) starts the embedded FalkorDB server
    under ``ECOGRAPH_DATA_DIR`` if it is not running (it keeps running after
    exit: ``ecograph store stop`` stops it). ``ECOGRAPH_STORE=neo4j`` connects
    to ``ECOGRAPH_NEO4J_URI``, or without one to the local Neo4j of
    ``ECOGRAPH_DATA_DIR`` (``ecograph store start --store neo4j --local``).

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

        state = ensure_server(settings.data_dir)
        store = FalkorDBStore.connect(
            state.host, state.port, settings.graph_name, batch_size=settings.batch_size
        )
    try:
        yield store
    finally:
        store.close()
