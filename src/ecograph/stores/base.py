"""The ``GraphStore`` contract, load reports and the row shapes stores consume.

Rows are the property-graph rows of ``ecograph.mapping.rows`` (``NodeRow``,
``EdgeRow``), as ``docs/design.md`` describes them. Every store implements all
of :class:`GraphStore`; :class:`~ecograph.stores.cypher_store.CypherStore`
implements it once for both Cypher stores.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ecograph.mapping.rows import EdgeRow, NodeRow

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EdgeRow",
    "GraphStore",
    "LoadReport",
    "NodeRow",
    "Progress",
    "StoreStats",
]

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


class GraphStore(ABC):
    """A property-graph store holding the ecograph graph.

    Implementations: ``FalkorDBStore`` (embedded, default) and ``Neo4jStore``,
    both through :class:`~ecograph.stores.cypher_store.CypherStore`. Get one
    with :func:`ecograph.stores.open_store`; it is a context manager.
    """

    @abstractmethod
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

    @abstractmethod
    def stats(self) -> StoreStats:
        """Count nodes per label and relationships per type."""

    @abstractmethod
    def run(self, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run the named, read-only query ``name`` from ``queries/``."""

    @abstractmethod
    def to_networkx(
        self,
        *,
        park: str | None = None,
        chain: str | None = None,
        rel_types: Iterable[str] | None = None,
        include_provenance: bool = False,
    ) -> nx.MultiDiGraph:
        """Project the store (or a park / chain / relation-type slice) to NetworkX.

        Provenance (``source``, ``loaded_at``) is left out unless asked for.
        """

    def park_graph(
        self,
        park: str,
        *,
        chain: str | None = None,
        as_of: date | None = None,
        max_distance: int | None = None,
        candidates: bool = True,
        top_candidates: int = 5,
    ) -> nx.MultiDiGraph:
        """Project only what one park's analyses read (:mod:`ecograph.stores.park_scope`).

        The analyses give the same results on it as on :meth:`to_networkx`;
        ``as_of``, ``max_distance`` and ``top_candidates`` must be those the
        chain analysis will use (it refuses a graph scoped otherwise).
        ``candidates`` False leaves out what only the chain analysis reads
        (the chains' region-wide counts and the 招商 candidates).
        """
        from ecograph.stores.park_scope import park_graph

        return park_graph(self.run, self._project_ids, park, read=self._read_statement,
                          chain=chain, as_of=as_of, max_distance=max_distance,
                          candidates=candidates, top_candidates=top_candidates)

    def _project_ids(self, ids: list[str],
                     full: Collection[str] | None = None) -> nx.MultiDiGraph:
        """Project the nodes ``ids`` and their edges among them (every one for ``full``)."""
        raise NotImplementedError(f"{type(self).__name__} cannot project a park scope")

    def _read_statement(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one read-only Cypher statement (the park scope's additions)."""
        raise NotImplementedError(f"{type(self).__name__} cannot read Cypher")

    @abstractmethod
    def iter_rows(self) -> tuple[list[NodeRow], list[EdgeRow]]:
        """Return every node and edge back in row form (for RDF export)."""

    def iter_row_pages(self, page_size: int = 20_000) -> Iterator[tuple[list[NodeRow],
                                                                         list[EdgeRow]]]:
        """Yield every node and edge as pages of rows (for a streamed RDF export).

        This default reads all rows at once and cuts them into pages; FalkorDB
        reads page by page, so memory holds one page.
        """
        nodes, edges = self.iter_rows()
        for start in range(0, len(nodes), page_size):
            yield nodes[start:start + page_size], []
        for start in range(0, len(edges), page_size):
            yield [], edges[start:start + page_size]

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship of the graph."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (the embedded server keeps running)."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
