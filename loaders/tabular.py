"""Tabular data packages: a folder of CSV files or one ``.xlsx`` workbook.

:func:`iter_tables` yields, in dependency order (chains, parks, organisations,
then the optional data model v2 tables qualifications, org_stats,
collaborations and park_stats, then segments, relations), each known table of a package as
``(file, mapping, header, records)`` where ``records`` streams
``(line, cells)`` with ``line`` the 1-based record number (header = 1). CSV is
read with the :mod:`csv` module, one record at a time; a workbook sheet whose
name matches a file stem (``organizations`` …) is the same table. Unknown files
and sheets are skipped (logged).

Reading rules for CSV (data model, "Tabular input"):

- UTF-8 with or without BOM; a file that is not valid UTF-8 but is valid
  GB18030 (what Excel on Chinese Windows saves) is read as GB18030 and a
  notice says so; a file that is neither is an :class:`InputError`.
- A cell may hold at most :data:`MAX_CELL_CHARS` characters (1 MiB); a longer
  one is reported at its line and the rest of that file is not read.
- A record whose quoted cell runs over lines that look like rows of their own
  (an unbalanced ``"``) is reported at the line where the quote opened and
  skipped, instead of being read as one huge cell.
"""

from __future__ import annotations

import codecs
import csv
import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ecograph.errors import InputError
from ecograph.mapping.tables import TABLES, TableMapping, table_for_file
from ecograph.validation.reject import Reject

__all__ = ["MAX_CELL_CHARS", "TABLE_ORDER", "Records", "TableStream", "cell_text",
           "detect_encoding", "is_package", "iter_tables"]

log = logging.getLogger(__name__)

TABLE_ORDER = ("chains", "parks", "organizations", "qualifications", "org_stats",
               "collaborations", "park_stats", "segments", "relations")
Records = Iterator[tuple[int, Sequence[str]]]
TableStream = tuple[str, TableMapping, list[str], Records]
Report = Callable[[Reject], None]
Notice = Callable[[str], None]

#: Longest cell a CSV file may hold, in characters (the csv module's default is 131,072).
MAX_CELL_CHARS = 1_048_576
_CHUNK = 1 << 20


