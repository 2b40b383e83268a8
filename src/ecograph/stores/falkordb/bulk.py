"""Bulk initial load into an empty FalkorDB graph with ``GRAPH.BULK``.

The protocol is the one of FalkorDB's bulk loader (PyPI
``falkordb-bulk-loader``), written here directly from rows instead of CSV
files: ``GRAPH.BULK graph [BEGIN] nodes edges label_blobs type_blobs
blob…``. A label blob is the label set (``A:B``, NUL-terminated), the number of
property keys (``uint32``), the keys (NUL-terminated), then one record per
node: each property as a type byte and its value (0 null, 1 bool, 2 double,
3 NUL-terminated UTF-8 string, 4 ``int64``, 5 array: ``int64`` length and the
elements). A type blob is the same header and one record per edge: the
source's and the target's internal ids (``uint64``, nodes numbered from 0 in
the order they were sent) and its properties. ``BEGIN`` (first command only)
creates the graph, which must not exist.

The graph built is the one ``UNWIND … MERGE`` builds from the same rows
(:mod:`ecograph.stores.writer`): nodes carry their label group (root label
first) and ``id`` plus their props, edges ``key`` plus theirs, rows with the
same id (key) are merged while buffered (later props win), edges with an end
that is not loaded are skipped and counted; the caller creates the indexes
after. Rows stream: nodes first, then edges (see :func:`send_bulk`).
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ecograph.errors import InputError, StoreError
from ecograph.mapping.rows import EdgeRow, NodeRow
from ecograph.stores.writer import _edge_key, _node_key

__all__ = ["BulkReport", "encode_value", "node_blob", "send_bulk"]

logger = logging.getLogger(__name__)

#: Bytes of blobs per ``GRAPH.BULK`` command (Redis takes up to 512 MiB per argument).
COMMAND_BYTES = 64 * 2**20

_LONG = struct.Struct("=Bq")
_DOUBLE = struct.Struct("=Bd")
_ENDS = struct.Struct("=QQ")
_COUNT = struct.Struct("=I")
_NULL = b"\x00"
_TRUE, _FALSE = b"\x01\x01", b"\x01\x00"


@dataclass(frozen=True)
class BulkReport:
    """What one bulk load sent: nodes, edges, skipped edges and commands."""

    nodes: int
    edges: int
    skipped_edges: int
    commands: int


def encode_value(value: Any) -> bytes:
    """Encode one property value (None: null) for a bulk record.

    Examples
    --------
    >>> encode_value("甲"), encode_value(7)[:1], encode_value(True), encode_value(None)
    (b'\\x03\\xe7\\x94\\xb2\\x00', b'\\x04', b'\\x01\\x01', b'\\x00')
    >>> encode_value(["a", "b"])
    b'\\x05\\x02\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x03a\\x00\\x03b\\x00'
    """
    if type(value) is str:
        if "\x00" in value:
            raise InputError(f"a bulk load cannot write a NUL in a string: {value!r}")
        return b"\x03" + value.encode() + b"\x00"
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return _TRUE if value else _FALSE
    if isinstance(value, int):
        return _LONG.pack(4, value)
    if isinstance(value, float):
        return _DOUBLE.pack(2, value)
    if isinstance(value, list | tuple):
        return _LONG.pack(5, len(value)) + b"".join(encode_value(v) for v in value)
    return encode_value(str(value))


def _header(name: str, keys: tuple[str, ...]) -> bytes:
    return b"".join([name.encode() + b"\x00", _COUNT.pack(len(keys)),
                     *(key.encode() + b"\x00" for key in keys)])


def _encoder(keys: tuple[str, ...], defaults: dict[str, Any],
             ) -> Callable[[list[bytes], dict[str, Any]], None]:
    """Return a function appending one record's values for ``keys`` to a list of parts.

    A value missing (or None) is the key's default, else null. Strings are
    encoded once per blob (provenance, kinds and dates repeat on every row).

    Examples
    --------
    >>> parts: list[bytes] = []
    >>> add = _encoder(("name", "source", "size"), {"source": "s"})
    >>> add(parts, {"name": "甲", "size": 3})
    >>> b"".join(parts) == (encode_value("甲") + encode_value("s") + encode_value(3))
    True
    """
    fallback = tuple(encode_value(defaults.get(key)) for key in keys)
    pairs = tuple(zip(keys, fallback, strict=True))
    memo: dict[str, bytes] = {}
    remember = memo.get

    def add(parts: list[bytes], props: dict[str, Any]) -> None:
        get, append = props.get, parts.append
        for key, default in pairs:
            value = get(key)
            if value is None:
                append(default)
            elif type(value) is str:
                done = remember(value)
                if done is None:
                    done = memo[value] = encode_value(value)
                append(done)
            else:
                append(encode_value(value))

    return add


def _text(value: str) -> bytes:
    """Encode a string (an id or a key) without the memo of :func:`_encoder`."""
    if "\x00" in value:
        return encode_value(value)  # raises
    return b"\x03" + value.encode() + b"\x00"


def node_blob(group: str, keys: tuple[str, ...], records: Iterable[bytes]) -> bytes:
    """Return a label blob: header of ``group`` (``A:B``) and ``keys``, then the records.

    Examples
    --------
    >>> node_blob("Park", ("id",), [encode_value("P1")])
    b'Park\\x00\\x01\\x00\\x00\\x00id\\x00\\x03P1\\x00'
    """
    return _header(group, keys) + b"".join(records)


class _Sender:
    """Cuts blobs into ``GRAPH.BULK`` commands of about :data:`COMMAND_BYTES` and sends them.

    A command is sent by a thread while the next one is encoded (the server
    builds its part of the graph meanwhile, on the other core); at most one
    is in flight. :meth:`close` sends the last one and waits for it.
    """

    def __init__(self, send: Callable[..., Any], graph_name: str) -> None:
        self.send, self.graph_name = send, graph_name
        self.commands = 0
        self.labels: list[bytes] = []
        self.types: list[bytes] = []
        self.nodes = self.edges = self.size = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-bulk")
        self._in_flight: Future[None] | None = None

    def add(self, blob: bytes, count: int, *, node: bool) -> None:
        (self.labels if node else self.types).append(blob)
        if node:
            self.nodes += count
        else:
            self.edges += count
        self.size += len(blob)
        if self.size >= COMMAND_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.labels and not self.types:
            return
        args: list[Any] = ["BEGIN"] if self.commands == 0 else []
        args += [self.nodes, self.edges, len(self.labels), len(self.types),
                 *self.labels, *self.types]
        self.wait()
        self.commands += 1
        self._in_flight = self._pool.submit(self._send, self.commands, args)
        self.labels, self.types = [], []
        self.nodes = self.edges = self.size = 0

    def _send(self, number: int, args: list[Any]) -> None:
        try:
            self.send("GRAPH.BULK", self.graph_name, *args)
        except Exception as exc:
            raise StoreError(f"GRAPH.BULK command {number} of the bulk load "
                             f"failed: {exc}") from exc

    def wait(self) -> None:
        """Wait for the command in flight; raise its error."""
        if self._in_flight is not None:
            done, self._in_flight = self._in_flight, None
            done.result()

    def close(self) -> None:
        """Send what is buffered and wait for it."""
        self.flush()
        self.wait()

    def __enter__(self) -> _Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True)  # after an error too: no command left in flight


def send_bulk(send: Callable[..., Any], graph_name: str, nodes: Iterable[NodeRow],
              edges: Iterable[EdgeRow], *, source: str, loaded_at: str | None = None,
              progress: Callable[[int], None] | None = None,
              chunk: int = 50_000) -> BulkReport:
    """Build the graph ``graph_name`` (which must not exist) from streamed rows in bulk.

    Nodes are read first, then edges; each label group (relationship type)
    is buffered up to ``chunk`` rows, encoded as one blob and sent in commands
    of about :data:`COMMAND_BYTES`. Memory holds one chunk per group and the
    map from node id to internal id (nodes are numbered in the order sent).
    Rows repeating an id (key) are merged while their chunk is buffered; a
    repeat of a row already sent is skipped and counted (a streaming read
    sends each id and key once).

    Parameters
    ----------
    send
        Runs one Redis command (``redis.Redis.execute_command``).
    graph_name
        The graph (key) to create.
    nodes, edges
        The rows, as :meth:`~ecograph.stores.base.GraphStore.load` takes them
        (any iterables; ``edges`` is read only after ``nodes`` is exhausted).
    source, loaded_at
        Provenance for rows that carry none (as the MERGE writer adds it).
    progress
        Called with the number of rows just sent.
    chunk
        Rows per blob.
    """
    stamp = loaded_at or datetime.now(UTC).replace(microsecond=0).isoformat()
    defaults = {"source": source, "loaded_at": stamp}  # as the MERGE writer's setdefault
    with _Sender(send, graph_name) as sender:
        internal: dict[str, int] = {}
        late = 0
        groups: dict[str, dict[str, dict[str, Any]]] = {}  # group → id → props (one chunk)

        def flush_nodes(group: str) -> None:
            members = groups.pop(group)
            keys = tuple(["id", *sorted({k for props in members.values() for k in props}
                                        | set(defaults) - {"id"})])
            parts = [_header(group, keys)]
            add, append = _encoder(keys[1:], defaults), parts.append
            number = len(internal)
            for node_id, props in members.items():
                internal[node_id] = number
                number += 1
                append(_text(node_id))
                add(parts, props)
            sender.add(b"".join(parts), len(members), node=True)
            if progress is not None:
                progress(len(members))

        group_of: dict[tuple[Any, tuple[Any, ...]], str] = {}
        for row in nodes:
            labels = (row["label"], tuple(row.get("labels") or ()))
            group = group_of.get(labels)
            if group is None:
                key = _node_key(str(labels[0]), labels[1])
                group = group_of[labels] = ":".join(label.value for label in key)
            node_id, props = str(row["id"]), row.get("props") or {}
            if node_id in internal:
                late += 1
                continue
            members = groups.setdefault(group, {})
            old = members.get(node_id)
            members[node_id] = props if old is None else {**old, **props}
            if len(members) >= chunk:
                flush_nodes(group)
        for group in list(groups):
            flush_nodes(group)
        sent = skipped = 0
        types: dict[str, dict[str, tuple[int, int, dict[str, Any]]]] = {}  # type → key → edge

        def flush_edges(rel_type: str) -> int:
            members_e = types.pop(rel_type)
            keys = tuple(["key", *sorted({k for *_, props in members_e.values() for k in props}
                                         | set(defaults) - {"key"})])
            parts = [_header(rel_type, keys)]
            add, append, ends = _encoder(keys[1:], defaults), parts.append, _ENDS.pack
            for key, (a, b, props) in members_e.items():
                append(ends(a, b))
                append(_text(key))
                add(parts, props)
            sender.add(b"".join(parts), len(members_e), node=False)
            if progress is not None:
                progress(len(members_e))
            return len(members_e)

        type_of: dict[tuple[Any, Any, Any], str] = {}
        for edge in edges:
            ends = (edge["type"], edge["source_label"], edge["target_label"])
            rel_type = type_of.get(ends)
            if rel_type is None:
                rel_type = type_of[ends] = _edge_key(str(ends[0]), str(ends[1]),
                                                     str(ends[2]))[0].value
            a, b = internal.get(str(edge["source"])), internal.get(str(edge["target"]))
            if a is None or b is None:
                skipped += 1
                continue
            edge_props, edge_key = edge.get("props") or {}, str(edge["key"])
            members_e = types.setdefault(rel_type, {})
            old_e = members_e.get(edge_key)
            if old_e is not None and old_e[:2] == (a, b):
                members_e[edge_key] = (a, b, {**old_e[2], **edge_props})
                continue
            members_e[edge_key] = (a, b, edge_props)
            if len(members_e) >= chunk:
                sent += flush_edges(rel_type)
        for rel_type in list(types):
            sent += flush_edges(rel_type)
        sender.close()
    if skipped:
        logger.warning("bulk load: %d edges skipped (an end is not in the load)", skipped)
    if late:
        logger.warning("bulk load: %d node rows skipped (their id was already sent)", late)
    return BulkReport(len(internal), sent, skipped, sender.commands)
