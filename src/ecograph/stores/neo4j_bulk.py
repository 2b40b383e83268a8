"""Neo4j's bulk initial load: ecograph rows as CSV files for ``neo4j-admin database import``.

The import tool builds a new database from CSV files without transactions,
much faster than ``UNWIND … MERGE``; it only fills an empty database (it
replaces the old one) and creates no constraints or indexes, which
:meth:`~ecograph.stores.neo4j_store.Neo4jStore.ensure_schema` adds once the
DBMS runs. :func:`write_import_csv` streams the rows into the files (memory
holds per node its id's class, unless the stream's id index is given, and
8 bytes a node and a relationship for the duplicate check) so the graph equals
what ``GraphStore.load`` of the same rows writes with ``MERGE``:

- node files per label set (``--nodes=Organization:Incubator=…``); a node id
  seen twice is one node with the union of its labels and the later row's
  properties winning, as ``MERGE`` + ``SET n += props`` gives;
- relationship files per type; an edge is identified by
  ``(type, source, target, key)`` as ``MERGE (a)-[r:T {key}]->(b)`` does, the
  later row's properties winning, and an edge whose end is not a node of that
  root label is left out (``MATCH`` finds nothing there either);
- typed header columns (``long``, ``double``, ``boolean``, ``string[]``): a row
  goes to a file of its label set (type) whose header has its properties with
  their types, a new file is started when none has (so a property keeps the
  type of each row's value, as ``MERGE`` stores it); string values always
  quoted (an empty string stays one), ``None`` left empty (no property), list
  elements joined with U+001F (``--array-delimiter``). An empty list is
  written as no property (``MERGE`` would store ``[]``).

Rows are written as they come, with ``csv.writer`` (one plan per label set
and property signature: the columns, their defaults and the few cells to
convert); a duplicate (its 64-bit hash seen before, :class:`SeenKeys`) is held
and merged with the first row's cells, read back from its file, at the end.

:func:`~ecograph.stores.neo4j_local.bulk_import_local` runs the tool on the
local Neo4j's data folder.
"""

from __future__ import annotations

import csv
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ecograph.errors import InputError
from ecograph.loaders.keybook import SeenKeys
from ecograph.stores.base import EdgeRow, NodeRow
from ecograph.vocab import Label, RelType, base_label

__all__ = ["ImportFiles", "import_arguments", "write_import_csv"]

#: Between list elements in a CSV field (``--array-delimiter=U+001F``).
ARRAY_DELIMITER = "\x1f"
#: Rows per duplicate check (one ``numpy`` admission).
_BATCH = 4096

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ImportFiles:
    """The CSV files of one bulk import and what they hold.

    Attributes
    ----------
    nodes
        ``(label set joined with ":", file)`` per node file (a label set may have several).
    relationships
        ``(type, file)`` per relationship file.
    node_count, edge_count
        Distinct nodes and relationships written.
    dropped_edges
        Edge rows left out: an end is missing (``MATCH`` would find nothing).
    multiline
        Some string contains a line break (``--multiline-fields=true`` needed).
    seconds
        Time spent writing the files.
    """

    nodes: tuple[tuple[str, Path], ...]
    relationships: tuple[tuple[str, Path], ...]
    node_count: int
    edge_count: int
    dropped_edges: int
    multiline: bool
    seconds: float


