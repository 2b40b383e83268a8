"""Output of the table-shaped analysis commands: table, JSON, CSV (BOM in files) or XLSX."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

import typer

from ecograph.cli.output import err_console
from ecograph.errors import ParameterError

__all__ = ["FORMATS", "ParkResult", "check_format", "park_command", "write_result"]

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


class ParkResult(Protocol):
    """A park analysis result: plain data for JSON through ``to_dict``."""

    def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=ParkResult)


def park_command(app: typer.Typer, name: str, summary: str, *,
                 compute: Callable[[Any, str, Any], R], csv_text: Callable[[R], str],
                 xlsx: Callable[[R], bytes], render: Callable[[R], None],
                 scoped: bool = False) -> None:
    """Add ``name`` to ``app``: one park analysis with ``--park``, ``--as-of`` and the formats.

    ``compute(graph, park, as_of)`` runs the analysis on the projected graph;
    the result goes out as a table (``render``), JSON (``to_dict``), CSV or XLSX.
    ``summary`` is the command's help (its first line is the listing's).
    ``scoped``: the analysis reads only the park's scope
    (``GraphStore.park_graph(..., candidates=False)``), not the whole graph.
    """

    @app.command(name, help=summary)
    def command(
        park: str = typer.Option(..., "--park", help="Park id (sub-parks included)."),
        as_of: Annotated[str | None, typer.Option(
            "--as-of", metavar="DATE", help="Reference date YYYY-MM-DD (default today).")] = None,
        fmt: Annotated[str, typer.Option(
            "--format", help="table, json, csv or xlsx (xlsx needs -o).")] = "table",
        as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
        output: Annotated[Path | None, typer.Option(
            "-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")] = None,
    ) -> None:
        from ecograph.analysis.common import resolve_as_of
        from ecograph.stores import open_store

        chosen = check_format(fmt, as_json, output)
        day = resolve_as_of(as_of)
        with err_console.status("projecting the graph…"), open_store() as store:
            graph = (store.park_graph(park, as_of=day, candidates=False) if scoped
                     else store.to_networkx())
        report = compute(graph, park, day)
        write_result(chosen, output, report.to_dict(), csv_text=lambda: csv_text(report),
                     xlsx=lambda: xlsx(report), render=lambda: render(report))
