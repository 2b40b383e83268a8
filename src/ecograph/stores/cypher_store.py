"""The part of a ``GraphStore`` both stores share: everything above the driver.

Subclasses supply three primitives — run a read, run a write (one statement,
one transaction), and their :class:`~ecograph.stores.dialect.Dialect` — and get
loading, stats, named queries, projection and row export.
"""

from __future__ import annotations

import contextlib
import logging
import time
from abc import abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from ecograph.errors import StoreError
from ecograph.stores.base import EdgeRow, GraphStore, LoadReport, NodeRow, Progress, StoreStats
from ecograph.stores.catalog import bind_params, get_query
from ecograph.stores.dialect import ROOT_LABELS, Dialect
from ecograph.stores.projection import project, read_rows
from ecograph.stores.writer import (
    Batch,
    Call,
    conflict_statement,
    edge_batches,
    foreign_statement,
    node_batches,
    write_batches,
)
from ecograph.vocab import Label

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CypherStore"]

logger = logging.getLogger(__name__)

_DELETE_CHUNK = 10_000


class CypherStore(GraphStore):
    """A :class:`~ecograph.stores.base.GraphStore` over a Cypher endpoint."""

    dialect: Dialect
    #: Encode load batches ahead (:meth:`_prepare_write`) while the previous one runs.
    pipeline_writes: bool = False

    def __init__(self, *, batch_size: int = 5000) -> None:
        if batch_size < 1:
            raise ValueError(f"batch size must be at least 1, got {batch_size}")
        self.batch_size = batch_size
        self._schema_ready = False

    @abstractmethod
    def _read(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run a read-only statement; return its records."""

    def _read_statement(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._read(cypher, params)

    @abstractmethod
    def _write(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one write statement atomically; return its records."""

    def _prepare_write(self, cypher: str, params: dict[str, Any]) -> Call:
        """Encode a write now and return the call that sends it.

        With ``pipeline_writes`` the load encodes batch *n + 1* with this while
        batch *n* runs on the server (see :func:`~ecograph.stores.writer.write_batches`).
        """
        return partial(self._write, cypher, params)

    def _after_load(self) -> None:
        """Hook run after a successful load (FalkorDB compacts its append-only file)."""

    def _writer(self) -> AbstractContextManager[None]:
        """Held around every load, replace and clear: one writer at a time (FalkorDB's
        embedded store locks its data folder; a server store relies on its own locks)."""
        return contextlib.nullcontext()

    def _index_batches(self, index: Mapping[str, Label]) -> Iterator[Batch]:
        """The ids of an id index (id → class) in batches by label group, for the checks."""
        from ecograph.mapping.rows import make_node

        rows = (make_node(node_id, label, {}) for node_id, label in index.items())
        return node_batches(rows, self.batch_size, source="")

    def _check_conflicts(self, batches: Iterable[Batch], source: str, replace: bool) -> None:
        """Refuse the load, before anything is written, when ids are stored with other labels.

        Two kinds: the same root label lacking some of the row's labels (an
        ``Enterprise`` loaded as a ``Fund``), and another root label (an
        organisation id stored as a park). With ``replace`` the nodes of
        ``source`` do not count: they are deleted first.
        """
        found: list[str] = []
        for batch in batches:
            ids = [row["id"] for row in batch.rows]
            labels = [Label(part) for part in batch.group.split(":")]
            statements = [foreign_statement(other, except_source=replace)
                          for other in ROOT_LABELS if other != labels[0]]
            same_root = conflict_statement(labels, except_source=replace)
            if same_root is not None:
                statements.append(same_root)
            for statement in statements:
                for record in self._read(statement, {"ids": ids, "source": source}):
                    found.append(f"{record['id']!r} stored as {':'.join(record['labels'])}, "
                                 f"loaded as {batch.group}")
                if len(found) >= 5:
                    break
        if found:
            raise StoreError(
                f"load of {source!r} refused, nothing written: ids already stored with other "
                f"labels ({'; '.join(found[:5])}); reload their source with --replace, "
                "or clear the store"
            )

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    # schema -----------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create the id/source indexes and constraints of the dialect (once)."""
        if self._schema_ready:
            return
        for statement in self.dialect.schema_statements():
            try:
                self._write(statement, {})
            except StoreError as exc:
                if not self.dialect.is_existing_schema_error(str(exc)):
                    raise
        self._schema_ready = True

    # writes -----------------------------------------------------------------
    def load(
        self,
        nodes: Iterable[NodeRow],
        edges: Iterable[EdgeRow],
        *,
        source: str,
        replace: bool = False,
        progress: Progress | None = None,
        index: Mapping[str, Label] | None = None,
    ) -> LoadReport:
        """Upsert ``nodes`` then ``edges`` in atomic batches of ``batch_size`` rows.

        The conflict checks (ids stored with other labels) run before anything
        is written: on ``index`` (node id → class, e.g. a streaming read's) when
        given, so ``nodes`` and ``edges`` stream; else on the node batches,
        which are then held.
        """
        started = time.perf_counter()
        with self._writer():
            self.ensure_schema()
            node_list: Iterable[Batch]
            if index is not None:
                self._check_conflicts(self._index_batches(index), source, replace)
                node_list = node_batches(nodes, self.batch_size, source=source)
            else:
                node_list = list(node_batches(nodes, self.batch_size, source=source))
                self._check_conflicts(node_list, source, replace)
            deleted_nodes = deleted_edges = 0
            if replace:
                deleted_nodes, deleted_edges = self.delete_source(source)
            prepare = self._prepare_write if self.pipeline_writes else None
            n_nodes, node_runs = write_batches(self._write, node_list, progress, prepare=prepare)
            n_edges, edge_runs = write_batches(
                self._write,
                edge_batches(edges, self.batch_size, source=source),
                progress,
                prepare=prepare,
            )
        report = LoadReport(
            source=source,
            nodes=n_nodes,
            edges=n_edges,
            batches=node_runs + edge_runs,
            deleted_nodes=deleted_nodes,
            deleted_edges=deleted_edges,
            seconds=time.perf_counter() - started,
        )
        self._after_load()
        logger.info(
            "loaded %s: %d nodes, %d edges in %d batches (%.1f s)",
            source,
            report.nodes,
            report.edges,
            report.batches,
            report.seconds,
        )
        return report

    def _delete_chunks(self, statement: str, params: dict[str, Any]) -> int:
        total = 0
        while True:
            records = self._write(statement, {**params, "limit": _DELETE_CHUNK})
            done = int(records[0]["n"]) if records else 0
            total += done
            if done < _DELETE_CHUNK:
                return total

    def delete_source(self, source: str) -> tuple[int, int]:
        """Delete every edge and node whose ``source`` is ``source``; return the counts."""
        edges = self._delete_chunks(
            "MATCH ()-[r]->() WHERE r.source = $source WITH r LIMIT $limit DELETE r "
            "RETURN count(*) AS n",
            {"source": source},
        )
        nodes = 0
        for root in ROOT_LABELS:
            nodes += self._delete_chunks(
                f"MATCH (n:{root.value}) WHERE n.source = $source WITH n LIMIT $limit "
                "DETACH DELETE n RETURN count(*) AS n",
                {"source": source},
            )
        logger.info("replace %s: deleted %d nodes and %d edges", source, nodes, edges)
        return nodes, edges

    def clear(self) -> None:
        """Delete every node and relationship."""
        with self._writer():
            self._delete_chunks(
                "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n", {}
            )

    # reads ------------------------------------------------------------------
    def stats(self) -> StoreStats:
        """Count nodes per label and relationships per type (sorted by name)."""
        labels = self._read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n", {})
        types = self._read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", {})
        return {
            "nodes": {r["label"]: int(r["n"]) for r in sorted(labels, key=lambda r: r["label"])},
            "relationships": {
                r["type"]: int(r["n"]) for r in sorted(types, key=lambda r: r["type"])
            },
        }

    def run(self, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run the named query ``name`` (read-only) with checked parameters."""
        query = get_query(name)
        return self._read(query.text, bind_params(query, params))

    def to_networkx(
        self,
        *,
        park: str | None = None,
        chain: str | None = None,
        rel_types: Iterable[str] | None = None,
        include_provenance: bool = False,
    ) -> nx.MultiDiGraph:
        """Project the store to a ``MultiDiGraph`` (see ``docs/design.md``)."""
        return project(self._read, park=park, chain=chain, rel_types=rel_types,
                       include_provenance=include_provenance)

    def _project_ids(self, ids: list[str],
                     full: Collection[str] | None = None) -> nx.MultiDiGraph:
        from ecograph.stores.park_scope import read_subgraph

        return read_subgraph(self._read, ids, full)

    def iter_rows(self) -> tuple[list[NodeRow], list[EdgeRow]]:
        """Return all nodes and edges as property-graph rows."""
        nodes, edges = read_rows(self._read)
        return cast(list[NodeRow], nodes), cast(list[EdgeRow], edges)

