"""``GraphStore`` on FalkorDB through the ``falkordb`` client (Redis protocol).

Every statement is one ``GRAPH.QUERY`` (writes) or ``GRAPH.RO_QUERY`` (reads);
FalkorDB runs each atomically, so one batch is one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import redis
from falkordb import FalkorDB
from falkordb.query_result import QueryResult

from ecograph.errors import StoreError, StoreUnavailableError
from ecograph.stores.cypher_params import encode_params
from ecograph.stores.cypher_store import CypherStore
from ecograph.stores.dialect import FALKORDB
from ecograph.stores.writer import Call

__all__ = ["FalkorDBStore"]

logger = logging.getLogger(__name__)


_SCALARS = frozenset({str, int, float, bool, type(None)})


class _UnsupportedError(Exception):
    """A compact-format value the fast reader does not decode (node, edge, path, ...)."""


def _text(value: Any) -> str:
    return value if type(value) is str else (
        value.decode() if isinstance(value, bytes) else str(value))


def _cell(kind: int, value: Any) -> Any:
    """Decode one ``[type, value]`` cell of FalkorDB's compact result set (plain values only).

    Types: 1 null, 2 string, 3 integer, 4 boolean, 5 double, 6 array, 10 map; anything
    else raises :class:`_UnsupportedError` so the caller falls back to the client's parser.
    Strings, the bulk of a projection, take the shortest path.

    Examples
    --------
    >>> _cell(10, ["a", [3, 1], "b", [6, [[2, "x"], [5, "0.5"], [4, "true"], [1, None]]]])
    {'a': 1, 'b': ['x', 0.5, True, None]}
    """
    if kind == 2:
        return value if type(value) is str else _text(value)
    if kind == 10:
        pairs = iter(value)
        out: dict[str, Any] = {}
        for key, (item_kind, item) in zip(pairs, pairs, strict=True):
            out[key if type(key) is str else _text(key)] = (
                item if item_kind == 2 and type(item) is str else _cell(item_kind, item))
        return out
    if kind == 3:
        return int(value)
    if kind == 5:
        return float(value)
    if kind == 6:
        return [_cell(k, v) for k, v in value]
    if kind == 4:
        return _text(value) == "true"
    if kind == 1:
        return None
    raise _UnsupportedError(kind)


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:  # the common case first: a projection has millions
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "properties") and isinstance(value.properties, Mapping):
        return _plain(value.properties)
    return value


def _records(graph: Any, response: Any) -> list[dict[str, Any]]:
    """Return the records of a compact ``GRAPH.QUERY`` reply (errors raised)."""
    if not response:
        return []
    for part in (response[0], response[-1]):
        if isinstance(part, redis.ResponseError):
            raise part
    if len(response) == 1:  # statistics only
        return []
    header = [column[1] for column in response[0]]
    try:
        return [dict(zip(header, [_cell(k, v) for k, v in row], strict=True))
                for row in response[1]]
    except _UnsupportedError:
        result = QueryResult(graph, response)
        return [dict(zip(header, (_plain(v) for v in row), strict=True))
                for row in result.result_set]


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
    pipeline_writes = True

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
            if read_only:
                fast = self._read_compact(graph, cypher, params)
                if fast is not None:
                    return fast
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

    @staticmethod
    def _read_compact(
        graph: Any, cypher: str, params: dict[str, Any]
    ) -> list[dict[str, Any]] | None:
        """Run a read and decode plain values directly (the projection's millions of cells).

        The ``falkordb`` client's generic parser costs several times more per cell;
        results holding nodes, edges or paths, and errors, return None and go the
        client's way.
        """
        command = graph._build_params_header(params or None) + cypher
        response = graph.execute_command("GRAPH.RO_QUERY", graph.name, command, "--compact")
        if not response or isinstance(response[0], redis.ResponseError) \
                or isinstance(response[-1], redis.ResponseError):
            return None
        if len(response) == 1:
            return []
        header = [column[1] for column in response[0]]
        try:
            return [dict(zip(header, [v if k == 2 and type(v) is str else _cell(k, v)
                                      for k, v in row], strict=True))
                    for row in response[1]]
        except _UnsupportedError:
            return None

    def _read(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._call(cypher, params, read_only=True)

    def _write(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._prepare_write(cypher, params)()

    def _prepare_write(self, cypher: str, params: dict[str, Any]) -> Call:
        """Encode the statement and its parameters now; return the call sending it.

        Parameters are written by :func:`~ecograph.stores.cypher_params.encode_params`
        (several times cheaper than the client's header builder); the reply is
        read in the compact format, falling back to the client's parser.
        """
        command = encode_params(params) + cypher
        graph = self._graph_handle()

        def send() -> list[dict[str, Any]]:
            try:
                response = graph.execute_command(
                    "GRAPH.QUERY", graph.name, command, "--compact"
                )
                return _records(graph, response)
            except redis.ConnectionError as exc:
                raise StoreUnavailableError(
                    f"FalkorDB at {self.host}:{self.port} is not reachable: {exc}"
                ) from exc
            except redis.RedisError as exc:
                raise StoreError(f"FalkorDB rejected the statement: {exc}") from exc

        return send

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

    def to_networkx(
        self,
        *,
        park: str | None = None,
        chain: str | None = None,
        rel_types: Iterable[str] | None = None,
        include_provenance: bool = False,
    ) -> nx.MultiDiGraph:
        """Project through the flat, prefetched reader of :mod:`ecograph.stores.falkordb_read`."""
        from ecograph.stores.falkordb_read import project_compact  # it imports this module

        return project_compact(self._graph_handle(), self._read, park=park, chain=chain,
                               rel_types=rel_types, include_provenance=include_provenance)

    def close(self) -> None:
        """Close the client connection (the server keeps running)."""
        if self._db is not None:
            try:
                self._db.connection.close()
            except redis.RedisError:
                logger.debug("error closing the FalkorDB connection", exc_info=True)
        self._db = self._graph = None