class _Cell:
    """A cell ``csv.writer`` leaves unquoted (it counts as a number): empty or a boolean."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __float__(self) -> float:
        return 0.0


EMPTY, TRUE, FALSE = _Cell(""), _Cell("true"), _Cell("false")
_SCALAR = {str: "string", int: "long", float: "double", bool: "boolean"}


def _scalar_type(kind: type) -> str:
    for base in (bool, int, float, str):
        if issubclass(kind, base):
            return _SCALAR[base]
    raise InputError(f"cannot bulk-import a property value of type {kind.__name__}")


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise InputError(f"cannot bulk-import the number {value!r}")
    return value


def _bool_cell(value: Any) -> _Cell:
    return TRUE if value else FALSE


def _empty(_value: Any) -> _Cell:
    return EMPTY


def _array(value: list[Any]) -> tuple[str | None, Callable[[Any], Any] | None]:
    """The column type of a list and the converter of such lists (``None``: no property)."""
    if not value:
        return None, _empty
    inner = {_scalar_type(type(x)) if x is not None else "null" for x in value}
    if inner == {"string"}:
        return "string[]", lambda v: ARRAY_DELIMITER.join(map(str, v))
    if inner == {"long"}:
        return "long[]", lambda v: ARRAY_DELIMITER.join(str(int(x)) for x in v)
    if inner <= {"long", "double"}:
        return "double[]", lambda v: ARRAY_DELIMITER.join(repr(_finite(float(x))) for x in v)
    if inner == {"boolean"}:
        return "boolean[]", lambda v: ARRAY_DELIMITER.join("true" if x else "false" for x in v)
    raise InputError(f"cannot bulk-import a list mixing {sorted(inner)}")


def _cell_of(value: Any) -> tuple[str | None, Callable[[Any], Any] | None, bool]:
    """A value's column type, its converter (None: written as it is), whether to check it."""
    kind = type(value)
    if value is None:
        return None, _empty, False
    if kind is list or kind is tuple:
        csv_type, convert = _array(value)
        return csv_type, convert, False
    csv_type = _scalar_type(kind)
    if csv_type == "boolean":
        return csv_type, _bool_cell, False
    if csv_type == "double":
        return csv_type, (None if kind is float else float), True
    if kind is not int and csv_type == "long":
        return csv_type, int, False
    return csv_type, None, False


def _signature(props: Mapping[str, Any]) -> tuple[Any, ...]:
    """What decides a row's plan: its keys, value types and list element types."""
    kinds = tuple(map(type, props.values()))
    if list in kinds or tuple in kinds:
        return (tuple(props), kinds, tuple(frozenset(map(type, v)) if v else None
                                           for v in props.values()
                                           if type(v) is list or type(v) is tuple))
    return tuple(props), kinds


class _Chunk:
    """One CSV file: its header's typed columns and the rows written under it."""

    def __init__(self, path: Path, name: str, group: Any, lead: list[str],
                 types: dict[str, str]) -> None:
        self.path, self.name, self.group = path, name, group
        self.types = types
        self.columns = tuple(sorted(types))
        self.handle: TextIO = open(path, "w", encoding="utf-8", newline="",  # noqa: SIM115
                                   buffering=1 << 20)
        typed = [k if t == "string" else f"{k}:{t}" for k, t in types.items()]
        self.handle.write(",".join([*lead, *sorted(typed, key=lambda x: x.split(":")[0])]) + "\n")
        self._writer()
        self.rows = 0

    def _writer(self) -> None:
        self.writerow = csv.writer(self.handle, quoting=csv.QUOTE_NONNUMERIC,
                                   lineterminator="\n").writerow

    def fits(self, types: Mapping[str, str]) -> bool:
        return all(self.types.get(k) == t for k, t in types.items())

    def reopen(self) -> None:
        self.handle = open(self.path, "a", encoding="utf-8", newline="",  # noqa: SIM115
                           buffering=1 << 20)
        self._writer()


@dataclass(frozen=True)
class _Plan:
    """How rows of one label set (type) and signature become cells of one file."""

    chunk: _Chunk
    columns: tuple[str, ...]
    defaults: tuple[Any, ...]
    fixes: tuple[tuple[int, Callable[[Any], Any]], ...]
    floats: tuple[int, ...]

    def check(self, fields: list[Any]) -> None:
        """Refuse a NaN or infinite float (one sum, then each value if it is not finite)."""
        if len(self.floats) == 1:
            _finite(fields[self.floats[0]])
            return
        if not math.isfinite(sum(itemgetter(*self.floats)(fields))):
            for at in self.floats:
                _finite(fields[at])


