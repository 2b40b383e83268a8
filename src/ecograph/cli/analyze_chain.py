"""CLI command ``ecograph analyze chain``: a chain's linkage in a park, gaps and candidates."""

from __future__ import annotations

import typer
from rich.table import Table

from ecograph.analysis.chain.attraction import ChainGap
from ecograph.analysis.chain.linkage import ChainLinkage, chain_linkage
from ecograph.cli.output import console, err_console, print_json, print_table

__all__ = ["register", "render"]

#: Rows shown per long table in human output (``--json`` gives them all).
MAX_ROWS = 15
STATUS_STYLE = {"present": "green", "weak": "yellow", "missing": "bold red"}


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _segments_table(result: ChainLinkage) -> Table:
    table = Table(title=f"Segments of {result.chain} in {result.park}", title_justify="left")
    for col in ("segment", "name", "stage", "park firms", "region firms", "LQ", "status",
                "leakage"):
        table.add_column(col, justify="right" if col in (
            "park firms", "region firms", "LQ", "leakage") else "left")
    for r in result.segments:
        style = STATUS_STYLE[r.status]
        table.add_row(r.segment, r.name, r.stage or "—", str(r.firms), str(r.region_firms),
                      _num(r.location_quotient), f"[{style}]{r.status}[/]", str(r.leakage))
    return table


def _anchors_table(result: ChainLinkage) -> Table:
    table = Table(title="Anchors (链主 candidates, weighted supply degree)", title_justify="left")
    for col in ("firm", "name", "segment", "weighted degree"):
        table.add_column(col, justify="right" if col == "weighted degree" else "left")
    for a in result.anchors[:MAX_ROWS]:
        table.add_row(a.firm, a.name, a.segment, f"{a.weighted_degree:g}")
    return table


def _candidates_table(gap: ChainGap) -> Table:
    table = Table(show_header=True, box=None, padding=(0, 1))
    for col in ("candidate", "name", "score", "ties", "distance", "qualifications", "path"):
        table.add_column(col, justify="right" if col in ("score", "ties", "distance") else "left")
    for c in gap.candidates:
        table.add_row(c.org, c.name, f"{c.score:.2f}", str(c.ties),
                      "—" if c.distance is None else str(c.distance),
                      ", ".join(c.qualifications), " – ".join(c.path) or "no path")
    return table


def _render_gaps(result: ChainLinkage) -> None:
    if not result.gaps:
        console.print("[green]No gaps: every segment is present.[/]")
        return
    console.print(f"[bold]Gaps[/] ({len(result.gaps)}), ranked by gap_score")
    for rank, gap in enumerate(result.gaps, start=1):
        style = STATUS_STYLE[gap.status]
        console.print(f"{rank}. [bold]{gap.segment}[/] {gap.name} — [{style}]{gap.status}[/], "
                      f"score {gap.gap_score:.3f}", highlight=False)
        console.print(f"   [dim]{gap.explanation['text']}[/]", highlight=False)
        if gap.candidates:
            print_table(_candidates_table(gap))
            console.print(f"   [dim]top: {gap.candidates[0].explanation}[/]", highlight=False)
        else:
            console.print("   [dim]no candidate outside the park in this segment[/]")


def render(result: ChainLinkage) -> None:
    """Print ``result`` as rich tables on the console."""
    console.print(f"[bold]Chain linkage[/] — chain {result.chain} in park {result.park}",
                  highlight=False)
    print_table(_segments_table(result))
    cov = result.coverage
    console.print(
        "coverage " + ", ".join(f"{k} {_share(v)}" for k, v in cov.items())
        + f"; link realization {_share(result.link_realization)}"
        + f"; local supply share {_share(result.local_supply_share)}",
        highlight=False,
    )
    if result.anchors:
        print_table(_anchors_table(result))
        if len(result.anchors) > MAX_ROWS:
            console.print(f"[dim]… {len(result.anchors) - MAX_ROWS} more anchors (see --json)[/]")
    points = result.single_points
    console.print("single points of failure: "
                  + (", ".join(points[:MAX_ROWS]) if points else "none")
                  + (f" … and {len(points) - MAX_ROWS} more" if len(points) > MAX_ROWS else ""),
                  highlight=False)
    _render_gaps(result)
    console.print(f"[dim]{result.formula}[/]", highlight=False)
    console.print(f"[dim]{result.candidate_formula}[/]", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``chain`` to the ``analyze`` sub-app."""

    @app.command("chain")
    def chain(
        park: str = typer.Option(..., "--park", help="Park id (sub-parks included)."),
        chain: str = typer.Option(..., "--chain", help="Industry chain id, e.g. nev."),
        weak_threshold: int = typer.Option(2, "--weak-threshold", min=0,
                                           help="Segments with fewer park firms are weak."),
        top: int = typer.Option(5, "--top", min=0, help="Attraction candidates per gap."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON with the spec's keys."),
    ) -> None:
        """Chain linkage: segments, coverage, links, anchors, gaps and candidates."""
        from ecograph.stores import open_store

        with err_console.status("projecting the graph…"), open_store() as store:
            graph = store.to_networkx()
        result = chain_linkage(graph, park, chain, weak_threshold=weak_threshold,
                               top_candidates=top)
        if as_json:
            print_json(result.to_dict())
        else:
            render(result)
