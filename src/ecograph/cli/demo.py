"""CLI commands ``ecograph demo`` (load the demo package and serve) and ``ecograph synth``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ecograph.cli.output import console, err_console, print_table
from ecograph.resources import DEMO_DIR
from ecograph.settings import get_settings
from ecograph.synth import (
    DEFAULT_RELATIONS_PER_ORG,
    DEFAULT_SEED,
    MAX_RELATIONS_PER_ORG,
    MIN_RELATIONS_PER_ORG,
    SynthReport,
    generate,
)

__all__ = ["load_demo", "register"]

log = logging.getLogger(__name__)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console, transient=False)


def _counts_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("kind")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key, f"{value:,}")
    return table


def synth(
    orgs: Annotated[int, typer.Option(
        "--orgs", help="Number of organisations (at least 200).")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the data package into.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = (
        DEFAULT_SEED),
    parks: Annotated[int | None, typer.Option(
        "--parks", help="Top-level parks (default: max(3, orgs // 3000)).")] = None,
    relations_per_org: Annotated[float, typer.Option(
        "--relations-per-org",
        help=f"Relation rows per organisation, about ({MIN_RELATIONS_PER_ORG:g} to "
             f"{MAX_RELATIONS_PER_ORG:g}; supply, collaboration and investment ties scale)."
    )] = DEFAULT_RELATIONS_PER_ORG,
) -> None:
    """Generate a synthetic data package of ORGS organisations (deterministic)."""
    with _progress() as bar:
        tasks: dict[str, TaskID] = {}

        def on_progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.advance(tasks[phase], done)

        report: SynthReport = generate(out, orgs=orgs, seed=seed, parks=parks,
                                       relations_per_org=relations_per_org,
                                       progress=on_progress)
    print_table(_counts_table("Files (rows)", dict(report.files)))
    print_table(_counts_table("Organisations", dict(report.org_types)))
    print_table(_counts_table("Relations", dict(report.relations)))
    console.print(f"{report.files.get('relations.csv', 0):,} relations "
                  f"({report.relations_per_org:.2f} per organisation)")
    console.print(f"{report.orgs:,} organisations in {report.parks} parks "
                  f"({report.top_parks} top-level), seed {report.seed}, "
                  f"written to {report.out_dir} in {report.seconds:.1f} s")


def load_demo(progress: Callable[[int, int], None] | None = None) -> dict[str, float]:
    """Load the committed demo package into the configured store (idempotent).

    ``progress`` receives ``(rows_written, total_rows)``. Returns the counts
    of nodes, edges and rejects read and the seconds the store load took.
    """
    from ecograph.loaders import read_sources
    from ecograph.stores import open_store

    result = read_sources([DEMO_DIR])
    if result.rejects:
        log.warning("demo package: %d rows rejected", len(result.rejects))
    total = len(result.nodes) + len(result.edges)
    with open_store() as store:
        report = store.load(
            result.nodes, result.edges, source="demo", replace=True,
            progress=(lambda n: progress(n, total)) if progress is not None else None,
        )
    counts: dict[str, float] = dict(result.counts())
    counts["seconds"] = round(report.seconds, 2)
    return counts


def demo(
    no_serve: Annotated[bool, typer.Option(
        "--no-serve", help="Load the demo only; do not serve.")] = False,
    host: Annotated[str | None, typer.Option(
        "--host", help="Host to serve on (ECOGRAPH_API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(
        "--port", help="Port to serve on (ECOGRAPH_API_PORT).")] = None,
) -> None:
    """Load the demo ecosystem into the store and start the explorer."""
    settings = get_settings()
    host = host or settings.api_host
    port = settings.api_port if port is None else port
    from ecograph.stores import hold_server

    # One server for the load and the serving; stopped on exit if this started it.
    with hold_server(settings):
        started = time.perf_counter()
        with _progress() as bar:
            task = bar.add_task("loading demo", total=None)

            def on_progress(done: int, total: int) -> None:
                bar.update(task, total=total, advance=done)

            counts = load_demo(on_progress)
        console.print(f"Demo loaded: {counts['nodes']:,.0f} nodes, "
                      f"{counts['edges']:,.0f} edges, {counts['rejects']:.0f} rejects in "
                      f"{time.perf_counter() - started:.1f} s (from {DEMO_DIR})")
        url = f"http://{host}:{port}/"
        if no_serve:
            console.print(f"Explorer (after `ecograph serve`): {url}")
            return
        from ecograph.api.server import serve

        console.print(f"Explorer: [bold]{url}[/]  (Ctrl+C to stop)")
        serve(host, port)


def register(app: typer.Typer) -> None:
    """Add ``demo`` and ``synth`` to ``app``."""
    app.command("demo")(demo)
    app.command("synth")(synth)
