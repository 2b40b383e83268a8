"""Shared output helpers for CLI commands: JSON, CSV, rich consoles and tables."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["OUTPUT_FORMATS", "console", "err_console", "print_csv", "print_json", "print_table"]

console = Console()
err_console = Console(stderr=True)
#: Values of the ``--format`` switch of commands that print rows.
OUTPUT_FORMATS = ("table", "csv", "json")


def print_json(value: Any) -> None:
    """Print ``value`` as UTF-8 JSON on stdout (Chinese kept readable)."""
    from ecograph.analysis.common import to_plain  # NetworkX: only when printing JSON

    print(json.dumps(to_plain(value), ensure_ascii=False, indent=2))


def print_csv(rows: Sequence[dict[str, Any]]) -> None:
    """Print ``rows`` (dicts with the same keys) as CSV on stdout, lists joined with ``;``.

    Examples
    --------
    >>> print_csv([{"id": "E1", "name": "甲", "tags": ["a", "b"], "n": None}])
    id,name,tags,n
    E1,甲,a;b,
    """
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if not rows:
        return
    keys = list(rows[0])
    writer.writerow(keys)
    for row in rows:
        writer.writerow([";".join(map(str, v)) if isinstance(v, (list, tuple))
                         else "" if v is None else v for v in (row.get(k) for k in keys)])


def print_table(table: Table, out: Console | None = None) -> None:
    """Print ``table`` so that it stays readable at the console's width (80 in a pipe).

    Cells fold instead of being cut with ``…``; a table whose headers alone are
    wider than the console is printed one block per row (``column  value``)
    instead of squeezing every column to a few letters.

    Examples
    --------
    >>> from io import StringIO
    >>> narrow = Console(file=StringIO(), width=30)
    >>> table = Table(title="Carriers")
    >>> for name in ("carrier", "name", "entrants", "graduates", "exits"):
    ...     table.add_column(name)
    >>> table.add_row("I1", "苏州纳米孵化器", "12", "3", "1")
    >>> print_table(table, narrow)
    >>> "graduates" in narrow.file.getvalue() and "gra…" not in narrow.file.getvalue()
    True
    """
    out = out or console
    for column in table.columns:
        column.overflow = "fold"
    needed = sum(len(str(column.header)) + 3 for column in table.columns) + 1
    if needed <= out.width:
        out.print(table)
        return
    if table.title:
        out.print(table.title, highlight=False)
    cells = [list(column.cells) for column in table.columns]
    for index in range(table.row_count):
        block = Table(show_header=False, box=None, padding=(0, 1))
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for column, values in zip(table.columns, cells, strict=True):
            block.add_row(str(column.header), values[index])
        out.print(block)
        out.print()
    if table.caption:
        out.print(table.caption, highlight=False)
