"""Batched ``UNWIND $rows AS row MERGE …`` writes, shared by both stores.

Rows are grouped by label set (nodes) and by ``(type, source_label,
target_label)`` (edges) so labels and types are spliced into the statement only
after validation against :mod:`ecograph.vocab`; every value travels as a
parameter. Each batch is one statement, hence one transaction: a batch is
applied whole or not at all. A store that encodes statements ahead (FalkorDB)
gets the next batch grouped and encoded while the server runs the current one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, partial
from typing import Any

from ecograph.errors import InputError, StoreError, StoreUnavailableError
from ecograph.stores.base import EdgeRow, NodeRow, Progress
from ecograph.vocab import Label, RelType, base_label

__all__ = [
    "Batch",
    "Call",
    "Execute",
    "Prepare",
    "conflict_statement",
    "edge_batches",
    "edge_statement",
    "foreign_statement",
    "node_batches",
    "node_statement",
    "write_batches",
]

logger = logging.getLogger(__name__)

#: Runs one write statement with parameters and returns its records.
Execute = Callable[[str, dict[str, Any]], list[dict[str, Any]]]
#: A statement already encoded with its parameters: sends it, returns its records.
Call = Callable[[], list[dict[str, Any]]]
#: Encodes one statement with its parameters now and returns the call sending it later.
Prepare = Callable[[str, dict[str, Any]], Call]


@dataclass(frozen=True)
class Batch:
    """One atomic write: a statement and the rows it unwinds."""

    kind: str
    group: str
    statement: str
    rows: list[dict[str, Any]]
    check: str | None = None


def _label(value: object) -> Label:
    try:
        return Label(str(value))
    except ValueError:
        raise InputError(f"unknown node label {value!r} (not in ecograph.vocab.Label)") from None


def _rel_type(value: object) -> RelType:
    try:
        return RelType(str(value))
    except ValueError:
        raise InputError(
            f"unknown relationship type {value!r} (not in ecograph.vocab.RelType)"
        ) from None


def node_statement(labels: Sequence[Label]) -> str:
    """Return the node upsert for one label set (root label first).

    Examples
    --------
    The whole label set is in the ``MERGE`` pattern: FalkorDB adds labels
    with ``SET n:L`` about seven times slower. A node already stored under the
    same id with fewer labels would not match; :func:`conflict_statement` finds
    those first.

    >>> print(node_statement([Label.Organization, Label.IncubationCarrier, Label.Incubator]))
    ... # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS row MERGE (n:Organization:IncubationCarrier:Incubator {id: row.id})
    SET n += row.props RETURN count(n) AS written
    """
    checked = ":".join(_label(x).value for x in labels)
    return (
        f"UNWIND $rows AS row MERGE (n:{checked} {{id: row.id}}) "
        "SET n += row.props RETURN count(n) AS written"
    )


def conflict_statement(labels: Sequence[Label], *, except_source: bool = False) -> str | None:
    """Return a read finding ids stored under the root label but lacking other labels.

    Examples
    --------
    >>> print(conflict_statement([Label.Organization, Label.Fund]))
    ... # doctest: +NORMALIZE_WHITESPACE
    UNWIND $ids AS id MATCH (n:Organization {id: id}) WHERE NOT n:Fund
    RETURN n.id AS id, labels(n) AS labels LIMIT 5
    >>> conflict_statement([Label.Park]) is None
    True
    """
    checked = [_label(x) for x in labels]
    root, extra = checked[0], checked[1:]
    if not extra:
        return None
    missing = " OR ".join(f"NOT n:{lab.value}" for lab in extra)
    if except_source:
        missing = f"({missing}) AND n.source <> $source"
    return (
        f"UNWIND $ids AS id MATCH (n:{root.value} {{id: id}}) WHERE {missing} "
        "RETURN n.id AS id, labels(n) AS labels LIMIT 5"
    )


def foreign_statement(other_root: Label, *, except_source: bool = False) -> str:
    """Return a read finding ids already stored under another root label ``other_root``.

    Ids are unique across the whole graph: an organisation id stored as a
    park is a conflict. With ``except_source`` nodes of ``$source`` (about to
    be deleted by a replace) do not count.

    Examples
    --------
    >>> print(foreign_statement(Label.Park))
    ... # doctest: +NORMALIZE_WHITESPACE
    UNWIND $ids AS id MATCH (n:Park {id: id}) RETURN n.id AS id, labels(n) AS labels LIMIT 5
    """
    root = _label(other_root)
    where = " WHERE n.source <> $source" if except_source else ""
    return (f"UNWIND $ids AS id MATCH (n:{root.value} {{id: id}}){where} "
            "RETURN n.id AS id, labels(n) AS labels LIMIT 5")


def edge_statement(rel_type: RelType, source_label: Label, target_label: Label) -> str:
    """Return the edge upsert for one ``(type, source_label, target_label)``.

    Examples
    --------
    >>> print(edge_statement(RelType.SUPPLIES, Label.Organization, Label.Organization))
    ... # doctest: +NORMALIZE_WHITESPACE
    UNWIND $rows AS row MATCH (a:Organization {id: row.source})
    MATCH (b:Organization {id: row.target})
    MERGE (a)-[r:SUPPLIES {key: row.key}]->(b) SET r += row.props RETURN count(r) AS written
    """
    rel, src, tgt = _rel_type(rel_type), _label(source_label), _label(target_label)
    return (
        f"UNWIND $rows AS row MATCH (a:{src.value} {{id: row.source}}) "
        f"MATCH (b:{tgt.value} {{id: row.target}}) "
        f"MERGE (a)-[r:{rel.value} {{key: row.key}}]->(b) SET r += row.props "
        "RETURN count(r) AS written"
    )


def _props(row: Mapping[str, Any], source: str, loaded_at: str) -> dict[str, Any]:
    props = row.get("props") or {}
    if "source" in props and "loaded_at" in props:
        return dict(props) if not isinstance(props, dict) else props  # shared, never mutated
    props = dict(props)
    props.setdefault("source", source)
    props.setdefault("loaded_at", loaded_at)
    return props


@lru_cache(maxsize=1024)
def _node_key(label: str, labels: tuple[str, ...]) -> tuple[Label, ...]:
    """Root label first, then the others sorted: the node group (validated)."""
    checked = _label(label)
    all_labels = {_label(x) for x in labels or (label,)}
    root = base_label(checked)
    return (root, *sorted(all_labels - {root}, key=lambda x: x.value))


@lru_cache(maxsize=4096)
def _edge_key(rel_type: str, source_label: str, target_label: str) -> tuple[RelType, Label, Label]:
    """``(type, source root label, target root label)``: the edge group (validated)."""
    return (
        _rel_type(rel_type),
        base_label(_label(source_label)),
        base_label(_label(target_label)),
    )


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def node_batches(
    nodes: Iterable[NodeRow], batch_size: int, *, source: str, loaded_at: str | None = None
) -> Iterator[Batch]:
    """Group node rows by label set and cut them into batches.

    Rows stream in; a group is flushed whenever it reaches ``batch_size``.

    Examples
    --------
    >>> rows = [{"id": "a", "label": "Enterprise", "labels": ["Organization", "Enterprise"],
    ...          "props": {"name": "A"}},
    ...         {"id": "P", "label": "Park", "labels": ["Park"], "props": {}}]
    >>> [(b.group, [r["id"] for r in b.rows]) for b in node_batches(rows, 10, source="s")]
    [('Organization:Enterprise', ['a']), ('Park', ['P'])]
    """
    stamp = loaded_at or _now()
    pending: dict[tuple[Label, ...], list[dict[str, Any]]] = {}
    for row in nodes:
        key = _node_key(str(row["label"]), tuple(row.get("labels") or ()))
        bucket = pending.setdefault(key, [])
        bucket.append({"id": str(row["id"]), "props": _props(row, source, stamp)})
        if len(bucket) >= batch_size:
            yield _node_batch(key, bucket)
            pending[key] = []
    for key, bucket in pending.items():
        if bucket:
            yield _node_batch(key, bucket)


def _node_batch(key: tuple[Label, ...], rows: list[dict[str, Any]]) -> Batch:
    group = ":".join(x.value for x in key)
    return Batch("nodes", group, node_statement(key), rows, conflict_statement(key))


def edge_batches(
    edges: Iterable[EdgeRow], batch_size: int, *, source: str, loaded_at: str | None = None
) -> Iterator[Batch]:
    """Group edge rows by ``(type, source_label, target_label)`` and batch them.

    Examples
    --------
    >>> rows = [{"key": "k1", "type": "SUPPLIES", "source": "a", "source_label": "Organization",
    ...          "target": "b", "target_label": "Organization", "props": {"weight": 2.0}}]
    >>> [(b.group, b.rows[0]["key"]) for b in edge_batches(rows, 10, source="s")]
    [('Organization-SUPPLIES->Organization', 'k1')]
    """
    stamp = loaded_at or _now()
    pending: dict[tuple[RelType, Label, Label], list[dict[str, Any]]] = {}
    for row in edges:
        key = _edge_key(str(row["type"]), str(row["source_label"]), str(row["target_label"]))
        bucket = pending.setdefault(key, [])
        bucket.append(
            {
                "key": str(row["key"]),
                "source": str(row["source"]),
                "target": str(row["target"]),
                "props": _props(row, source, stamp),
            }
        )
        if len(bucket) >= batch_size:
            yield Batch("edges", _edge_group(key), edge_statement(*key), bucket)
            pending[key] = []
    for key, bucket in pending.items():
        if bucket:
            yield Batch("edges", _edge_group(key), edge_statement(*key), bucket)


def _edge_group(key: tuple[RelType, Label, Label]) -> str:
    return f"{key[1].value}-{key[0].value}->{key[2].value}"


@dataclass(frozen=True)
class _Job:
    """One batch, encoded: its conflict check and its write, ready to send."""

    count: int
    batch: Batch
    check: Call | None
    write: Call

    def __call__(self) -> int:
        batch, count = self.batch, self.count
        if self.check is not None:
            conflicts = self.check()
            if conflicts:
                found = ", ".join(f"{c['id']!r} as {':'.join(c['labels'])}" for c in conflicts)
                raise StoreError(
                    f"batch {count} ({batch.kind} {batch.group}) not applied: ids already stored "
                    f"with other labels ({found}); reload their source with --replace, "
                    "or clear the store"
                )
        try:
            records = self.write()
        except Exception as exc:
            raise _failed(count, batch, exc) from exc
        done = int(records[0]["written"]) if records else 0
        if done < len(batch.rows):
            logger.warning(
                "batch %d (%s %s): %d of %d rows skipped (endpoint not in the store)",
                count,
                batch.kind,
                batch.group,
                len(batch.rows) - done,
                len(batch.rows),
            )
        return done


def _failed(count: int, batch: Batch, exc: Exception) -> StoreError:
    first = batch.rows[0].get("id") or batch.rows[0].get("key")
    error = StoreUnavailableError if isinstance(exc, StoreUnavailableError) else StoreError
    return error(
        f"batch {count} ({batch.kind} {batch.group}, {len(batch.rows)} rows "
        f"from {first!r}) failed and was not applied: {exc}"
    )


def _later(execute: Execute) -> Prepare:
    def prepare(statement: str, params: dict[str, Any]) -> Call:
        return partial(execute, statement, params)

    return prepare


def _job(prepare: Prepare, count: int, batch: Batch) -> _Job:
    check = (
        prepare(batch.check, {"ids": [row["id"] for row in batch.rows]})
        if batch.check is not None
        else None
    )
    try:
        write = prepare(batch.statement, {"rows": batch.rows})
    except Exception as exc:
        raise _failed(count, batch, exc) from exc
    return _Job(count, batch, check, write)


def write_batches(
    execute: Execute,
    batches: Iterable[Batch],
    progress: Progress | None = None,
    *,
    prepare: Prepare | None = None,
) -> tuple[int, int]:
    """Run ``batches`` in order; return ``(rows written, batches run)``.

    A failing batch raises :class:`StoreError` naming it; earlier batches stay
    written, nothing of the failing one is applied (one statement per batch).
    Edges whose endpoints are missing are skipped by ``MATCH`` and logged.

    With ``prepare`` (a store that can encode a statement ahead of sending it),
    batch *n + 1* is grouped and encoded here while a worker thread sends batch
    *n* and waits for the server. Only one batch is ever in flight and the next
    one is sent only after it succeeded, so the order, the conflict checks and
    the stop at the first failing batch are those of the plain loop.
    """
    if prepare is None:
        written = count = 0
        for count, batch in enumerate(batches, start=1):
            written += _job(_later(execute), count, batch)()
            if progress is not None:
                progress(len(batch.rows))
        return written, count
    return _pipelined(prepare, batches, progress)


def _pipelined(
    prepare: Prepare, batches: Iterable[Batch], progress: Progress | None
) -> tuple[int, int]:
    written = count = 0
    running: tuple[Batch, Future[int]] | None = None

    def collect() -> int:
        nonlocal running
        if running is None:
            return 0
        (batch, future), running = running, None
        done = future.result()
        if progress is not None:
            progress(len(batch.rows))
        return done

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ecograph-write") as pool:
        try:
            for count, batch in enumerate(batches, start=1):
                job = _job(prepare, count, batch)  # overlaps the batch in flight
                written += collect()
                running = (batch, pool.submit(job))
            written += collect()
        except BaseException:
            collect()  # the batch in flight finishes (atomic); its failure comes first
            raise
    return written, count
