"""CLI command ``ecograph analyze targets``: the park's 招商清单 across its leading chains."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from ecograph.analysis.chain.planner import PLANNER_COLUMNS, TargetList, park_targets, to_xlsx
from ecograph.analysis.common import resolve_as_of
from ecograph.cli.output import console, err_console

__all__ = ["register", "to_csv_text"]

OutFormat = Literal["table", "csv", "json", "xlsx"]


def to_csv_text(targets: TargetList) -> str:
    """The 招商清单 as CSV text (no BOM; files get one when written)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(PLANNER_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for record in targets.records():
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue()


def _table(targets: TargetList) -> Table:
    table = Table(title=f"招商清单 — {targets.park} (as of {targets.as_of}; "
                        f"chains {', '.join(targets.chains) or '—'})", title_justify="left")
    for col in ("#", "chain", "segment", "action", "candidate", "location", "park",
                "employees", "revenue", "qualifications", "supplies", "path", "score"):
        table.add_column(col)
    for r in targets.rows:
        where = " ".join(x for x in (r.province, r.city) if x) or "—"
        table.add_row(str(r.rank), r.chain, f"{r.segment} {r.segment_name}", r.action,
                      f"{r.candidate} {r.candidate_name}", where, r.current_park or "—",
                      "—" if r.employees is None else f"{r.employees:g}",
                      "—" if r.revenue is None else f"{r.revenue:g}",
                      r.qualifications or "—", r.supplies_park_firms or "—", r.path or "—",
                      f"{r.score:.2f}")
    return table


def register(app: typer.Typer) -> None:
    """Add ``targets`` to the ``analyze`` sub-app."""

    @app.command("targets")
    def targets(
        park: str = typer.Option(..., "--park", help="Park id."),
        chain: Annotated[str | None, typer.Option(
            "--chain", help="One leading chain (default: all leading chains).")] = None,
        as_of: Annotated[str | None, typer.Option(
            "--as-of", metavar="DATE", help="Only edges current at DATE count "
                                            "(YYYY-MM-DD; default today).")] = None,
        fmt: Annotated[str, typer.Option(
            "--format", help="table, csv, json or xlsx (xlsx needs -o).")] = "table",
        output: Annotated[Path | None, typer.Option(
            "-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")] = None,
        top: int = typer.Option(5, "--top", min=0, help="Candidates per gap."),
    ) -> None:
        """招商清单: one row per candidate per recommended gap of the leading chains."""
        from ecograph.errors import ParameterError
        from ecograph.stores import open_store

        if fmt not in ("table", "csv", "json", "xlsx"):
            raise ParameterError(f"--format must be table, csv, json or xlsx, not {fmt!r}")
        if fmt == "xlsx" and output is None:
            raise ParameterError("--format xlsx needs -o FILE")
        day = resolve_as_of(as_of)
        # the park's scope for its leading chains (or the one asked), docs/scale.md
        with err_console.status("projecting the park's scope…"), open_store() as store:
            graph = store.park_graph(park, chain=chain, as_of=day, top_candidates=top)
        result = park_targets(graph, park, chain, as_of=day, top_candidates=top)
        if result.message:
            err_console.print(f"[yellow]{result.message}[/]", highlight=False)
        if fmt == "xlsx":
            assert output is not None
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(to_xlsx(result))
        elif fmt in ("csv", "json"):
            text = (to_csv_text(result) if fmt == "csv"
                    else json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
            if output is None:
                typer.echo(text, nl=False)
            else:
                output.parent.mkdir(parents=True, exist_ok=True)
                output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        else:
            console.print(_table(result))
        if output is not None:
            err_console.print(f"wrote {len(result.rows)} row(s) to {output}", highlight=False)
