"""CLI commands ``ecograph report`` (the planner's HTML report) and ``ecograph indicators``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from ecograph.analysis.indicators.evaluation import ParkEvaluation
from ecograph.analysis.indicators.systems import load_systems
from ecograph.cli.output import console, err_console, print_json, print_table

__all__ = ["register", "render_evaluation"]

_OUTPUT = typer.Option(Path("report.html"), "--output", "-o", help="HTML file to write.")


def _value(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def _mark(met: bool | None) -> str:
    return "[dim]unknown[/]" if met is None else ("[green]yes[/]" if met else "[red]no[/]")


def render_evaluation(evaluation: ParkEvaluation) -> None:
    """Print the indicator table, the three categories and the index score."""
    table = Table(title=f"Indicators of {evaluation.park} ({evaluation.year}; as of "
                        f"{evaluation.as_of.isoformat()})", title_justify="left")
    for col in ("id", "indicator", "value", "unit", "year", "change", "source"):
        table.add_column(col, justify="right" if col in ("value", "year", "change") else "left")
    style = {"graph": "cyan", "org_stats": "blue", "park_stats": "green", "missing": "dim"}
    for v in evaluation.indicators:
        table.add_row(v.id, f"{v.zh} / {v.en}", _value(v.value), v.unit,
                      str(v.year or "—"), _value(v.change),
                      f"[{style.get(v.source, '')}]{v.source}[/]")
    print_table(table)
    for c in evaluation.categories:
        mark = " — MEASURED AGAINST" if c.measured else ""
        t = Table(title=f"{c.zh} / {c.en} (target year {c.target_year}): met {c.met} of "
                        f"{c.total} (known {c.known}){mark}", title_justify="left")
        for col in ("target", "value", "threshold", "unit", "met", "still to go"):
            t.add_column(col, justify="right" if col in ("value", "threshold") else "left")
        for row in c.targets:
            t.add_row(row.zh, _value(row.value), f"{row.comparator} {row.threshold:g}", row.unit,
                      _mark(row.met), row.distance_zh or "")
        console.print(t)
    console.print("The three categories are alternatives, not a ladder.", highlight=False)
    score = evaluation.index_score
    if score is None:
        console.print("index score: the park declares no tier_category; per category: "
                      + ", ".join(f"{k} {_value(s.score)} (weight {s.coverage:.0%})"
                                  for k, s in evaluation.index_scores.items()), highlight=False)
    else:
        console.print(f"index score against {score.category}: [bold]{_value(score.score)}[/] "
                      f"covering {score.covered_weight:.1f} of {score.total_weight:.0f} weight "
                      f"({score.coverage:.0%}); left out: "
                      + ", ".join(x.id for x in score.left_out), highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``report`` and ``indicators`` to ``app``."""

    @app.command("report")
    def report(
        park: str = typer.Option(..., "--park", help="Park id (sub-parks included)."),
        output: Path = _OUTPUT,
        year: int | None = typer.Option(None, "--year", help="Report year."),
        as_of: str | None = typer.Option(None, "--as-of", metavar="DATE",
                                         help="Only edges current at DATE count (YYYY-MM-DD; "
                                              "default 31 December of --year, else today)."),
    ) -> None:
        """Write the planner's report for a park: one self-contained HTML page."""
        from ecograph.report import build_report, render_html
        from ecograph.stores import open_store

        with err_console.status("projecting the graph…"), open_store() as store:
            graph = store.to_networkx()
        with err_console.status("analysing the park…"):
            data = build_report(graph, park, systems=load_systems(), year=year, as_of=as_of)
            html = render_html(data)
        output.write_text(html, encoding="utf-8")
        err_console.print(f"wrote {output} ({len(html) // 1024} KB)", highlight=False)

    @app.command("indicators")
    def indicators(
        park: str = typer.Option(..., "--park", help="Park id (sub-parks included)."),
        year: int | None = typer.Option(None, "--year", help="Report year."),
        as_of: str | None = typer.Option(None, "--as-of", metavar="DATE",
                                         help="Only edges current at DATE count "
                                              "(YYYY-MM-DD; default today)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Evaluate a park (metrics.md §5): values with source, year and trend; the three
        categories side by side; the index score with its weight coverage."""
        from ecograph.analysis.common import resolve_as_of
        from ecograph.analysis.indicators.evaluation import evaluate_park
        from ecograph.stores import open_store

        day = resolve_as_of(as_of)  # a bad date fails before the store starts
        with err_console.status("projecting the graph…"), open_store() as store:
            graph = store.to_networkx()
        result = evaluate_park(graph, park, load_systems(), year=year, as_of=day)
        if as_json:
            print_json(result.to_dict())  # the JSON of GET /parks/{id}/indicators
        else:
            render_evaluation(result)
