"""Output of the table-shaped analysis commands: table, JSON, CSV (BOM in files) or XLSX."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from ecograph.cli.output import err_console
from ecograph.errors import ParameterError

__all__ = ["FORMATS", "check_format", "write_result"]

FORMATS = ("table", "json", "csv", "xlsx")


def check_format(fmt: str, as_json: bool, output: Path | None) -> str:
    """Return the format asked for (``--json`` means json); raise on a bad one."""
    fmt = "json" if as_json else fmt
    if fmt not in FORMATS:
        raise ParameterError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "xlsx" and output is None:
        raise ParameterError("--format xlsx needs -o FILE")
    return fmt


def write_result(fmt: str, output: Path | None, data: dict[str, Any], *,
                 csv_text: Callable[[], str], xlsx: Callable[[], bytes],
                 render: Callable[[], None]) -> None:
    """Write JSON / CSV / XLSX to ``output`` or stdout, or render the tables."""
    if fmt == "table":
        render()
        return
    if fmt == "xlsx":
        if output is None:
            raise ParameterError("--format xlsx needs -o FILE")
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(xlsx())
    else:
        text = csv_text() if fmt == "csv" else json.dumps(data, ensure_ascii=False,
                                                          indent=2) + "\n"
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    if output is not None:
        err_console.print(f"wrote {output}", highlight=False)
