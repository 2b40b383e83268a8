"""CLI command ``ecograph validate PATH...``: check sources, print the rejects.

Exit 0 when every row is clean, 1 with a rejects table otherwise (rejected
rows and rejected cells alike, whatever the format); ``--json`` prints
``{"ok", "counts", "package", "chain_maps", "notices", "files", "rejects"}``
for machines; ``--strict``
fails through :class:`~ecograph.errors.ValidationFailedError` (exit 1 in
``app.py``); ``--rejects FILE`` also writes the CSV report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ecograph.cli.output import console, err_console, print_json, print_table
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
    cells = sum(1 for r in rejects if r.severity == "warning")
    errors = [r for r in rejects if r.severity != "warning"]
    rows = len({(r.file, r.line) for r in errors})
    parts = [_plural(rows, "rejected row") + (f" ({len(errors):,} problems)"
                                              if len(errors) > rows else "")] if errors else []
    parts += [f"{_plural(cells, 'rejected cell')} (row loaded without it)"] if cells else []
    title = ", ".join(parts)
    table = Table(title=title, title_justify="left")
    for name in ("file", "line", "column", "reason", "value"):
        table.add_column(name, overflow="fold", justify="right" if name == "line" else "left")
    for reject in rejects[:limit]:
        reason = reject.reason if reject.severity == "error" else f"warning: {reject.reason}"
        table.add_row(reject.file, str(reject.line), reject.column, reason, reject.value)
    if len(rejects) > limit:
        table.caption = f"… and {len(rejects) - limit:,} more (use --rejects FILE or --json)"
    return table


def _plural(count: int, noun: str) -> str:
    """Return ``count noun`` with an English plural.

    Examples
    --------
    >>> _plural(1, "rejected row"), _plural(2, "rejected row")
    ('1 rejected row', '2 rejected rows')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _payload(result: IngestResult) -> dict[str, object]:
    return {"ok": result.ok, "counts": result.counts(), "package": result.package_counts(),
            "chain_maps": result.chain_map_counts(), "notices": result.notices,
            "files": result.stats, "rejects": [r.to_dict() for r in result.rejects],
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
        for notice in result.notices:
            err_console.print(f"note: {notice}", highlight=False)
        counts = result.package_counts()
        if result.rejects:
            print_table(rejects_table(result.rejects))
        for warning in result.warnings:  # located, but nothing rejected
            err_console.print(f"warning: {Path(warning.file).name} line {warning.line}, "
                              f"{warning.column}: {warning.reason}", highlight=False)
        console.print(f"{_plural(counts['rows'], 'row')} read: "
                      f"{_plural(counts['nodes'], 'node')}, {_plural(counts['edges'], 'edge')}, "
                      f"{_plural(counts['rejects'], 'reject')}", highlight=False)
        if result.chain_map_files:
            chains = result.chain_map_counts()
            console.print(f"shipped chain maps: {_plural(chains['nodes'], 'node')}, "
                          f"{_plural(chains['edges'], 'edge')} (--no-chain-maps leaves them out)",
                          highlight=False)
    if result.rejects:
        if strict:
            raise ValidationFailedError(f"{len(result.rejects)} rows rejected (strict mode)",
                                        rejects=list(result.rejects))
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("validate")(validate)