class _Files:
    """The files of one side (nodes or relationships) and the plans writing into them."""

    def __init__(self, folder: Path, prefix: str, lead: list[str], own: str,
                 source: str, stamp: str) -> None:
        self.folder, self.prefix, self.lead, self.own = folder, prefix, lead, own
        self.source, self.stamp = source, stamp
        self.groups: dict[Any, list[_Chunk]] = {}
        self.plans: dict[tuple[Any, ...], _Plan] = {}
        self.chunks: list[_Chunk] = []

    def plan(self, group: Any, name: str, props: Mapping[str, Any]) -> _Plan:
        types: dict[str, str] = {}
        converters: dict[str, Callable[[Any], Any]] = {}
        checked: set[str] = set()
        for key, value in props.items():
            if key == self.own:
                continue
            csv_type, convert, check = _cell_of(value)
            if csv_type is not None:
                types[key] = csv_type
            if convert is not None:
                converters[key] = convert
            if check:
                checked.add(key)
        for key in ("source", "loaded_at"):
            if key not in props:
                types[key] = "string"
        chunks = self.groups.setdefault(group, [])
        chunk = next((c for c in reversed(chunks) if c.fits(types)), None)
        if chunk is None:
            merged = {**(chunks[-1].types if chunks else {}), **types}
            path = self.folder / f"{self.prefix}-{len(self.chunks):03d}.csv"
            chunk = _Chunk(path, name, group, self.lead, merged)
            chunks.append(chunk)
            self.chunks.append(chunk)
        given = {"source": self.source, "loaded_at": self.stamp}
        defaults = tuple(given[c] if c in given and c not in props else EMPTY
                         for c in chunk.columns)
        lead = len(self.lead)
        fixes = tuple((lead + i, converters[c]) for i, c in enumerate(chunk.columns)
                      if c in converters and c in props)
        floats = tuple(lead + i for i, c in enumerate(chunk.columns) if c in checked)
        return _Plan(chunk, chunk.columns, defaults, fixes, floats)

    def put(self, group: Any, name: str, lead: list[Any], props: Mapping[str, Any]) -> None:
        """Write one row (the general path; the loops below look their plans up themselves)."""
        key = (group, _signature(props))
        plan = self.plans.get(key)
        if plan is None:
            plan = self.plans[key] = self.plan(group, name, props)
        _write_row(plan, [*lead, *map(props.get, plan.columns, plan.defaults)])

    def with_provenance(self, props: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(props)
        out.setdefault("source", self.source)
        out.setdefault("loaded_at", self.stamp)
        return out

    def take_back(self, chunks: Iterable[_Chunk], lead: int, marks: Iterable[str],
                  wanted: Callable[[_Chunk, list[Any]], Any]) -> list[tuple[_Chunk, Any,
                                                                          dict[str, Any]]]:
        """Remove the records ``wanted`` names from ``chunks``; return them decoded.

        Only records holding one of ``marks`` (the quoted ids or keys sought) are
        parsed; ``wanted(chunk, lead_cells)`` returns the record's identity, or
        None to keep it.
        """
        quoted = ['"' + m.replace('"', '""') + '"' for m in set(marks)]
        found: list[tuple[_Chunk, Any, dict[str, Any]]] = []
        for chunk in chunks:
            chunk.handle.close()
            kept = chunk.path.with_suffix(".tmp")
            removed = 0
            with open(chunk.path, encoding="utf-8", newline="") as src, \
                    open(kept, "w", encoding="utf-8", newline="") as out:
                out.write(next(src))
                for record in _records(src):
                    if not any(m in record for m in quoted):
                        out.write(record)
                        continue
                    cells = _split(record)
                    ident = wanted(chunk, [c[1] for c in cells[:lead]])
                    if ident is None:
                        out.write(record)
                        continue
                    removed += 1
                    found.append((chunk, ident, _decode(chunk, cells[lead:])))
            if removed:
                os.replace(kept, chunk.path)
                chunk.rows -= removed
            else:
                kept.unlink()
            chunk.reopen()
        return found


def _records(lines: Iterable[str]) -> Iterator[str]:
    """CSV records of ``lines`` (a quoted field may hold line breaks)."""
    pending = ""
    for line in lines:
        pending += line
        if pending.count('"') % 2 == 0:
            yield pending
            pending = ""
    if pending:
        yield pending


_CELL = re.compile(r'"((?:[^"]|"")*)"|([^,\n]*)')


def _split(record: str) -> list[tuple[bool, str | None]]:
    """``(quoted, text)`` per field of one record written here (``None``: empty, unquoted).

    Examples
    --------
    >>> _split('"a""b",,3,""\\n')
    [(True, 'a"b'), (False, None), (False, '3'), (True, '')]
    """
    record = record.rstrip("\n")
    cells: list[tuple[bool, str | None]] = []
    at = 0
    while True:
        match = _CELL.match(record, at)
        if match is None:  # not reached: the pattern matches the empty string
            raise InputError(f"cannot read back the CSV record {record!r}")
        quoted = match.group(1)
        if quoted is not None:
            cells.append((True, quoted.replace('""', '"')))
        else:
            cells.append((False, match.group(2) or None))
        at = match.end()
        if at >= len(record):
            return cells
        at += 1


def _value(csv_type: str, text: str) -> Any:
    if csv_type.endswith("[]"):
        return [_value(csv_type[:-2], x) for x in text.split(ARRAY_DELIMITER)]
    if csv_type == "long":
        return int(text)
    if csv_type == "double":
        return float(text)
    if csv_type == "boolean":
        return text == "true"
    return text


def _decode(chunk: _Chunk, cells: list[tuple[bool, str | None]]) -> dict[str, Any]:
    """The properties of one record of ``chunk`` (the inverse of the writing)."""
    return {column: _value(chunk.types[column], text)
            for column, (_quoted, text) in zip(chunk.columns, cells, strict=False)
            if text is not None}


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    it = iter(rows)
    while batch := list(islice(it, _BATCH)):
        yield batch


def _hashes(values: Iterable[Any], count: int) -> Any:
    return np.fromiter(map(hash, values), dtype=np.int64, count=count).view(np.uint64)


def _label_group(label: str, labels: Iterable[str], node_id: object
                 ) -> tuple[Label, tuple[Label, ...], str]:
    try:
        cls = Label(str(label))
        given = {Label(str(x)) for x in labels or (cls,)}
    except ValueError as exc:
        raise InputError(f"unknown node label in {node_id!r}: {exc}") from None
    root = base_label(cls)
    group = (root, *sorted(given - {root}, key=lambda x: x.value))
    return cls, group, ":".join(x.value for x in group)


def write_import_csv(
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    folder: Path,
    *,
    source: str,
    loaded_at: str | None = None,
    index: Mapping[str, Label] | None = None,
    progress: Progress | None = None,
) -> ImportFiles:
    """Stream ``nodes`` and then ``edges`` into import CSV files in ``folder``.

    ``source`` and ``loaded_at`` fill the provenance properties rows lack, as
    ``GraphStore.load`` does (``loaded_at`` defaults to now, UTC, seconds).
    ``index`` (a streaming read's node id → class, every id ``nodes`` yields)
    spares the id map the edge-end check otherwise builds; ``progress`` gets
    the number of rows read, every few thousand (nodes first).

    Raises
    ------
    InputError
        An unknown label or type, or a property value the CSV types cannot hold.

    Examples
    --------
    >>> import tempfile
    >>> rows = [{"id": "p1", "label": "Park", "labels": ["Park"], "props": {"name": "园区"}},
    ...         {"id": "o1", "label": "Organization", "labels": ["Organization"],
    ...          "props": {"name": "甲", "employees": 12}}]
    >>> edges = [{"key": "k1", "type": "LOCATED_IN", "source": "o1", "source_label":
    ...           "Organization", "target": "p1", "target_label": "Park", "props": {}},
    ...          {"key": "k2", "type": "LOCATED_IN", "source": "o9", "source_label":
    ...           "Organization", "target": "p1", "target_label": "Park", "props": {}}]
    >>> files = write_import_csv(iter(rows), iter(edges), Path(tempfile.mkdtemp()),
    ...                          source="s", loaded_at="2026-01-01T00:00:00+00:00")
    >>> files.node_count, files.edge_count, files.dropped_edges
    (2, 1, 1)
    >>> print(files.nodes[1][1].read_text(), end="")
    id:ID,employees:long,loaded_at,name,source
    "o1",12,"2026-01-01T00:00:00+00:00","甲","s"
    >>> print(files.relationships[0][1].read_text(), end="")
    :START_ID,:END_ID,key,loaded_at,source
    "o1","p1","k1","2026-01-01T00:00:00+00:00","s"
    """
    started = time.perf_counter()
    stamp = loaded_at or datetime.now(UTC).replace(microsecond=0).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    node_files = _Files(folder, "nodes", ["id:ID"], "id", source, stamp)
    rel_files = _Files(folder, "rels", [":START_ID", ":END_ID", "key"], "key", source, stamp)
    try:
        node_count = _write_nodes(nodes, node_files, index, progress)
        classes: Mapping[str, Label] = index if index is not None else node_count[1]
        edge_count, dropped = _write_edges(edges, rel_files, classes, progress)
    finally:
        for chunk in (*node_files.chunks, *rel_files.chunks):
            chunk.handle.close()
    multiline = any(_has_line_breaks(c) for c in (*node_files.chunks, *rel_files.chunks))
    return ImportFiles(
        nodes=tuple((c.name, c.path) for c in node_files.chunks),
        relationships=tuple((c.name, c.path) for c in rel_files.chunks),
        node_count=node_count[0], edge_count=edge_count, dropped_edges=dropped,
        multiline=multiline, seconds=time.perf_counter() - started,
    )


def _write_nodes(nodes: Iterable[NodeRow], files: _Files, index: Mapping[str, Label] | None,
                 progress: Progress | None) -> tuple[int, dict[str, Label]]:
    """Write the node rows; return the distinct count and the id map (without ``index``)."""
    seen = SeenKeys()
    classes: dict[str, Label] = {}
    kinds: dict[tuple[str, tuple[str, ...]], tuple[Label, tuple[Label, ...], str]] = {}
    late: dict[str, tuple[Label, set[Label], dict[str, Any]]] = {}
    plans, put = files.plans, files.put
    count = 0
    for batch in _batches(nodes):
        fresh = seen.admit(_hashes((row["id"] for row in batch), len(batch))).tolist()
        for row, new in zip(batch, fresh, strict=True):
            node_id, label = row["id"], row["label"]
            labels = tuple(row.get("labels") or ())
            kind = kinds.get((label, labels))
            if kind is None:
                kind = kinds[(label, labels)] = _label_group(label, labels, node_id)
            if index is None:
                classes.setdefault(node_id, kind[0])
            props = row["props"]
            if not new:
                held = late.setdefault(node_id, (kind[1][0], set(), {}))
                held[1].update(kind[1])
                held[2].update(files.with_provenance(props))
                continue
            count += 1
            plan = plans.get((kind[1], _signature(props)))
            if plan is None:
                put(kind[1], kind[2], [node_id], props)
                continue
            _write_row(plan, [node_id, *map(props.get, plan.columns, plan.defaults)])
        if progress is not None:
            progress(len(batch))
    if late:
        roots = {held[0] for held in late.values()}
        chunks = [c for c in files.chunks if c.group[0] in roots]
        found = files.take_back(chunks, 1, late,
                                lambda _c, lead: lead[0] if lead[0] in late else None)
        for chunk, node_id, first in found:
            root, more, props = late.pop(node_id)
            _put_node(files, node_id, root, {*chunk.group, *more}, {**first, **props})
        for node_id, (root, more, props) in late.items():
            count += 1  # a hash seen before, not the id
            _put_node(files, node_id, root, more, props)
    return count, classes


def _write_row(plan: _Plan, fields: list[Any]) -> None:
    """Convert the plan's cells that need it, check its floats, write the row."""
    for at, convert in plan.fixes:
        fields[at] = convert(fields[at])
    if plan.floats:
        plan.check(fields)
    plan.chunk.writerow(fields)
    plan.chunk.rows += 1


def _put_node(files: _Files, node_id: str, root: Label, labels: set[Label],
              props: dict[str, Any]) -> None:
    group = (root, *sorted(labels - {root}, key=lambda x: x.value))
    files.put(group, ":".join(x.value for x in group), [node_id], props)


def _write_edges(edges: Iterable[EdgeRow], files: _Files, classes: Mapping[str, Label],
                 progress: Progress | None) -> tuple[int, int]:
    """Write the edge rows whose ends are nodes; return the distinct count and the dropped."""
    seen = SeenKeys()
    roots: dict[Label | None, Label | None] = {x: base_label(x) for x in Label}
    roots[None] = None
    kinds: dict[tuple[str, str, str], tuple[RelType, Label, Label]] = {}
    late: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    plans, put = files.plans, files.put
    count = dropped = 0
    for batch in _batches(edges):
        accepted: list[tuple[tuple[str, str, str, str], RelType, EdgeRow]] = []
        for edge in batch:
            names = (edge["type"], edge["source_label"], edge["target_label"])
            kind = kinds.get(names)
            if kind is None:
                try:
                    kind = kinds[names] = (RelType(str(names[0])),
                                           base_label(Label(str(names[1]))),
                                           base_label(Label(str(names[2]))))
                except ValueError as exc:
                    raise InputError(f"unknown type or label in edge {edge.get('key')!r}: "
                                     f"{exc}") from None
            a, b = edge["source"], edge["target"]
            if roots[classes.get(a)] is not kind[1] or roots[classes.get(b)] is not kind[2]:
                dropped += 1
                continue
            accepted.append(((names[0], a, b, edge["key"]), kind[0], edge))
        fresh = seen.admit(_hashes((item[0] for item in accepted), len(accepted))).tolist()
        for (ident, rel, edge), new in zip(accepted, fresh, strict=True):
            props = edge["props"]
            if not new:
                late.setdefault(ident, {}).update(files.with_provenance(props))
                continue
            count += 1
            plan = plans.get((rel, _signature(props)))
            if plan is None:
                put(rel, rel.value, [ident[1], ident[2], ident[3]], props)
                continue
            _write_row(plan, [ident[1], ident[2], ident[3],
                              *map(props.get, plan.columns, plan.defaults)])
        if progress is not None:
            progress(len(batch))
    if late:
        types = {ident[0] for ident in late}
        chunks = [c for c in files.chunks if c.name in types]

        def wanted(chunk: _Chunk, lead: list[Any]) -> Any:
            ident = (chunk.name, *lead)
            return ident if ident in late else None

        for _chunk, ident, first in files.take_back(chunks, 3, (i[3] for i in late), wanted):
            props = late.pop(ident)
            put(RelType(ident[0]), ident[0], list(ident[1:]), {**first, **props})
        for ident, props in late.items():
            count += 1  # a hash seen before, not the edge
            put(RelType(ident[0]), ident[0], list(ident[1:]), props)
    return count, dropped


def _has_line_breaks(chunk: _Chunk) -> bool:
    """Whether a field of ``chunk``'s file holds a line break (more lines than records)."""
    lines, carriage = 0, False
    with open(chunk.path, "rb") as handle:
        while block := handle.read(1 << 22):
            lines += block.count(b"\n")
            carriage = carriage or b"\r" in block
    return carriage or lines != chunk.rows + 1


def import_arguments(files: ImportFiles, *, max_memory: str = "1G") -> list[str]:
    """Return the ``database import full`` options for ``files`` (database name excluded).

    Examples
    --------
    >>> files = ImportFiles(nodes=(("Park", Path("n.csv")),), relationships=(),
    ...                     node_count=1, edge_count=0, dropped_edges=0, multiline=False,
    ...                     seconds=0.0)
    >>> import_arguments(files)
    ... # doctest: +NORMALIZE_WHITESPACE
    ['--overwrite-destination=true', '--array-delimiter=U+001F', '--bad-tolerance=0',
     '--max-off-heap-memory=1G', '--nodes=Park=n.csv']
    """
    args = ["--overwrite-destination=true", "--array-delimiter=U+001F", "--bad-tolerance=0",
            f"--max-off-heap-memory={max_memory}"]
    if files.multiline:
        args.append("--multiline-fields=true")
    args += [f"--nodes={labels}={path}" for labels, path in files.nodes]
    args += [f"--relationships={rel}={path}" for rel, path in files.relationships]
    return args
