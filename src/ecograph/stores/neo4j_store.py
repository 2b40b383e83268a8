"""``GraphStore`` on Neo4j 5 / Aura through the official ``neo4j`` driver (Bolt).

Writes and reads go through the driver's managed transactions
(``execute_write`` / ``execute_read``), which retry transient errors; one
batch is one transaction. Schema DDL runs as auto-commit statements.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, cast

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from ecograph.errors import StoreError, StoreUnavailableError
from ecograph.mapping.rows import EdgeRow, NodeRow
from ecograph.stores.cypher_store import CypherStore
from ecograph.stores.dialect import NEO4J, ROOT_LABELS
from ecograph.stores.projection import edge_row, node_row

__all__ = ["Neo4jStore"]

logger = logging.getLogger(__name__)

# Keyset pages on the id constraint's index of each root label (no SKIP: a page
# starts where the last ended), then the edges leaving that page's nodes.
_PAGE_NODES = ("MATCH (n:{root}) WHERE n.id > $after "
               "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props "
               "ORDER BY n.id LIMIT $limit")
_PAGE_EDGES = ("MATCH (a:{root})-[r]->(b) WHERE a.id IN $ids "
               "RETURN r.key AS key, type(r) AS type, a.id AS source, b.id AS target, "
               "labels(b) AS target_labels, properties(r) AS props")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (neo4j.graph.Node, neo4j.graph.Relationship)):
        return _plain(dict(value))
    return value


def _records(
    tx: neo4j.ManagedTransaction, cypher: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    result = tx.run(cypher, params)
    return [_plain(record.data()) for record in result]


class Neo4jStore(CypherStore):
    """The ecograph graph in one Neo4j database.

    Parameters
    ----------
    driver
        An open ``neo4j.Driver`` (one per process, created at the edge).
    database
        Database name (``neo4j`` by default; ``None`` lets the server choose).
    batch_size
        Rows per write transaction.
    owns_driver
        Close the driver in :meth:`close`.
    """

    dialect = NEO4J

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str | None = "neo4j",
        *,
        batch_size: int = 5000,
        owns_driver: bool = False,
    ) -> None:
        super().__init__(batch_size=batch_size)
        self._driver = driver
        self.database = database
        self._owns_driver = owns_driver

    @classmethod
    def connect(
        cls,
        uri: str,
        *,
        user: str,
        password: str,
        database: str | None = "neo4j",
        batch_size: int = 5000,
    ) -> Neo4jStore:
        """Create the driver for ``uri`` (it connects lazily) and a store owning it.

        Server notifications are switched off: Neo4j warns (``01N50``) about
        every label a statement names before any node carries it, which the
        writer's label-conflict checks and the named queries do on a young
        graph; FalkorDB has no such notifications.
        """
        auth = (user, password) if password else None
        driver = GraphDatabase.driver(
            uri, auth=auth, notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF
        )
        return cls(driver, database, batch_size=batch_size, owns_driver=True)

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self.database)

    def _call(
        self, cypher: str, params: dict[str, Any], *, read_only: bool
    ) -> list[dict[str, Any]]:
        try:
            with self._session() as session:
                if read_only:
                    return session.execute_read(_records, cypher, params)
                return session.execute_write(_records, cypher, params)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j is not reachable: {exc}") from exc
        except (Neo4jError, DriverError) as exc:
            raise StoreError(f"Neo4j rejected the statement: {exc}") from exc

    def _read(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._call(cypher, params, read_only=True)

    def _write(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._call(cypher, params, read_only=False)

    def iter_row_pages(self, page_size: int = 20_000) -> Iterator[tuple[list[NodeRow],
                                                                         list[EdgeRow]]]:
        """Yield the graph page by page: ``page_size`` nodes of one root label (in id
        order, keyset-paged on the id index) and the edges leaving them.

        Memory holds one page, whatever the graph's size; every node and edge
        comes once (an edge with the page of its source).
        """
        if page_size < 1:
            raise ValueError(f"page size must be at least 1, got {page_size}")
        for root in ROOT_LABELS:
            after = ""
            while True:
                records = self._read(_PAGE_NODES.format(root=root.value),
                                     {"after": after, "limit": page_size})
                if not records:
                    break
                nodes = [cast(NodeRow, node_row(record)) for record in records]
                roots = {row["id"]: row["labels"][0] for row in nodes}
                edges: list[EdgeRow] = []
                for record in self._read(_PAGE_EDGES.format(root=root.value),
                                         {"ids": list(roots)}):
                    record["source_labels"] = [roots[record["source"]]]
                    edges.append(cast(EdgeRow, edge_row(record)))
                yield nodes, edges
                if len(records) < page_size:
                    break
                after = records[-1]["id"]

    def ensure_schema(self) -> None:
        """Create uniqueness constraints and indexes (auto-commit, ``IF NOT EXISTS``)."""
        if self._schema_ready:
            return
        try:
            with self._session() as session:
                for statement in self.dialect.schema_statements():
                    session.run(statement).consume()
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j is not reachable: {exc}") from exc
        except (Neo4jError, DriverError) as exc:
            raise StoreError(f"cannot create the Neo4j schema: {exc}") from exc
        self._schema_ready = True

    def clear(self) -> None:
        """Delete every relationship, then every node, a chunk per transaction.

        Neo4j caps the memory of one transaction (``dbms.memory.transaction.total.max``,
        about 70 % of the heap): ``DETACH DELETE`` of a chunk of nodes deletes all their
        relationships in the same transaction, and a park holds tens of thousands
        (at 100k organisations, 20,000 nodes a transaction failed with
        ``MemoryPoolOutOfMemoryError`` on a 512 MB heap). Relationships go first, in
        chunks of their own; FalkorDB has no such cap.
        """
        with self._writer():
            self._delete_chunks(
                "MATCH ()-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS n", {})
            self._delete_chunks(
                "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n", {})

    def close(self) -> None:
        """Close the driver if this store created it."""
        if self._owns_driver:
            self._driver.close()
