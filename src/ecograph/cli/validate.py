"""CLI command ``ecograph validate PATH...``: check sources, print the rejects.

Exit 0 when every row is clean, 1 with a rejects table otherwise; ``--json``
prints ``{"ok", "counts", "files", "rejects"}`` for machines; ``--strict``
fails through :class:`~ecograph.errors.ValidationFailedError` (exit 1 in
``app.py``); ``--rejects FILE`` also writes the CSV report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ecograph.cli.output import console, err_console, print_json
from ecograph.errors import ValidationFailedError
from ecograph.loaders import IngestResult, read_sources
from ecograph.validation import Reject, write_rejects

__all__ = ["register", "rejects_table", "validate"]

MAX_ROWS = 200


def rejects_table(rejects: list[Reject], limit: int = MAX_ROWS) -> Table:
    """Return a rich table of the first ``limit`` rejects.

    Examples
    --------
    >>> rejects_table([Reject("a.csv", 2, "type", "unknown type 'X'", "X")]).row_count
    1
    """
    table = Table(title=f"{len(rejects):,} rejected rows", title_justify="left")
    for name in ("file", "line", "column", "reason", "value"):
        table.add_column(name, overflow="fold", justify="right" if name == "line" else "left")
    for reject in rejects[:limit]:
        table.add_row(reject.file, str(reject.line), reject.column, reject.reason, reject.value)
    if len(rejects) > limit:
        table.caption = f"… and {len(rejects) - limit:,} more (use --rejects FILE or --json)"
    return table


def _payload(result: IngestResult) -> dict[str, object]:
    return {"ok": result.ok, "counts": result.counts(), "files": result.stats,
            "rejects": [r.to_dict() for r in result.rejects],
            "warnings": [w.to_dict() for w in result.warnings]}


def validate(
    paths: Annotated[list[Path], typer.Argument(
        help="Data-package folders, .xlsx workbooks and RDF files (.ttl .jsonld .nt .nq).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on any rejected row.")] = False,
    rejects_out: Annotated[Path | None, typer.Option(
        "--rejects", help="Also write the rejects report (CSV) to this file.")] = None,
    chain_maps: Annotated[bool, typer.Option(
        "--chain-maps/--no-chain-maps", help="Load the shipped chain maps first.")] = True,
) -> None:
    """Validate data packages and RDF files; list every rejected row."""
    with err_console.status("validating…"):
        result = read_sources(paths, include_chain_maps=chain_maps)
    if rejects_out is not None:
        write_rejects(result.rejects, rejects_out)
    if as_json:
        print_json(_payload(result))
    else:
        counts = result.counts()
        if result.rejects:
            console.print(rejects_table(result.rejects))
        for warning in result.warnings:  # located, but nothing rejected
            err_console.print(f"warning: {Path(warning.file).name} line {warning.line}, "
                              f"{warning.column}: {warning.reason}", highlight=False)
        console.print(f"{counts['nodes']:,} nodes, {counts['edges']:,} edges, "
                      f"{counts['rejects']:,} rejects", highlight=False)
    if result.rejects:
        if strict:
            raise ValidationFailedError(f"{len(result.rejects)} rows rejected (strict mode)",
                                        rejects=list(result.rejects))
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("validate")(validate)
