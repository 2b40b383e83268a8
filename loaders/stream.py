"""Streaming read of data packages: a compact id index first, then rows in batches.

:func:`stream_sources` reads the same sources as
:func:`~ecograph.loaders.read_sources` and gives the same accepted rows and
the same rejects (file, line, column, reason), without holding the package:

1. **Index** (on construction): the chain maps, every node table and the
   tables that create nodes on demand (``qualifications.csv``) are checked
   and registered as in phase 1 of :class:`~ecograph.loaders.assemble.Assembler`,
   keeping per id only its class and where it came from. Node rows of the big
   tables (organisations and the data model v2 observations and events) are
   not kept; the few others (chains, parks, segments, industries, chain maps,
   RDF files) are. The v2 rows that cannot load whole are rejected here, and a
   qualification no accepted row holds is dropped.
2. **Nodes** (:meth:`StreamRead.nodes`): the big tables are read again and
   their accepted rows stream out; ids given by several rows are merged.
3. **Edges** (:meth:`StreamRead.edges`): the references of the node rows
   (those of the big tables pickled to a temporary file by pass 2, the
   others read again), then the edge tables; each edge is resolved
   against the index as it comes. Repeated keys (merged onto the first edge),
   the bound on parallel relations and ``feeds`` cycles keep their meaning
   with :class:`~ecograph.loaders.keybook.SeenKeys` (16 bytes a relationship)
   and the (few) ``feeds`` edges held to the end. The row checks of a big
   edge table (a CSV file of :data:`WORKER_BYTES` or more) run in a worker
   process (:mod:`ecograph.loaders.prefetch`) while this one resolves them.

RDF inputs are read whole (pyoxigraph parses a file at once); their rows are
kept like the small tables'. A key seen again is written again (``MERGE``
merges its props onto the first edge, as ``read_sources`` does) unless the
read is ``unique_edges`` (bulk loads: the first one is kept).
"""

from __future__ import annotations

import logging
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from ecograph.errors import InputError
from ecograph.loaders.assemble import (
    _REL_NAME,
    MAX_PARALLEL_EDGES,
    Assembler,
    _Pending,
)
from ecograph.loaders.chain_maps import add_chain_maps
from ecograph.loaders.keybook import SeenKeys
from ecograph.loaders.prefetch import checked_edges
from ecograph.loaders.rdf_files import RDF_SUFFIXES, add_rdf_file
from ecograph.loaders.tabular import TableStream, is_package, iter_tables
from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue, edge_key, make_node
from ecograph.mapping.tables import TableMapping
from ecograph.validation.reject import Reject
from ecograph.validation.shapes import load_shapes
from ecograph.validation.tabular import RowError, TableChecker
from ecograph.vocab import Label, RelType

__all__ = ["BIG_TABLES", "StreamRead", "stream_sources"]

log = logging.getLogger(__name__)

#: Tables whose node rows are not held by the index pass (they are read again).
BIG_TABLES = frozenset({"organizations", "org_stats", "collaborations", "park_stats"})
#: Derived edges per pickled chunk of a big table's references.
_SPILL_ROWS = 20_000
#: Edge tables (CSV files) from this size on are checked by a worker process (when
#: ``workers`` is None): below it, starting one costs more than it saves.
WORKER_BYTES = 8 * 2**20
_REL_TYPES: dict[str, RelType] = {rel.value: rel for rel in RelType}
#: Rows per tick of the read progress.
_TICK = 4096

Tick = Callable[[int], None]


def _quiet(_reject: Reject) -> None:
    """Drop a record-level reject already reported by the index pass."""


def _ticking(records: Iterator[tuple[int, Sequence[str]]],
             tick: Tick | None) -> Iterator[tuple[int, Sequence[str]]]:
    if tick is None:
        yield from records
        return
    count = 0
    for record in records:
        count += 1
        if count == _TICK:
            tick(count)
            count = 0
        yield record
    if count:
        tick(count)


class _Queue(list[_Pending]):
    """Pass 1's edge queue: keeps RDF and chain-map edges, witnesses on-demand targets."""

    def __init__(self, owner: _StreamAssembler) -> None:
        super().__init__()
        self.owner = owner
        self.keep = False
        self.derived = 0

    def append(self, item: _Pending) -> None:
        self.derived += 1
        if self.keep:
            super().append(item)
        if item[2] in self.owner._on_demand:
            self.owner._witness(item)

    def extend(self, items: Iterable[_Pending]) -> None:
        for item in items:
            self.append(item)


