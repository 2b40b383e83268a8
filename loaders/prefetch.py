"""An edge table's row checks in a second process, streamed back in order.

The edge pass of a streaming read (:mod:`ecograph.loaders.stream`) spends
most of its time on work that needs nothing but the row: reading the CSV
record, :meth:`~ecograph.validation.tabular.TableChecker.edge_parts` (cells,
types, dates, numbers) and :func:`~ecograph.mapping.rows.edge_key`. On a
machine with a second core, :func:`checked_edges` has a worker process do
that work for one CSV file while the loader resolves, checks across rows and
writes what the worker sent before. The worker sends, in the file's order,
batches of entries (``marshal``: plain tuples, no pickled classes):

- ``(line, rel, source, target, props, key)``: an edge row that passed the
  row checks (``rel`` the type's name, ``props`` with the provenance);
- ``(line, problems)``: a record that failed them (the
  :attr:`~ecograph.validation.tabular.RowError.problems`);
- ``(reject,)``: a record that is not a row (an unbalanced quote …), the
  fields of its :class:`~ecograph.validation.reject.Reject`.

The entries are exactly what the same checks give in the loading process, so
the rows, the rejects and their order do not depend on whether a worker ran.
"""

from __future__ import annotations

import json
import logging
import marshal
import struct
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO

from ecograph.errors import InputError
from ecograph.mapping.rows import PropValue, edge_key
from ecograph.validation.reject import Reject

__all__ = ["Entry", "check_edge_file", "checked_edges"]

#: One entry of the worker's stream (see the module docstring).
Entry = tuple[Any, ...]
#: Records per batch sent by the worker.
BATCH = 2000
_LENGTH = struct.Struct("=I")


def check_edge_file(file: str, table_name: str, header: Sequence[str],
                    prov: dict[str, PropValue], batch: int = BATCH) -> Iterator[list[Entry]]:
    """Read and check the edge table ``file``; yield its entries in batches (in-process).

    This is the worker's loop; ``header`` is the header the loader read, the
    records are read again from the file.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "relations.csv").write_text(
    ...     "source,target,type,since\\na,b,SUPPLIES,2019\\na,,SUPPLIES,\\n", encoding="utf-8")
    >>> [entries] = check_edge_file(str(folder / "relations.csv"), "relations",
    ...                             ["source", "target", "type", "since"], {"source": "demo"})
    >>> entries[0][:5]
    (2, 'SUPPLIES', 'a', 'b', {'since': '2019-01-01', 'source': 'demo'})
    >>> entries[0][5] == edge_key("SUPPLIES", "a", "b", {"since": "2019-01-01"})
    True
    >>> entries[1]
    (3, [('target', 'missing required value', '', 'error')])
    """
    from ecograph.loaders.tabular import _csv_records
    from ecograph.mapping.tables import TABLES
    from ecograph.validation.shapes import load_shapes
    from ecograph.validation.tabular import RowError, TableChecker

    checker = TableChecker(TABLES[table_name], header, load_shapes())
    parts = checker.edge_parts
    out: list[Entry] = []

    def report(reject: Reject) -> None:
        out.append(((reject.file, reject.line, reject.column, reject.reason, reject.value,
                     reject.severity),))

    for _header, records in _csv_records(Path(file), report, None):
        for line, cells in records:
            try:
                rel, source, target, props = parts(cells)
            except RowError as exc:
                out.append((line, exc.problems))
            else:
                name = rel.value
                key = edge_key(name, source, target, props)
                props.update(prov)
                out.append((line, name, source, target, props, key))
            if len(out) >= batch:
                yield out
                out = []
    yield out


def _work(job: dict[str, Any], out: BinaryIO) -> None:
    """The worker: write :func:`check_edge_file`'s batches to ``out`` as frames, then ``b""``.

    A frame is a 4-byte length and that many bytes; a failure is a last frame
    starting with ``!``.
    """
    logging.disable(logging.WARNING)  # the loader logs the file's warnings (encoding …)

    def frame(data: bytes) -> None:
        out.write(_LENGTH.pack(len(data)))
        out.write(data)

    try:
        for entries in check_edge_file(job["file"], job["table"], job["header"], job["prov"],
                                       job["batch"]):
            frame(marshal.dumps(entries))
        frame(b"")
    except Exception as exc:  # reported to the loader, which raises it
        frame(b"!" + f"{type(exc).__name__}: {exc}".encode())
    out.flush()


def _frames(stream: IO[bytes]) -> Iterator[bytes]:
    while True:
        head = stream.read(_LENGTH.size)
        if len(head) < _LENGTH.size:
            return
        (size,) = _LENGTH.unpack(head)
        data = stream.read(size) if size else b""
        if len(data) < size:
            return
        yield data


def checked_edges(file: str, table_name: str, header: Sequence[str],
                  prov: dict[str, PropValue], batch: int = BATCH) -> Iterator[list[Entry]]:
    """Yield :func:`check_edge_file`'s batches, computed by a worker process.

    The worker (``python -m ecograph.loaders.prefetch``, a fresh interpreter)
    runs ahead of the caller by a few batches (the pipe's buffer). Closing the
    iterator early stops it.

    Raises
    ------
    InputError
        If the worker fails or dies.
    """
    job = {"file": file, "table": table_name, "header": list(header), "prov": dict(prov),
           "batch": batch}
    worker = subprocess.Popen([sys.executable, "-m", "ecograph.loaders.prefetch"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 20)
    stdin, stdout = worker.stdin, worker.stdout
    if stdin is None or stdout is None:  # pragma: no cover (both are pipes)
        raise InputError("the edge-check worker has no pipes")
    finished = False
    try:
        stdin.write(json.dumps(job).encode())
        stdin.close()
        for data in _frames(stdout):
            if not data:
                finished = True
                return
            if data[:1] == b"!":
                raise InputError(f"{file}: the edge-check worker failed: "
                                 f"{data[1:].decode(errors='replace')}")
            yield marshal.loads(data)  # our own worker's bytes
        raise InputError(f"{file}: the edge-check worker stopped "
                         f"(exit code {worker.wait()})")
    finally:
        stdout.close()
        if not finished:
            worker.kill()
        worker.wait()


if __name__ == "__main__":
    _work(json.loads(sys.stdin.buffer.read()), sys.stdout.buffer)
