"""Read a FalkorDB graph back as pages of rows, for a streamed RDF export.

The graph is walked in windows of internal node ids (``id(n) >= $lo AND
id(n) < $hi``, which FalkorDB answers with a ``NodeByIdSeek``, no scan): each
page holds the nodes of one window and the edges leaving them, so a page is
bounded by the window and the out-degrees, never by the graph. The next
window is read by a worker thread (on its own pooled connection) while the
caller turns the current page into RDF.

Edges are read one relationship type at a time as scalar columns (both end
ids, ``r.key`` and one column per property key that type's edges hold, found
by one ``DISTINCT type(r), keys(r)`` scan first): a ``properties(r)`` map
costs the server and the client about twice as many cells. The target's root
label comes from :data:`ecograph.vocab.REL_RANGE` when the range has one root
(the loader checks ranges), else from ``head(labels(b))``; the source's from
the window's node rows. Rows have the shapes of
:func:`ecograph.stores.projection.node_row` and
:func:`~ecograph.stores.projection.edge_row`, provenance kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ecograph.errors import StoreDataError
from ecograph.mapping.rows import EdgeRow, NodeRow
from ecograph.stores.falkordb import codec
from ecograph.stores.falkordb.codec import decode, execute
from ecograph.stores.falkordb.params import encode_params
from ecograph.stores.projection import node_labels
from ecograph.vocab import REL_RANGE, Label, RelType, base_label

__all__ = ["MAX_ID", "NODES", "Page", "edge_statement", "row_pages"]

#: One page: node rows of a window and the edge rows leaving them.
Page = tuple[list[NodeRow], list[EdgeRow]]

MAX_ID = "MATCH (n) RETURN max(id(n))"
NODES = ("MATCH (n) WHERE id(n) >= $lo AND id(n) < $hi "
         "RETURN n.id, labels(n), properties(n)")
_KEYS = "MATCH ()-[r]->() RETURN DISTINCT type(r), keys(r)"


@dataclass(frozen=True)
class _EdgeRead:
    rel_type: str
    columns: tuple[str, ...]
    target_root: str | None  # None: read from the store
    cypher: str


def edge_statement(rel_type: RelType, columns: tuple[str, ...], *, target_label: bool) -> str:
    """Return the window's edge read for one type and its property ``columns``.

    Examples
    --------
    >>> edge_statement(RelType.IN_SEGMENT, ("primary",), target_label=False)
    ... # doctest: +NORMALIZE_WHITESPACE
    'MATCH (a) WHERE id(a) >= $lo AND id(a) < $hi MATCH (a)-[r:IN_SEGMENT]->(b)
     RETURN a.id, b.id, r.key, r.primary'
    """
    for name in columns:
        if not name.isidentifier():
            raise StoreDataError(f"the store holds an edge property key that is no name: {name!r}")
    label = ", head(labels(b))" if target_label else ""
    attrs = "".join(f", r.{name}" for name in columns)
    return (f"MATCH (a) WHERE id(a) >= $lo AND id(a) < $hi MATCH (a)-[r:{rel_type.value}]->(b) "
            f"RETURN a.id, b.id, r.key{attrs}{label}")


def _target_root(rel_type: RelType) -> str | None:
    roots = {base_label(label).value for label in REL_RANGE.get(rel_type, ())}
    return roots.pop() if len(roots) == 1 else None


@lru_cache(maxsize=1024)
def _root_of(label: str) -> str:
    return base_label(Label(label)).value


def _props(kind: int, value: Any) -> dict[str, Any]:
    found = decode(kind, value)
    found.pop("id", None)
    return dict(found)


def _nodes(reply: Any) -> list[NodeRow]:
    nodes: list[NodeRow] = []
    for (_, node_id), (_, labels), (kind, props) in codec.rows(reply):
        label, all_labels = node_labels(tuple(item for _, item in labels))
        nodes.append({"id": node_id, "label": label, "labels": list(all_labels),
                      "props": _props(kind, props)})
    return nodes


def _edges(read: _EdgeRead, reply: Any, roots: dict[str, str], out: list[EdgeRow]) -> None:
    columns, rel, fixed = read.columns, read.rel_type, read.target_root
    width = 3 + len(columns)
    for row in codec.rows(reply):
        props: dict[str, Any] = {}
        for name, (kind, value) in zip(columns, row[3:width], strict=True):
            if kind == 2:
                props[name] = value
            elif kind != 1:
                props[name] = decode(kind, value)
        source = row[0][1]
        out.append({"key": row[2][1], "type": rel, "source": source,
                    "source_label": roots[source], "target": row[1][1],
                    "target_label": fixed if fixed is not None else _root_of(row[width][1]),
                    "props": props})


def row_pages(graph: Any, *, where: str, window: int = 5_000) -> Iterator[Page]:
    """Yield the graph as pages of ``window`` internal node ids (nodes, then their out-edges).

    Parameters
    ----------
    graph
        The ``falkordb`` client's graph handle (its pool serves the worker too).
    where
        The server's address, for error messages.
    window
        Internal node ids per page.
    """
    def run(cypher: str, params: dict[str, Any]) -> Any:
        return execute(graph, encode_params(params) + cypher, read_only=True, where=where)

    top_rows = codec.rows(run(MAX_ID, {}))
    if not top_rows or top_rows[0][0][1] is None:
        return
    last = int(top_rows[0][0][1])
    keys: dict[str, set[str]] = {}
    for (_, rel), (_, names) in codec.rows(run(_KEYS, {})):
        keys.setdefault(str(rel), set()).update(str(name) for _, name in names)
    reads = []
    for rel_name in sorted(keys):
        rel_type = RelType(rel_name)
        columns = tuple(sorted(keys[rel_name] - {"key"}))
        root = _target_root(rel_type)
        reads.append(_EdgeRead(rel_type.value, columns, root,
                               edge_statement(rel_type, columns, target_label=root is None)))

    def read(lo: int) -> Callable[[], Page]:
        params = {"lo": lo, "hi": lo + window}
        node_reply = run(NODES, params)
        edge_replies = [(r, run(r.cypher, params)) for r in reads]

        def decoded() -> Page:
            nodes = _nodes(node_reply)
            roots = {row["id"]: row["labels"][0] for row in nodes}
            edges: list[EdgeRow] = []
            for edge_read, reply in edge_replies:
                _edges(edge_read, reply, roots, edges)
            return nodes, edges

        return decoded

    starts = range(0, last + 1, window)
    with ThreadPoolExecutor(1, thread_name_prefix="ecograph-export") as pool:
        pending = pool.submit(read, starts[0])
        for index in range(len(starts)):
            ready = pending.result()
            if index + 1 < len(starts):
                pending = pool.submit(read, starts[index + 1])
            yield ready()
