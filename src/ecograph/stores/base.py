"""The ``GraphStore`` protocol, load reports and the row shapes stores consume.

Rows are the property-graph rows of ``docs/design.md``: plain mappings with
``id`` / ``label`` / ``labels`` / ``props`` (nodes) and ``key`` / ``type`` /
``source`` / ``source_label`` / ``target`` / ``target_label`` / ``props``
(edges). Stores take them as produced by ``ecograph.mapping``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import networkx as nx

__all__ = [
    "EdgeRow",
    "GraphStore",
    "LoadReport",
    "NodeRow",
    "Progress",
    "StoreStats",
]

#: A node row: ``{"id", "label", "labels", "props"}``.
NodeRow = Mapping[str, Any]
#: An edge row: ``{"key", "type", "source", "source_label", "target", "target_label", "props"}``.
EdgeRow = Mapping[str, Any]
#: Progress callback: called with the number of rows just written.
Progress = Callable[[int], None]
#: ``{"nodes": {label: n}, "relationships": {type: n}}``.
StoreStats = dict[str, dict[str, int]]


@dataclass(frozen=True)
class LoadReport:
    """What one ``GraphStore.load`` call wrote.

    Examples
    --------
    >>> r = LoadReport(source="demo", nodes=3, edges=2, batches=2, deleted_nodes=0,
    ...                deleted_edges=0, seconds=0.5)
    >>> r.rows, r.rows_per_second
    (5, 10.0)
    """

    source: str
    nodes: int
    edges: int
    batches: int
    deleted_nodes: int
    deleted_edges: int
    seconds: float

    @property
    def rows(self) -> int:
        """Node rows plus edge rows written."""
        return self.nodes + self.edges

    @property
    def rows_per_second(self) -> float:
        """Write throughput of the load (0 when it took no measurable time)."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0


@runtime_checkable
class GraphStore(Protocol):
    """A property-graph store holding the ecograph graph.

    Implementations: ``FalkorDBStore`` (embedded, default) and ``Neo4jStore``.
    Get one with :func:`ecograph.stores.open_store`.
    """

    def load(
        self,
        nodes: Iterable[NodeRow],
        edges: Iterable[EdgeRow],
        *,
        source: str,
        replace: bool = False,
        progress: Progress | None = None,
    ) -> LoadReport:
        """Upsert rows in atomic batches; ``replace`` first deletes what ``source`` loaded."""
        ...

    def stats(self) -> StoreStats:
        """Count nodes per label and relationships per type."""
        ...

    def run(self, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run the named, read-only query ``name`` from ``queries/``."""
        ...

    def to_networkx(
        self,
        *,
        park: str | None = None,
        chain: str | None = None,
        rel_types: Iterable[str] | None = None,
    ) -> nx.MultiDiGraph:
        """Project the store (or a park / chain / relation-type slice) to NetworkX."""
        ...

    def iter_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Return every node and edge back in row form (for RDF export)."""
        ...

    def clear(self) -> None:
        """Delete every node and relationship of the graph."""
        ...

    def close(self) -> None:
        """Release the connection (the embedded server keeps running)."""
        ...
