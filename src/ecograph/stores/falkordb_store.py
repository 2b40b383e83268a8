"""``GraphStore`` on FalkorDB through the ``falkordb`` client (Redis protocol).

Every statement is one ``GRAPH.QUERY`` (writes) or ``GRAPH.RO_QUERY`` (reads);
FalkorDB runs each atomically, so one batch is one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import redis
from falkordb import FalkorDB

from ecograph.errors import StoreError, StoreUnavailableError
from ecograph.stores.cypher_store import CypherStore
from ecograph.stores.dialect import FALKORDB

__all__ = ["FalkorDBStore"]

logger = logging.getLogger(__name__)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "properties") and isinstance(value.properties, Mapping):
        return _plain(value.properties)
    return value


class FalkorDBStore(CypherStore):
    """A graph of a FalkorDB server.

    Parameters
    ----------
    host, port
        Where the server listens (the embedded one: see :mod:`ecograph.stores.embedded`).
    graph_name
        The FalkorDB graph (key) holding ecograph's data.
    batch_size
        Rows per write statement.

    Nothing connects until the first statement runs.
    """

    dialect = FALKORDB

    def __init__(self, host: str, port: int, graph_name: str, *, batch_size: int = 5000) -> None:
        super().__init__(batch_size=batch_size)
        self.host, self.port, self.graph_name = host, port, graph_name
        self._db: Any = None
        self._graph: Any = None

    def _graph_handle(self) -> Any:
        if self._graph is None:
            self._db = FalkorDB(host=self.host, port=self.port)
            self._graph = self._db.select_graph(self.graph_name)
        return self._graph

    def _call(
        self, cypher: str, params: dict[str, Any], *, read_only: bool
    ) -> list[dict[str, Any]]:
        graph = self._graph_handle()
        try:
            result = (graph.ro_query if read_only else graph.query)(cypher, params or None)
        except redis.ConnectionError as exc:
            raise StoreUnavailableError(
                f"FalkorDB at {self.host}:{self.port} is not reachable: {exc}"
            ) from exc
        except redis.RedisError as exc:
            if read_only and "empty key" in str(exc):
                return []  # the graph does not exist yet: nothing to read
            raise StoreError(f"FalkorDB rejected the statement: {exc}") from exc
        header = [column[1] for column in (result.header or [])]
        return [
            dict(zip(header, (_plain(v) for v in row), strict=True)) for row in result.result_set
        ]

    def _read(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._call(cypher, params, read_only=True)

    def _write(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._call(cypher, params, read_only=False)

    def _after_load(self) -> None:
        """Start an append-only-file rewrite so a restart loads a snapshot, not the queries."""
        connection = self._db.connection if self._db is not None else None
        if connection is None:
            return
        try:
            if connection.info("persistence").get("aof_enabled"):
                connection.bgrewriteaof()
        except redis.RedisError as exc:  # a rewrite already running is fine
            logger.debug("BGREWRITEAOF after load: %s", exc)

    def clear(self) -> None:
        """Drop the whole graph (data and indexes); the schema is recreated on the next load."""
        graph = self._graph_handle()
        try:
            if self.graph_name in self._db.list_graphs():
                graph.delete()
        except redis.ConnectionError as exc:
            raise StoreUnavailableError(f"FalkorDB is not reachable: {exc}") from exc
        except redis.RedisError as exc:
            raise StoreError(f"cannot clear graph {self.graph_name!r}: {exc}") from exc
        self._schema_ready = False

    def close(self) -> None:
        """Close the client connection (the server keeps running)."""
        if self._db is not None:
            try:
                self._db.connection.close()
            except redis.RedisError:
                logger.debug("error closing the FalkorDB connection", exc_info=True)
        self._db = self._graph = None
