"""Neo4j's bulk initial load: ecograph rows as CSV files for ``neo4j-admin database import``.

The import tool builds a new database from CSV files without transactions,
much faster than ``UNWIND … MERGE``; it only fills an empty database (it
replaces the old one) and creates no constraints or indexes, which
:meth:`~ecograph.stores.neo4j_store.Neo4jStore.ensure_schema` adds once the
DBMS runs. :func:`write_import_csv` writes the files so the graph equals what
``GraphStore.load`` of the same rows writes with ``MERGE``:

- one node file per label set (``--nodes=Organization:Incubator=…``); a node id
  seen twice is one node with the union of its labels and the later row's
  properties winning, as ``MERGE`` + ``SET n += props`` gives;
- one relationship file per type; an edge is identified by
  ``(type, source, target, key)`` as ``MERGE (a)-[r:T {key}]->(b)`` does, and an
  edge whose end is not a node of that root label is left out (``MATCH``
  finds nothing there either);
- typed header columns (``long``, ``double``, ``boolean``, ``string[]``), string
  values always quoted (an empty string stays one), ``None`` left empty (no
  property), list elements joined with U+001F (``--array-delimiter``). An empty
  list is written as no property (``MERGE`` would store ``[]``).

:func:`~ecograph.stores.neo4j_local.bulk_import_local` runs the tool on the
local Neo4j's data folder.

Examples
--------
>>> _field("a\\"b")
'"a""b"'
>>> _field(True), _field(3), _field(None), _field(["x", "y"]) == '"x\\x1fy"'
('true', '3', '', True)
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ecograph.errors import InputError
from ecograph.stores.base import EdgeRow, NodeRow
from ecograph.vocab import Label, RelType, base_label

__all__ = ["ImportFiles", "import_arguments", "write_import_csv"]

#: Between list elements in a CSV field (``--array-delimiter=U+001F``).
ARRAY_DELIMITER = "\x1f"


@dataclass(frozen=True)
class ImportFiles:
    """The CSV files of one bulk import and what they hold.

    Attributes
    ----------
    nodes
        ``(label set joined with ":", file)`` per node file.
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


def _type_of(value: Any) -> str | None:
    """The import column type of one value (None: no property)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        inner = {_type_of(x) for x in value} - {None}
        if not inner:
            return None
        if inner == {"long", "double"}:
            return "double[]"
        if len(inner) > 1 or any(t is not None and t.endswith("[]") for t in inner):
            raise InputError(f"cannot bulk-import a list mixing {sorted(map(str, inner))}")
        return f"{inner.pop()}[]"
    raise InputError(f"cannot bulk-import a property value of type {type(value).__name__}")


def _merge_types(old: str | None, new: str | None, key: str) -> str | None:
    if old is None or old == new:
        return new or old
    if new is None:
        return old
    if {old, new} == {"long", "double"}:
        return "double"
    if {old, new} == {"long[]", "double[]"}:
        return "double[]"
    raise InputError(f"property {key!r} holds both {old} and {new} values: cannot bulk-import")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"cannot bulk-import the number {value!r}")
        return repr(value)
    return str(value)


def _field(value: Any) -> str:
    """One CSV field: strings and lists quoted (quotes doubled), None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        if not value:
            return ""
        joined = ARRAY_DELIMITER.join(_scalar(x) for x in value)
        return '"' + joined.replace('"', '""') + '"'
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return _scalar(value)


def _props(row: Mapping[str, Any], source: str, loaded_at: str) -> dict[str, Any]:
    props = dict(row.get("props") or {})
    props.setdefault("source", source)
    props.setdefault("loaded_at", loaded_at)
    return props