class _StreamAssembler(Assembler):
    """An :class:`Assembler` holding ids, not rows, for the big tables."""

    def __init__(self, loaded_at: str) -> None:
        super().__init__(load_shapes(), loaded_at)
        self.queue = _Queue(self)
        self.pending = self.queue
        self.big = False  # reading a table of BIG_TABLES
        self._slim = False  # registering the row's own node of such a table
        self.muted = False
        self.repeated: set[str] = set()
        self.extra: dict[str, dict[str, PropValue]] = {}
        self.not_loaded: set[tuple[str, int]] = set()
        self.used: set[str] = set()
        self._unsure: list[_Pending] = []

    # ------------------------------------------------------------- pass 1 hooks
    def reject(self, file: str, line: int | str, column: str, reason: str, value: str = "",
               severity: str = "error") -> None:
        if not self.muted:
            super().reject(file, line, column, reason, value, severity)

    def warn(self, file: str, line: int | str, column: str, reason: str,
             value: str = "") -> None:
        if not self.muted:
            super().warn(file, line, column, reason, value)

    def _register(self, row: NodeRow, file: str, line: int) -> bool:
        if not self.big:
            return self.add_node(row, file, line)
        self._slim = True
        try:
            return self.add_node(row, file, line)
        finally:
            self._slim = False

    def _keep(self, row: NodeRow) -> None:
        if not self._slim:  # a big table's own rows are read again, not held
            self.nodes[row["id"]] = row

    def _merge_props(self, node_id: str, props: dict[str, PropValue]) -> None:
        if node_id in self.nodes:
            self.nodes[node_id]["props"].update(props)
            return
        self.repeated.add(node_id)  # its rows are merged when read again
        if not self._slim:  # an RDF or implicit row onto a big-table id
            self.extra.setdefault(node_id, {}).update(props)

    def _depend(self, node_id: str, file: str, items: list[_Pending]) -> None:
        """Hold a v2 row's edges only when an end is not known (yet) as it should be.

        Owners and participants are organisations and parks, which stay in the
        index once there: a row whose edges all resolve now loads whole; only
        the others wait for :meth:`close_index` (where ``finish`` checks them).
        """
        if all(self._edge_row(item, report=False) is not None for item in items):
            return
        super()._depend(node_id, file, items)

    def _not_loaded(self, file: str, line: int) -> None:
        self.not_loaded.add((file, line))

    def _witness(self, item: _Pending) -> None:
        """Note that an accepted edge will reach an on-demand target (so it is loaded)."""
        if item[2] in self.used:
            return
        if item[1] not in self._label_of:
            self._unsure.append(item)  # its source may come later
            return
        if self._edge_row(item, report=False) is not None:
            self.used.add(item[2])

    def close_index(self) -> None:
        """End pass 1: v2 rows that cannot load whole, on-demand targets no row holds."""
        self.queue.keep = False
        self._queue_dependents()
        for item in self._unsure:
            if item[2] not in self.used and self._edge_row(item, report=False) is not None:
                self.used.add(item[2])
        self._unsure.clear()
        self._drop_unused(self.used)

