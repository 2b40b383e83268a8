"""Analysis results as tables: rows for CSV and a workbook for Excel (bytes, no I/O).

A *sheet* is ``(title, columns, rows)``; rows are mappings from column to a
plain value. The CLI and the API write the same tables.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["Sheet", "to_csv_text", "to_xlsx"]

Sheet = tuple[str, Sequence[str], Sequence[Mapping[str, Any]]]


def to_csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """One table as CSV text (no BOM; writers add one for Excel).

    Examples
    --------
    >>> to_csv_text(["a", "b"], [{"a": 1, "b": None}])
    'a,b\\n1,\\n'
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
    return buffer.getvalue()


def to_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as an .xlsx workbook, one worksheet each, header row frozen.

    Examples
    --------
    >>> to_xlsx([("t", ["a"], [{"a": 1}])])[:2]
    b'PK'
    """
    from openpyxl import Workbook

    book = Workbook()
    first = True
    for title, columns, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        if sheet is None:  # pragma: no cover - a new workbook always has one sheet
            sheet = book.create_sheet()
        sheet.title = title[:31]
        sheet.append(list(columns))
        for row in rows:
            sheet.append([row.get(c) for c in columns])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