def _columns(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    types: dict[str, str | None] = {}
    for props in rows:
        for key, value in props.items():
            types[key] = _merge_types(types.get(key), _type_of(value), key)
    return {k: t for k, t in sorted(types.items()) if t is not None}


def _header(first: list[str], columns: Mapping[str, str]) -> str:
    typed = [k if t == "string" else f"{k}:{t}" for k, t in columns.items()]
    return ",".join([*first, *typed]) + "\n"


def _line(first: list[str], props: Mapping[str, Any], columns: Mapping[str, str]) -> str:
    return ",".join([*first, *(_field(props.get(k)) for k in columns)]) + "\n"


def write_import_csv(
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    folder: Path,
    *,
    source: str,
    loaded_at: str | None = None,
) -> ImportFiles:
    """Write ``nodes`` and ``edges`` as import CSV files into ``folder``.

    ``source`` and ``loaded_at`` fill the provenance properties rows lack, as
    ``GraphStore.load`` does (``loaded_at`` defaults to now, UTC, seconds).

    Raises
    ------
    InputError
        An unknown label or type, or a property whose values the CSV types cannot hold.

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
    >>> files = write_import_csv(rows, edges, Path(tempfile.mkdtemp()), source="s",
    ...                          loaded_at="2026-01-01T00:00:00+00:00")
    >>> files.node_count, files.edge_count, files.dropped_edges
    (2, 1, 1)
    >>> print(files.nodes[0][1].read_text(), end="")
    id:ID,employees:long,loaded_at,name,source
    "o1",12,"2026-01-01T00:00:00+00:00","甲","s"
    >>> print(files.relationships[0][1].read_text(), end="")
    :START_ID,:END_ID,key,loaded_at,source
    "o1","p1","k1","2026-01-01T00:00:00+00:00","s"
    """
    started = time.perf_counter()
    stamp = loaded_at or datetime.now(UTC).replace(microsecond=0).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    node_labels: dict[str, set[Label]] = {}
    node_root: dict[str, Label] = {}
    node_props: dict[str, dict[str, Any]] = {}
    for row in nodes:
        try:
            label = Label(str(row["label"]))
            labels = {Label(str(x)) for x in row.get("labels") or (label,)}
        except ValueError as exc:
            raise InputError(f"unknown node label in {row.get('id')!r}: {exc}") from None
        node_id = str(row["id"])
        root = base_label(label)
        node_labels.setdefault(node_id, set()).update(labels | {root})
        node_root.setdefault(node_id, root)
        node_props.setdefault(node_id, {}).update(_props(row, source, stamp))
    edge_props: dict[tuple[RelType, str, str, str], dict[str, Any]] = {}
    dropped = 0
    for edge in edges:
        try:
            rel = RelType(str(edge["type"]))
            src = base_label(Label(str(edge["source_label"])))
            tgt = base_label(Label(str(edge["target_label"])))
        except ValueError as exc:
            raise InputError(f"unknown type or label in edge {edge.get('key')!r}: {exc}") from None
        a, b = str(edge["source"]), str(edge["target"])
        if node_root.get(a) != src or node_root.get(b) != tgt:
            dropped += 1
            continue
        edge_props.setdefault((rel, a, b, str(edge["key"])), {}).update(
            _props(edge, source, stamp))

    groups: dict[tuple[Label, ...], list[str]] = {}
    for node_id, labels in node_labels.items():
        root = node_root[node_id]
        key = (root, *sorted(labels - {root}, key=lambda x: x.value))
        groups.setdefault(key, []).append(node_id)
    multiline = any("\n" in v or "\r" in v for props in (*node_props.values(),
                                                          *edge_props.values())
                    for v in props.values() if isinstance(v, str))
    node_files: list[tuple[str, Path]] = []
    ordered = sorted(groups.items(), key=lambda kv: [x.value for x in kv[0]])
    for number, (key, ids) in enumerate(ordered):
        columns = _columns(node_props[i] for i in ids)
        columns.pop("id", None)
        path = folder / f"nodes-{number:03d}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(_header(["id:ID"], columns))
            for node_id in ids:
                handle.write(_line([_field(node_id)], node_props[node_id], columns))
        node_files.append((":".join(x.value for x in key), path))
    by_type: dict[RelType, list[tuple[str, str, str]]] = {}
    for rel, a, b, edge_key in edge_props:
        by_type.setdefault(rel, []).append((a, b, edge_key))
    rel_files: list[tuple[str, Path]] = []
    for number, (rel, ends) in enumerate(sorted(by_type.items(), key=lambda kv: kv[0].value)):
        columns = _columns(edge_props[(rel, *e)] for e in ends)
        columns.pop("key", None)
        path = folder / f"rels-{number:03d}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(_header([":START_ID", ":END_ID", "key"], columns))
            for a, b, edge_key in ends:
                handle.write(_line([_field(a), _field(b), _field(edge_key)],
                                   edge_props[(rel, a, b, edge_key)], columns))
        rel_files.append((rel.value, path))
    return ImportFiles(
        nodes=tuple(node_files), relationships=tuple(rel_files),
        node_count=len(node_labels), edge_count=len(edge_props), dropped_edges=dropped,
        multiline=multiline, seconds=time.perf_counter() - started,
    )


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