class StreamRead:
    """A streaming read: the id index is built; :meth:`nodes` then :meth:`edges` stream.

    Attributes
    ----------
    rejects, warnings, stats, notices
        As :class:`~ecograph.loaders.IngestResult`'s; complete once :meth:`edges`
        is exhausted (the index pass finds the node rows' rejects).
    """

    def __init__(self, paths: Sequence[Path], *, loaded_at: str, source_name: str | None,
                 include_chain_maps: bool, tick: Tick | None = None,
                 workers: bool | None = None) -> None:
        self.paths = [Path(p) for p in paths]
        self.loaded_at, self.source_name, self.tick = loaded_at, source_name, tick
        self.workers = workers
        self.unique_edges = False
        self.notices: list[str] = []
        self._asm = asm = _StreamAssembler(loaded_at)
        self._held: dict[int, list[_Pending]] = {}
        self._feeds: list[_Pending] = []
        self._keys, self._pairs = SeenKeys(), SeenKeys()
        self._crowded: dict[tuple[str, str, str], int] = {}
        self._dropped: set[str] = set()
        self._spills: dict[str, _Spill] = {}  # big table → its references, kept by nodes()
        self._chain_of: dict[str, str] = {}
        self.edge_rows_estimate = 0
        self._read_files: set[str] = set()
        if include_chain_maps:
            asm.queue.keep = True
            add_chain_maps(asm)
            self._held[-1] = list(asm.queue)
            asm.queue.clear()
            asm.queue.keep = False
        self.chain_map_files = frozenset(asm.stats)
        for number, path in enumerate(self.paths):
            if not path.exists():
                raise InputError(f"no such file or folder: {path}")
            if is_package(path):
                for file, table, header, records in self._tables(path, report=asm.add_reject,
                                                                 notice=self.notices.append):
                    if table.entity == "node" or table.target_label is not None:
                        self._read_files.add(file)
                        asm.big = table.name in BIG_TABLES
                        asm.add_table(file, table, header, _ticking(records, tick),
                                      self._source(path))
                        asm.big = False
                    else:
                        self.edge_rows_estimate += _count_lines(file)
            elif path.suffix.lower() in RDF_SUFFIXES:
                asm.queue.keep = True
                add_rdf_file(asm, path, source=self.source_name or path.name,
                             loaded_at=loaded_at)
                self._held[number] = list(asm.queue)
                asm.queue.clear()
                asm.queue.keep = False
            else:
                raise InputError(f"{path}: not a data package, workbook or RDF file")
        self.derived_estimate = asm.queue.derived
        asm.close_index()

    # ------------------------------------------------------------- the index
    @property
    def rejects(self) -> list[Reject]:
        return self._asm.rejects

    @property
    def warnings(self) -> list[Reject]:
        return self._asm.warnings

    @property
    def stats(self) -> dict[str, dict[str, int]]:
        return dict(self._asm.stats)

    @property
    def index(self) -> dict[str, Label]:
        """Accepted node id → class (in first-registration order)."""
        return self._asm._label_of

    @property
    def node_count(self) -> int:
        """Number of accepted nodes (what :meth:`nodes` yields)."""
        return len(self._asm._label_of)

    @property
    def edge_estimate(self) -> int:
        """About how many edges :meth:`edges` yields (rows read and derived references)."""
        return self.edge_rows_estimate + self.derived_estimate

    # ------------------------------------------------------------- passes 2 and 3
    def _source(self, path: Path) -> str:
        return self.source_name or (path.name if path.is_dir() else path.stem)

    def _tables(self, path: Path, report: Callable[[Reject], None] = _quiet,
                notice: Callable[[str], None] | None = None) -> Iterator[TableStream]:
        return iter_tables(path, report, notice)

    def _late_reject(self, reject: Reject) -> None:
        """Report an unreadable record of a file the index pass did not read."""
        if reject.file not in self._read_files:
            self._asm.add_reject(reject)

    def nodes(self) -> Iterator[NodeRow]:
        """Yield every accepted node row once (ids given by several rows merged)."""
        asm = self._asm
        yield from list(asm.nodes.values())
        held: dict[str, NodeRow] = {}
        label_of, kept, repeated = asm._label_of, asm.nodes, asm.repeated
        asm.muted = True
        try:
            for path in self.paths:
                if not is_package(path):
                    continue
                prov: dict[str, PropValue] = {"source": self._source(path),
                                              "loaded_at": self.loaded_at}
                for file, table, header, records in self._tables(path):
                    if table.name not in BIG_TABLES or table.entity != "node":
                        continue
                    checker = TableChecker(table, header, asm.shapes)
                    if checker.missing or checker.duplicates:
                        continue
                    spill = self._spills[file] = _Spill()
                    refs: list[_Pending] = []
                    asm.pending = refs
                    for line, cells in _ticking(records, self.tick):
                        if (file, line) in asm.not_loaded:
                            continue
                        draft = checker.node(cells)
                        node_id = draft.id
                        asm.queue_refs(draft, file, line, prov, warn=False)
                        if draft.owners and node_id in label_of:
                            refs.extend(asm.owner_edges(draft, file, line, prov))
                        if len(refs) >= _SPILL_ROWS:
                            spill.add(refs)
                            refs.clear()
                        if node_id not in label_of or node_id in kept:
                            continue
                        draft.props.update(prov)
                        row = make_node(node_id, draft.label, draft.props)
                        if node_id in repeated:
                            first = held.setdefault(node_id, row)
                            if first is not row:
                                first["props"].update(row["props"])
                            continue
                        yield row
                    spill.add(refs)
                    spill.done = True
        finally:
            asm.muted = False
            asm.pending = asm.queue
        for node_id, row in held.items():
            row["props"].update(asm.extra.get(node_id, {}))
            yield row

    def edges(self, batch_size: int = 5000) -> Iterator[EdgeRow]:
        """Yield the accepted edge rows, checked in batches of ``batch_size``."""
        batch: list[tuple[EdgeRow, str]] = []
        for item in self._items():
            if item[0] is RelType.FEEDS:
                self._feeds.append(item)
                continue
            row = self._asm._edge_row(item)
            if row is None:
                continue
            batch.append((row, item[4]))
            if len(batch) >= batch_size:
                yield from self._admit(batch)
                batch = []
        yield from self._admit(batch)
        yield from self._admit(self._feed_rows())
        for warning in self.warnings:
            log.warning("%s line %s, %s: %s", warning.file, warning.line, warning.column,
                        warning.reason)

    def _items(self) -> Iterator[_Pending]:
        """Every queued edge in the order ``read_sources`` queues them (near enough)."""
        asm = self._asm
        yield from self._held.pop(-1, [])
        for number, path in enumerate(self.paths):
            if not is_package(path):
                yield from self._held.pop(number, [])
                continue
            prov: dict[str, PropValue] = {"source": self._source(path),
                                          "loaded_at": self.loaded_at}
            for file, table, header, records in self._tables(path, self._late_reject):
                spill = self._spills.pop(file, None)
                if spill is not None and spill.done:
                    yield from spill.items()
                    continue
                read_before = table.entity == "node" or table.target_label is not None
                yield from self._table_items(file, table, header, records, prov, read_before)
        del asm

    def _table_items(self, file: str, table: TableMapping, header: Sequence[str],
                     records: Iterator[tuple[int, Sequence[str]]], prov: dict[str, PropValue],
                     read_before: bool) -> Iterator[_Pending]:
        asm = self._asm
        checker = TableChecker(table, header, asm.shapes)
        if checker.missing or checker.duplicates:
            if not read_before:
                asm.add_table(file, table, header, records, "")  # reports the header
            return
        records = _ticking(records, self.tick)
        if table.entity == "node":
            queue: list[_Pending] = []
            asm.pending = queue
            label_of = asm._label_of
            try:
                for line, cells in records:
                    if (file, line) in asm.not_loaded:
                        continue
                    asm.muted = True
                    draft = checker.node(cells)
                    draft.props.update(prov)
                    asm.queue_refs(draft, file, line, prov, warn=False)
                    asm.muted = False
                    if draft.owners and draft.id in label_of:
                        queue.extend(asm.owner_edges(draft, file, line, prov))
                    yield from queue
                    queue.clear()
            finally:
                asm.muted = False
                asm.pending = asm.queue
            return
        ends = {col.role: col.column for _, col in checker.columns}
        asm._end_columns[file] = (ends.get("id", "source"), ends.get("target", "target"))
        if self._in_worker(file):
            yield from self._worker_items(file, table, header, prov, read_before)
            return
        parts, rel_name, stats = checker.edge_parts, _REL_NAME, asm.stats[file]
        count = 0
        for line, cells in records:
            count += 1
            try:
                rel, source, target, props = parts(cells)
            except RowError as exc:
                if not read_before:
                    for column, reason, value, severity in exc.problems:
                        asm.reject(file, line, column, reason, value, severity)
                continue
            key = edge_key(rel_name[rel], source, target, props)
            props.update(prov)
            yield (rel, source, target, props, file, line, "", "", key)
        if not read_before:
            stats["rows"] += count

    def _in_worker(self, file: str) -> bool:
        """Whether the records of the edge table ``file`` are checked by a worker process."""
        if self.workers is False:
            return False
        path = Path(file)
        if path.suffix.lower() != ".csv" or not path.is_file():
            return False  # a workbook's sheet
        return self.workers is True or path.stat().st_size >= WORKER_BYTES

    def _worker_items(self, file: str, table: TableMapping, header: Sequence[str],
                      prov: dict[str, PropValue], read_before: bool) -> Iterator[_Pending]:
        """:meth:`_table_items` of an edge table, its row checks done by a worker process."""
        asm, tick, rel_of = self._asm, self.tick, _REL_TYPES
        stats = asm.stats[file]
        count = 0
        for entries in checked_edges(file, table.name, header, prov):
            records = 0
            for entry in entries:
                if len(entry) == 6:
                    line, rel, source, target, props, key = entry
                    records += 1
                    yield (rel_of[rel], source, target, props, file, line, "", "", key)
                elif len(entry) == 2:
                    records += 1
                    if not read_before:
                        for column, reason, value, severity in entry[1]:
                            asm.reject(file, entry[0], column, reason, value, severity)
                else:
                    self._late_reject(Reject(*entry[0]))
            count += records
            if tick is not None and records:
                tick(records)
        if not read_before:
            stats["rows"] += count

    def _feed_rows(self) -> list[tuple[EdgeRow, str]]:
        """Resolve the held ``feeds`` edges with the cycle check of ``Assembler.finish``."""
        asm = self._asm
        out: list[tuple[EdgeRow, str]] = []

        def accept(item: _Pending) -> bool:
            row = asm._edge_row(item)
            if row is not None:
                out.append((row, item[4]))  # with its file
            return row is not None

        asm.check_feeds(self._feeds, self._chain_of, accept)
        self._feeds.clear()
        return out

    def _admit(self, batch: list[tuple[EdgeRow, str]]) -> Iterator[EdgeRow]:
        """Count first keys, bound parallel relations, merge repeats inside the batch."""
        if not batch:
            return
        keys = np.fromiter((int(row["key"], 16) for row, _ in batch), dtype=np.uint64,
                           count=len(batch))
        fresh = self._keys.admit(keys)
        firsts = [i for i in range(len(batch)) if fresh[i]]
        pairs = np.fromiter((hash((batch[i][0]["type"], batch[i][0]["source"],
                                   batch[i][0]["target"])) for i in firsts),
                            dtype=np.int64, count=len(firsts)).view(np.uint64)
        single = dict(zip(firsts, self._pairs.admit(pairs).tolist(), strict=True))
        stats, crowded, dropped = self._asm.stats, self._crowded, self._dropped
        here: dict[str, EdgeRow] = {}
        out: list[EdgeRow] = []
        for i, (row, file) in enumerate(batch):
            key = row["key"]
            if not fresh[i]:
                if key in dropped:
                    continue
                first = here.get(key)
                if first is not None:
                    first["props"] = {**first["props"], **row["props"]}
                elif not self.unique_edges:
                    out.append(row)
                continue
            stats[file]["edges"] += 1  # counted before the bound, as Assembler.finish does
            if not single[i]:
                pair = (row["type"], row["source"], row["target"])
                crowded[pair] = crowded.get(pair, 1) + 1
                if crowded[pair] > MAX_PARALLEL_EDGES:
                    dropped.add(key)
                    self._asm.reject("relations.csv", key, "target",
                                     f"more than {MAX_PARALLEL_EDGES} {pair[0]} relations "
                                     f"from {pair[1]} to {pair[2]} (the bound on parallel "
                                     "relations of one pair)", pair[2])
                    continue
            if row["type"] == "SEGMENT_OF":
                self._chain_of[row["source"]] = row["target"]
            here[key] = row
            out.append(row)
        yield from out


