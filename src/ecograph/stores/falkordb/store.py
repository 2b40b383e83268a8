"""``GraphStore`` on FalkorDB through the ``falkordb`` client (Redis protocol).

Every statement is one ``GRAPH.QUERY`` (writes) or ``GRAPH.RO_QUERY`` (reads);
FalkorDB runs each atomically, so one batch is one transaction.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import redis
from falkordb import FalkorDB

from ecograph.errors import StoreError
from ecograph.stores.base import LoadReport, Progress
from ecograph.stores.cypher_store import CypherStore
from ecograph.stores.dialect import FALKORDB
from ecograph.stores.falkordb.codec import execute, records, store_error
from ecograph.stores.falkordb.folder import writer_lock
from ecograph.stores.falkordb.params import encode_params
from ecograph.stores.writer import Call

if TYPE_CHECKING:
    import networkx as nx

    from ecograph.mapping.rows import EdgeRow, NodeRow
    from ecograph.stores.falkordb.bulk import BulkReport
    from ecograph.vocab import Label

__all__ = ["BULK_MIN_ROWS", "FalkorDBStore"]

#: An empty graph is bulk-loaded (``GRAPH.BULK``) from this many rows on.
BULK_MIN_ROWS = 50_000

logger = logging.getLogger(__name__)


class FalkorDBStore(CypherStore):
    """A graph of a FalkorDB server.

    Parameters
    ----------
    client
        A ``falkordb.FalkorDB`` client (:meth:`connect` makes one for a host and
        port; the embedded server's is in :mod:`ecograph.stores.falkordb.server`).
    graph_name
        The FalkorDB graph (key) holding ecograph's data.
    batch_size
        Rows per write statement.
    owns_client
        Close the client's connections in :meth:`close`.
    write_lock
        A lock file (the embedded server's ``write.lock``) held by every load,
        replace and clear, so one process writes at a time; None: no lock.
    lock_wait
        Seconds a writer waits for another one before it gives up.
    query_timeout_ms
        Longest run of a read query in the server (FalkorDB ``TIMEOUT``; 0: none).

    Nothing connects until the first statement runs.
    """

    dialect = FALKORDB
    pipeline_writes = True

    def __init__(
        self, client: FalkorDB, graph_name: str, *, batch_size: int = 5000,
        owns_client: bool = False, write_lock: Path | None = None, lock_wait: float = 600.0,
        query_timeout_ms: int = 0,
    ) -> None:
        super().__init__(batch_size=batch_size)
        self.query_timeout_ms = query_timeout_ms
        self.write_lock, self.lock_wait = write_lock, lock_wait
        self._db = client
        self._owns_client = owns_client
        self.graph_name = graph_name
        kwargs = client.connection.connection_pool.connection_kwargs
        self.host, self.port = str(kwargs.get("host", "?")), int(kwargs.get("port", 0))
        self.password: str | None = kwargs.get("password")
        self._graph: Any = client.select_graph(graph_name)

    @classmethod
    def connect(
        cls, host: str, port: int, graph_name: str, *, password: str | None = None,
        batch_size: int = 5000, write_lock: Path | None = None, lock_wait: float = 600.0,
        query_timeout_ms: int = 0,
    ) -> FalkorDBStore:
        """Open a client for the server at ``host:port`` (nothing connects until a statement)."""
        return cls(FalkorDB(host=host, port=port, password=password), graph_name,
                   batch_size=batch_size, owns_client=True, write_lock=write_lock,
                   lock_wait=lock_wait, query_timeout_ms=query_timeout_ms)

    def _writer(self) -> AbstractContextManager[None]:
        if self.write_lock is None:
            return contextlib.nullcontext()
        return writer_lock(self.write_lock, wait=self.lock_wait)

    @property
    def _where(self) -> str:
        return f"{self.host}:{self.port}"

    def _graph_handle(self) -> Any:
        return self._graph

    def _read(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        graph = self._graph_handle()
        reply = execute(graph, encode_params(params) + cypher, read_only=True, where=self._where,
                        timeout_ms=self.query_timeout_ms)
        return [] if reply is None else records(graph, reply)

    def _write(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._prepare_write(cypher, params)()

    def _prepare_write(self, cypher: str, params: dict[str, Any]) -> Call:
        """Encode the statement and its parameters now; return the call sending it.

        Parameters are written by :func:`~ecograph.stores.falkordb.params.encode_params`
        (several times cheaper than the client's header builder).
        """
        command = encode_params(params) + cypher
        graph = self._graph_handle()

        def send() -> list[dict[str, Any]]:
            return records(graph, execute(graph, command, read_only=False, where=self._where))

        return send

    def _after_load(self) -> None:
        """Start an append-only-file rewrite so a restart loads a snapshot, not the queries."""
        connection = self._db.connection
        try:
            if connection.info("persistence").get("aof_enabled"):
                connection.bgrewriteaof()
        except redis.RedisError as exc:  # a rewrite already running is fine
            logger.debug("BGREWRITEAOF after load: %s", exc)

    def will_bulk(self, rows: int, bulk: bool | None = None) -> bool:
        """Whether :meth:`load` of ``rows`` rows with ``bulk`` takes the bulk path now."""
        if bulk is False or (bulk is None and rows < BULK_MIN_ROWS):
            return False
        return self._node_count() == 0 or bool(bulk)

    def load(
        self,
        nodes: Iterable[NodeRow],
        edges: Iterable[EdgeRow],
        *,
        source: str,
        replace: bool = False,
        progress: Progress | None = None,
        index: Mapping[str, Label] | None = None,
        bulk: bool | None = None,
        rows: int | None = None,
    ) -> LoadReport:
        """Load rows: ``GRAPH.BULK`` into an empty graph, else ``UNWIND … MERGE`` batches.

        ``bulk=None`` (default) bulk-loads when the graph is empty and the load
        has at least :data:`BULK_MIN_ROWS` rows; ``True`` always bulk-loads and
        refuses a graph that holds nodes; ``False`` never does. Both paths give
        the same graph (:mod:`ecograph.stores.falkordb.bulk`); incremental
        loads always merge. ``rows`` (e.g. a streaming read's count) decides
        without listing the rows, so they stream either way; ``index`` is
        :meth:`CypherStore.load`'s.
        """
        if bulk is False:
            return super().load(nodes, edges, source=source, replace=replace, progress=progress,
                                index=index)
        if rows is None:
            nodes, edges = list(nodes), list(edges)
            rows = len(nodes) + len(edges)
        if bulk is None and rows < BULK_MIN_ROWS:
            return super().load(nodes, edges, source=source, replace=replace, progress=progress,
                                index=index)
        started = time.perf_counter()
        with self._writer():
            if self._node_count() == 0:
                report = self._bulk(nodes, edges, source=source, progress=progress)
                self._after_load()
                return LoadReport(source, report.nodes, report.edges, report.commands, 0, 0,
                                  time.perf_counter() - started)
        if bulk:
            raise StoreError(f"a bulk load needs an empty graph; {self.graph_name!r} holds "
                             "nodes (clear the store, or load without --bulk)")
        return super().load(nodes, edges, source=source, replace=replace, progress=progress,
                            index=index)

    def _node_count(self) -> int:
        try:
            if self.graph_name not in self._db.list_graphs():
                return 0
        except redis.RedisError as exc:
            raise store_error(exc, self._where) from exc
        return int(self._read("MATCH (n) RETURN count(n) AS n", {})[0]["n"])

    def _bulk(self, nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], *, source: str,
              progress: Progress | None) -> BulkReport:
        from ecograph.stores.falkordb.bulk import send_bulk

        connection = self._db.connection
        try:
            connection.delete(self.graph_name)  # an empty graph's key (indexes only)
        except redis.RedisError as exc:
            raise store_error(exc, self._where) from exc
        self._schema_ready = False
        report = send_bulk(connection.execute_command, self.graph_name, nodes, edges,
                           source=source, progress=progress)
        self.ensure_schema()
        self._await_indexes()
        logger.info("bulk-loaded %s: %d nodes, %d edges in %d commands", source, report.nodes,
                    report.edges, report.commands)
        return report

    def _await_indexes(self, timeout: float = 600.0) -> None:
        """Wait until the indexes created on the bulk-loaded data are built.

        FalkorDB builds an index on existing nodes in the background; until it
        is ``OPERATIONAL`` the id look-ups of the next load scan, and
        ``db.indexes()`` lists the index once per state.
        """
        deadline = time.monotonic() + timeout
        delay = 0.02
        while True:
            rows = self._read("CALL db.indexes() YIELD status RETURN status", {})
            if all(r["status"] == "OPERATIONAL" for r in rows):
                return
            if time.monotonic() > deadline:
                logger.warning("indexes still being built after %.0f s: %s", timeout,
                               sorted({str(r["status"]) for r in rows}))
                return
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    def clear(self) -> None:
        """Drop the whole graph (data and indexes); the schema is recreated on the next load."""
        graph = self._graph_handle()
        with self._writer():
            try:
                if self.graph_name in self._db.list_graphs():
                    graph.delete()
            except redis.RedisError as exc:
                raise store_error(exc, self._where) from exc
        self._schema_ready = False

    def to_networkx(
        self,
        *,
        park: str | None = None,
        chain: str | None = None,
        rel_types: Iterable[str] | None = None,
        include_provenance: bool = False,
    ) -> nx.MultiDiGraph:
        """Project through the flat, prefetched reader of :mod:`.projection`."""
        from ecograph.stores.falkordb.projection import project_compact

        return project_compact(self._graph_handle(), self._read, park=park, chain=chain,
                               rel_types=rel_types, include_provenance=include_provenance,
                               where=self._where)

    def _project_ids(self, ids: list[str],
                     full: Collection[str] | None = None) -> nx.MultiDiGraph:
        """The park scope's subgraph, read compactly (:func:`.projection.project_ids`)."""
        from ecograph.stores.falkordb.projection import project_ids

        return project_ids(self._graph_handle(), ids, full, where=self._where)

    def iter_row_pages(self, page_size: int = 5_000) -> Iterator[tuple[list[NodeRow],
                                                                         list[EdgeRow]]]:
        """Yield the graph page by page: windows of ``page_size`` internal node ids."""
        from ecograph.stores.falkordb.row_pages import row_pages

        yield from row_pages(self._graph_handle(), where=self._where, window=page_size)

    def close(self) -> None:
        """Close the client's connections if this store owns the client (the server keeps
        running); a later statement reconnects."""
        if self._owns_client:
            try:
                self._db.connection.close()
            except redis.RedisError:
                logger.debug("error closing the FalkorDB connection", exc_info=True)
