"""Tabular data packages: a folder of CSV files or one ``.xlsx`` workbook.

:func:`iter_tables` yields, in dependency order (chains, parks, organisations,
segments, relations), each known table of a package as
``(file, mapping, header, records)`` where ``records`` streams
``(line, cells)`` with ``line`` the 1-based record number (header = 1). CSV is
read with the :mod:`csv` module, one record at a time; a workbook sheet whose
name matches a file stem (``organizations`` …) is the same table. Unknown files
and sheets are skipped (logged).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from ecograph.errors import InputError
from ecograph.mapping.tables import TABLES, TableMapping, table_for_file

__all__ = ["TABLE_ORDER", "Records", "TableStream", "cell_text", "is_package", "iter_tables"]

log = logging.getLogger(__name__)

TABLE_ORDER = ("chains", "parks", "organizations", "segments", "relations")
Records = Iterator[tuple[int, Sequence[str]]]
TableStream = tuple[str, TableMapping, list[str], Records]


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


def _decoded(path: Path, reader: Iterator[list[str]]) -> Records:
    try:
        for record in enumerate(reader, start=2):  # (line, cells), yielded as it is
            if any(record[1]):
                yield record
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason})") from exc


def _csv_records(path: Path) -> Iterator[tuple[list[str], Records]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 ({exc.reason})") from exc
        yield header, _decoded(path, reader)


def _folder_tables(folder: Path) -> Iterator[TableStream]:
    files = {p.stem.lower(): p for p in folder.glob("*.csv")}
    if "organizations" not in files:
        raise InputError(f"{folder}: not a data package (no organizations.csv)")
    for stem in sorted(set(files) - set(TABLES)):
        log.info("skipping %s: not a data-package table", files[stem])
    for name in TABLE_ORDER:
        path = files.get(name)
        if path is None:
            continue
        for header, records in _csv_records(path):
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


def iter_tables(path: Path) -> Iterator[TableStream]:
    """Yield the tables of the data package at ``path`` (folder or ``.xlsx``).

    Consume each table's ``records`` before asking for the next table.

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
        yield from _folder_tables(path)
    elif path.suffix.lower() == ".xlsx":
        yield from _workbook_tables(path)
    else:
        raise InputError(f"{path}: not a data package (folder or .xlsx)")
