"""CLI commands ``ecograph report`` (the planner's HTML report) and ``ecograph indicators``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ecograph.analysis.indicators.evaluation import ParkEvaluation
from ecograph.analysis.indicators.systems import StatRow, load_systems, read_park_stats
from ecograph.cli.output import console, err_console, print_json, print_table

__all__ = ["register", "render_evaluation"]

_OUTPUT = typer.Option(Path("report.html"), "--output", "-o", help="HTML file to write.")
_STATS = typer.Option(None, "--stats", help="Extra park_stats.csv files (repeatable).")


def _stats(files: list[Path] | None) -> list[StatRow]:
    from ecograph.analysis.indicators.stats import load_park_stats
    from ecograph.settings import get_settings

    return load_park_stats(get_settings()) + read_park_stats(files or [])


def _value(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def render_evaluation(evaluation: ParkEvaluation) -> None:
    """Print the indicator table and the tier results as rich tables."""
    table = Table(title=f"Indicators of {evaluation.park}"
                  + (f" ({evaluation.year})" if evaluation.year else ""), title_justify="left")
    for col in ("id", "indicator", "value", "unit", "source"):
        table.add_column(col, justify="right" if col == "value" else "left")
    style = {"graph": "cyan", "table": "green", "missing": "dim"}
    for v in evaluation.indicators:
        table.add_row(v.id, f"{v.zh} / {v.en}", _value(v.value), v.unit,
                      f"[{style.get(v.source, '')}]{v.source}[/]")
    print_table(table)
    for tier in evaluation.tiers:
        t = Table(title=f"{tier.tier_zh} / {tier.tier_en}: met {tier.met} of {tier.total} "
                        f"(known {tier.known})" + (" — QUALIFIES" if tier.qualifies else ""),
                  title_justify="left")
        for col in ("target", "value", "threshold", "unit", "met"):
            t.add_column(col, justify="right" if col in ("value", "threshold") else "left")
        for row in tier.targets:
            met = row["met"]
            mark = "[dim]unknown[/]" if met is None else ("[green]yes[/]" if met else "[red]no[/]")
            value = row["value"]
            t.add_row(str(row["zh"]), _value(value if isinstance(value, float) else None),
                      f"{row['comparator']} {row['threshold']:g}", str(row["unit"]), mark)
        console.print(t)
    console.print(f"qualifies for: [bold]{evaluation.qualifies_for or 'none'}[/]", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``report`` and ``indicators`` to ``app``."""

    @app.command("report")
    def report(
        park: str = typer.Option(..., "--park", help="Park id (sub-parks included)."),
        output: Path = _OUTPUT,
        year: int | None = typer.Option(None, "--year", help="Report year."),
        stats: list[Path] | None = _STATS,
        as_of: str | None = typer.Option(None, "--as-of", metavar="DATE",
                                         help="Only edges current at DATE count (YYYY-MM-DD; "
                                              "default 31 December of --year, else today)."),
    ) -> None:
        """Write the planner's report for a park: one self-contained HTML page."""
        from ecograph.report import build_report, render_html
        from ecograph.stores import open_store

        rows = _stats(stats)
        with err_console.status("projecting the graph…"), open_store() as store:
            graph = store.to_networkx()
        with err_console.status("analysing the park…"):
            data = build_report(graph, park, systems=load_systems(), stats=rows, year=year,
                                as_of=as_of)
            html = render_html(data)
        output.write_text(html, encoding="utf-8")
        err_console.print(f"wrote {output} ({len(html) // 1024} KB)", highlight=False)

    @app.command("indicators")
    def indicators(
        park: str = typer.Option(..., "--park", help="Park id (sub-parks included)."),
        year: int | None = typer.Option(None, "--year", help="Report year."),
        stats: list[Path] | None = _STATS,
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Evaluate a park on the indicator systems: values, sources, tier results."""
        from ecograph.analysis.common import require_node
        from ecograph.analysis.indicators.evaluation import evaluate_peers
        from ecograph.stores import open_store
        from ecograph.vocab import Label

        rows = _stats(stats)
        with err_console.status("projecting the graph…"), open_store() as store:
            graph = store.to_networkx()
        require_node(graph, park, Label.Park)
        peers = evaluate_peers(graph, park, load_systems(), rows, year=year)
        if as_json:
            print_json(peers.to_dict())  # the JSON of GET /parks/{id}/indicators
        else:
            render_evaluation(peers.own)