def detect_encoding(path: Path) -> str:
    """Return ``"utf-8-sig"`` or ``"gb18030"``: how the CSV file at ``path`` is to be read.

    Raises
    ------
    InputError
        The file is neither UTF-8 nor GB18030.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_bytes("id,name\\na,苏州\\n".encode("gb18030"))
    >>> _ = (folder / "b.csv").write_bytes("id,name\\na,苏州\\n".encode("utf-8"))
    >>> detect_encoding(folder / "a.csv"), detect_encoding(folder / "b.csv")
    ('gb18030', 'utf-8-sig')
    """
    reason = ""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        offset = 0
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    decoder.decode(chunk)
                    offset += len(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            reason = reason or f"byte {offset + exc.start + 1}: {exc.reason}"
            continue
        return encoding
    raise InputError(f"{path}: neither UTF-8 nor GB18030 ({reason})")


def is_package(path: Path) -> bool:
    """Return True when ``path`` is a CSV folder or an ``.xlsx`` workbook."""
    return path.is_dir() or path.suffix.lower() == ".xlsx"


def cell_text(value: object) -> str:
    """Return the text of a workbook cell as a CSV file would hold it.

    Examples
    --------
    >>> cell_text(None), cell_text(2015), cell_text(12.0), cell_text(1.5), cell_text(True)
    ('', '2015', '12', '1.5', 'true')
    >>> cell_text(datetime(2020, 3, 4))
    '2020-03-04'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _unbalanced(cells: Sequence[str], width: int) -> str:
    """Return the swallowed text when a cell spans lines that look like rows, else ""."""
    for cell in cells:
        if "\n" in cell:
            for text in cell.split("\n")[1:]:
                if width > 1 and text.count(",") >= width - 1:
                    return cell
    return ""


def _decoded(path: Path, reader: Any, width: int, report: Report | None) -> Records:
    line = 2  # record number (header = 1), as reported for every reject
    physical = reader.line_num  # last physical line read so far
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if report is not None:
                report(Reject(str(path), line, "", f"unreadable record from line {physical + 1}: "
                              f"{exc} (a cell may hold at most {MAX_CELL_CHARS:,} characters);"
                              " the rest of the file was not read", ""))
            return
        opened, physical = physical + 1, reader.line_num
        if physical > opened and report is not None:
            swallowed = _unbalanced(cells, width)
            if swallowed:
                report(Reject(str(path), line, "", f"unbalanced quote: the quoted cell opened on "
                              f"line {opened} is not closed until line {physical}, swallowing "
                              f"{physical - opened} lines; the record was skipped",
                              swallowed[:80].replace("\n", "\\n")))
                line += 1
                continue
        if any(cells):
            yield line, cells
        line += 1


def _csv_records(path: Path, report: Report | None,
                 notice: Notice | None) -> Iterator[tuple[list[str], Records]]:
    encoding = detect_encoding(path)
    if encoding != "utf-8-sig":
        log.warning("%s: not UTF-8; read as %s", path, encoding.upper())
        if notice is not None:
            notice(f"{path}: not UTF-8; read as {encoding.upper()}")
    csv.field_size_limit(MAX_CELL_CHARS)
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise InputError(f"{path}: unreadable header ({exc})") from exc
        yield header, _decoded(path, reader, len(header), report)


def _folder_tables(folder: Path, report: Report | None,
                   notice: Notice | None) -> Iterator[TableStream]:
    files = {p.stem.lower(): p for p in folder.glob("*.csv")}
    if "organizations" not in files:
        raise InputError(f"{folder}: not a data package (no organizations.csv)")
    for stem in sorted(set(files) - set(TABLES)):
        log.info("skipping %s: not a data-package table", files[stem])
    for name in TABLE_ORDER:
        path = files.get(name)
        if path is None:
            continue
        for header, records in _csv_records(path, report, notice):
            yield str(path), TABLES[name], header, records


def _workbook_tables(book: Path) -> Iterator[TableStream]:
    from openpyxl import load_workbook

    if not book.is_file():
        raise InputError(f"workbook not found: {book}")
    try:
        workbook = load_workbook(book, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile / KeyError / ValueError variants
        raise InputError(f"{book}: cannot read workbook ({exc})") from exc
    try:
        sheets = {name.strip().lower(): name for name in workbook.sheetnames}
        if "organizations" not in sheets:
            raise InputError(f"{book}: not a data package (no 'organizations' sheet)")
        for name in TABLE_ORDER:
            sheet_name = sheets.get(name)
            if sheet_name is None:
                continue
            table = table_for_file(name)
            if table is None:
                continue
            rows = workbook[sheet_name].iter_rows(values_only=True)
            header = [cell_text(v) for v in next(rows, ())]
            records: Records = (
                (line, cells) for line, cells in
                ((i, [cell_text(v) for v in row]) for i, row in enumerate(rows, start=2))
                if any(cells)
            )
            yield f"{book}:{sheet_name}", table, header, records
    finally:
        workbook.close()


def iter_tables(path: Path, report: Report | None = None,
                notice: Notice | None = None) -> Iterator[TableStream]:
    """Yield the tables of the data package at ``path`` (folder or ``.xlsx``).

    Consume each table's ``records`` before asking for the next table.
    ``report`` receives the records that cannot be read as rows (an
    unbalanced quote, an over-long cell); ``notice`` a sentence per file read
    in another encoding than UTF-8.

    Raises
    ------
    InputError
        If ``path`` is not a data package or cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "organizations.csv").write_text("id,name,type\\na,甲,Enterprise\\n",
    ...                                               encoding="utf-8")
    >>> [(Path(f).name, t.name, h) for f, t, h, _ in iter_tables(folder)]
    [('organizations.csv', 'organizations', ['id', 'name', 'type'])]
    """
    if path.is_dir():
        yield from _folder_tables(path, report, notice)
    elif path.suffix.lower() == ".xlsx":
        yield from _workbook_tables(path)
    else:
        raise InputError(f"{path}: not a data package (folder or .xlsx)")