class _Spill:
    """References of a big table's rows, pickled to a temporary file by the node pass.

    The edge pass reads them back instead of checking the table a third time.
    """

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="ecograph-refs-")  # noqa: SIM115 (closed by items)
        self.done = False

    def add(self, items: list[_Pending]) -> None:
        if items:
            pickle.dump(items, self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def items(self) -> Iterator[_Pending]:
        """Yield the spilled items in order, then delete the file."""
        self.file.seek(0)
        try:
            while True:
                try:
                    chunk: list[_Pending] = pickle.load(self.file)  # our own file
                except EOFError:
                    return
                yield from chunk
        finally:
            self.file.close()


def _count_lines(file: str) -> int:
    """Records of a CSV file, about (newlines less the header); 0 for a workbook sheet."""
    path = Path(file)
    if not path.is_file():
        return 0
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            count += chunk.count(b"\n")
    return max(count - 1, 0)


def stream_sources(paths: Sequence[Path], *, source_name: str | None = None,
                   loaded_at: str | None = None, include_chain_maps: bool = True,
                   tick: Tick | None = None, workers: bool | None = None) -> StreamRead:
    """Build the id index of ``paths``; return the read that streams their rows.

    Parameters are those of :func:`~ecograph.loaders.read_sources`; ``tick``
    is called with the number of records just read (every few thousand), in
    each pass. ``workers``: whether the edge tables' row checks run in a
    worker process (:mod:`ecograph.loaders.prefetch`; None: for CSV files of
    :data:`WORKER_BYTES` or more); the result is the same either way.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "pkg"
    >>> folder.mkdir()
    >>> _ = (folder / "organizations.csv").write_text(
    ...     "id,name,type\\na,甲,Enterprise\\nb,乙,Spaceship\\n", encoding="utf-8")
    >>> read = stream_sources([folder], include_chain_maps=False)
    >>> [n["id"] for n in read.nodes()], list(read.edges())
    (['a'], [])
    >>> [(r.line, r.column) for r in read.rejects]
    [(3, 'type')]
    """
    from ecograph.loaders import utc_now

    return StreamRead(paths, loaded_at=loaded_at or utc_now(), source_name=source_name,
                      include_chain_maps=include_chain_maps, tick=tick, workers=workers)
