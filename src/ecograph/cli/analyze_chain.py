"""CLI command ``ecograph analyze chain``: a chain's linkage in a park, gaps and candidates."""

from __future__ import annotations

import csv
from dataclasses import fields
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ecograph.analysis.chain.attraction import ChainGap, TargetRow
from ecograph.analysis.chain.linkage import ChainLinkage, chain_linkage
from ecograph.analysis.common import resolve_as_of, to_plain
from ecograph.cli.output import console, err_console, print_json, print_table

__all__ = ["register", "render", "write_targets"]

#: Rows shown per long table in human output (``--json`` gives them all).
MAX_ROWS = 15
STATUS_STYLE = {"present": "green", "weak": "yellow", "missing": "bold red"}


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _segments_table(result: ChainLinkage) -> Table:
    table = Table(title=f"Segments of {result.chain} in {result.park} (as of {result.as_of})",
                  title_justify="left")
    for col in ("segment", "name", "stage", "park firms", "region firms", "LQ", "status",
                "import share", "leakage", "role"):
        table.add_column(col, justify="right" if col in (
            "park firms", "region firms", "LQ", "import share", "leakage") else "left")
    for r in result.segments:
        style = STATUS_STYLE[r.status]
        status = r.status + (" (import-dependent)" if r.import_dependent else "")
        if r.covered_in:  # the same activity in another chain (skos:exactMatch)
            status += "; covered in " + ", ".join(f"{c.segment} ({c.firms})" for c in r.covered_in)
        table.add_row(r.segment, r.name, r.stage or "—", str(r.firms), str(r.region_firms),
                      _num(r.location_quotient), f"[{style}]{status}[/]",
                      _share(r.import_share), str(r.leakage.count), r.role or "")
    return table


def _anchors_table(result: ChainLinkage) -> Table:
    table = Table(title="Anchors (链主 candidates: scale, supply centrality, qualifications)",
                  title_justify="left")
    for col in ("firm", "name", "segment", "score", "revenue", "partners"):
        table.add_column(col, justify="right" if col in ("score", "revenue", "partners")
                         else "left")
    for a in result.anchors[:MAX_ROWS]:
        table.add_row(a.firm, a.name, a.segment, f"{a.anchor_score:.3f}",
                      "—" if a.revenue is None else f"{a.revenue:g}", str(a.partners))
    return table


def _candidates_table(gap: ChainGap) -> Table:
    table = Table(show_header=True, box=None, padding=(0, 1))
    for col in ("candidate", "name", "score", "ties", "distance", "qualifications",
                "location", "path"):
        table.add_column(col, justify="right" if col in ("score", "ties", "distance") else "left")
    for c in gap.candidates:
        where = " ".join(x for x in (c.province, c.city) if x) or "—"
        if c.current_park:
            where += f" @{c.current_park}"
        table.add_row(c.org, c.name, f"{c.score:.2f}", str(c.ties),
                      "—" if c.distance is None else str(c.distance),
                      ", ".join(c.qualifications), where, " – ".join(c.path) or "no path")
    return table


def _render_gaps(result: ChainLinkage) -> None:
    if not result.gaps:
        console.print("[green]No gaps: every segment is present and sourced locally.[/]")
        return
    console.print(f"[bold]Gaps[/] ({len(result.gaps)}), ranked by gap_score")
    for rank, gap in enumerate(result.gaps, start=1):
        style = STATUS_STYLE[gap.status]
        note = "" if gap.recommended else " [dim](listed, not recommended)[/]"
        console.print(f"{rank}. [bold]{gap.segment}[/] {gap.name} — {gap.action} "
                      f"[{style}]{gap.status}[/], score {gap.gap_score:.3f}{note}",
                      highlight=False)
        console.print(f"   [dim]{gap.explanation['zh']}[/]", highlight=False)
        console.print(f"   [dim]{gap.explanation['en']}[/]", highlight=False)
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
    if result.label:
        console.print(f"[yellow]{result.chain}: {result.label} of {result.park}[/]",
                      highlight=False)
    cov = result.coverage
    console.print(
        "coverage (present) " + ", ".join(f"{k} {_share(v)}" for k, v in cov["present"].items())
        + f"; link realization {_share(result.link_realization)}"
        + f"; local sourcing {_share(result.local_sourcing_share)}"
        + f"; local sales {_share(result.local_sales_share)} ({result.basis} basis)",
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


def write_targets(result: ChainLinkage, path: Path) -> int:
    """Write the 招商清单 of ``result`` as UTF-8 CSV (with BOM, for Excel); return the rows."""
    names = [f.name for f in fields(TargetRow)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for row in result.targets:
            writer.writerow(to_plain(row))
    return len(result.targets)


def register(app: typer.Typer) -> None:
    """Add ``chain`` (and ``targets``, the park's 招商清单) to the ``analyze`` sub-app."""
    from ecograph.cli import analyze_targets

    analyze_targets.register(app)

    @app.command("chain")
    def chain(
        park: str = typer.Option(..., "--park", help="Park id (sub-parks included)."),
        chain: str = typer.Option(..., "--chain", help="Industry chain id, e.g. nev."),
        weak_threshold: int = typer.Option(2, "--weak-threshold", min=0,
                                           help="Segments with fewer park firms are weak."),
        top: int = typer.Option(5, "--top", min=0, help="Attraction candidates per gap."),
        as_of: str | None = typer.Option(None, "--as-of", metavar="DATE",
                                         help="Only edges current at DATE count "
                                              "(YYYY-MM-DD; default today)."),
        targets_csv: Annotated[Path | None, typer.Option(
            "--targets-csv", metavar="PATH", help="Write the 招商清单 as CSV to PATH.")] = None,
        as_json: bool = typer.Option(False, "--json", help="Print JSON with the spec's keys."),
    ) -> None:
        """Chain linkage: segments, coverage, links, anchors, gaps, candidates, 招商清单."""
        from ecograph.stores import open_store

        day = resolve_as_of(as_of)  # a bad date fails before the store starts
        # the park's scope: its neighbourhood, the region's counts and the candidates
        # that can rank (docs/scale.md), not the whole graph
        with err_console.status("projecting the park's scope…"), open_store() as store:
            graph = store.park_graph(park, chain=chain, as_of=day, top_candidates=top)
        result = chain_linkage(graph, park, chain, as_of=day, weak_threshold=weak_threshold,
                               top_candidates=top)
        if targets_csv is not None:
            write_targets(result, targets_csv)
        if as_json:
            print_json(result.to_dict())
        else:
            render(result)
