"""CLI command ``ecograph analyze collaboration``: collaboration density of a park."""

from __future__ import annotations

import typer
from rich.table import Table

from ecograph.analysis.collaboration.density import CollaborationReport, collaboration_density
from ecograph.cli.output import console, err_console, print_json, print_table

__all__ = ["register", "render"]

#: Rows shown per long table in human output (``--json`` gives them all).
MAX_ROWS = 15


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _summary_table(report: CollaborationReport) -> Table:
    table = Table(title="Collaboration density", title_justify="left")
    table.add_column("figure")
    table.add_column("key", style="dim")
    table.add_column("value", justify="right")
    rows = (
        ("organisations", "nodes", str(report.nodes)),
        ("internal ties", "ties", str(report.ties)),
        ("park ties", "park_ties", str(report.park_ties)),
        ("density", "density", _num(report.density, 4)),
        ("mean degree", "mean_degree", _num(report.mean_degree, 2)),
        ("components (isolates count)", "components", str(report.components)),
        ("giant component share", "giant_component_share", _share(report.giant_component_share)),
        ("average clustering", "average_clustering", _num(report.average_clustering)),
        ("产学研 share of park ties", "iur_share",
         f"{_share(report.iur_share)} ({report.iur_ties}/{report.park_ties})"),
        ("openness (ties leaving the park)", "openness",
         f"{_share(report.openness)} ({report.open_ties}/{report.park_ties})"),
        ("events with a park participant", "events", str(report.events)),
        ("events with all three sectors", "events_with_three_sectors",
         str(report.events_with_three_sectors)),
        ("triple-helix T (bits; < 0 synergy)", "triple_helix_T",
         _num(report.triple_helix_T, 4)
         + ("" if report.triple_helix_informative else " (not informative)")),
        ("技术输出 sold (万元)", "tech_contracts.sold",
         f"{report.tech_contracts.sold.amount:,.0f} ({report.tech_contracts.sold.contracts})"),
        ("技术吸纳 bought (万元)", "tech_contracts.bought",
         f"{report.tech_contracts.bought.amount:,.0f} "
         f"({report.tech_contracts.bought.contracts})"),
        ("share of sold turnover to buyers outside", "sold_outside_share",
         _share(report.tech_contracts.sold_outside_share)),
    )
    for row in rows:
        table.add_row(*row)
    return table


def _block_table(report: CollaborationReport) -> Table:
    table = Table(title="Block density by organisation type", title_justify="left")
    for col in ("type A", "type B", "ties", "pairs", "density"):
        table.add_column(col, justify="right" if col in ("ties", "pairs", "density") else "left")
    rows = [r for r in report.block_density if r.ties > 0] or list(report.block_density)
    for r in rows[:MAX_ROWS]:
        table.add_row(r.type_a, r.type_b, str(r.ties), str(r.pairs), _num(r.density, 4))
    return table


def _brokers_table(report: CollaborationReport) -> Table:
    table = Table(title=f"Brokers (betweenness, {report.betweenness_method})",
                  title_justify="left")
    for col in ("rank", "org", "name", "betweenness"):
        table.add_column(col, justify="right" if col in ("rank", "betweenness") else "left")
    for rank, b in enumerate(report.brokers, start=1):
        table.add_row(str(rank), b.org, b.name or "", f"{b.betweenness:.4f}")
    return table


def _communities_table(report: CollaborationReport) -> Table:
    c = report.communities
    title = (f"Communities: {c.count} ({c.non_singleton} with 2+ members), "
             f"modularity {_num(c.modularity, 4)}; {c.method}, seed {c.seed}")
    table = Table(title=title, title_justify="left")
    table.add_column("size", justify="right")
    table.add_column("members (sample)")
    for summary in c.top:
        table.add_row(str(summary.size), ", ".join(summary.members))
    return table


def _trend_table(report: CollaborationReport) -> Table:
    table = Table(title="Trend by the year of the events and contracts", title_justify="left")
    for col in ("year", "events", "ties", "park ties", "density", "components", "giant",
                "clustering", "产学研", "openness", "T", "输出", "吸纳"):
        table.add_column(col, justify="right")
    for t in report.trend:
        table.add_row(str(t.year), str(t.events), str(t.ties), str(t.park_ties),
                      _num(t.density, 4), str(t.components), _share(t.giant_component_share),
                      _num(t.average_clustering), _share(t.iur_share), _share(t.openness),
                      _num(t.triple_helix_T, 4), f"{t.tech_sold:,.0f}", f"{t.tech_bought:,.0f}")
    return table


def render(report: CollaborationReport) -> None:
    """Print ``report`` as rich tables on the console."""
    p = report.params
    scope = f"park {p.get('park')}"
    if p.get("chain"):
        scope += f", chain {p['chain']}"
    if p.get("since") is not None or p.get("until") is not None:
        scope += f", years {p.get('since') or '…'}–{p.get('until') or '…'}"
    console.print(f"[bold]Collaboration[/] — {scope}", highlight=False)
    print_table(_summary_table(report))
    if report.block_density:
        print_table(_block_table(report))
    if report.brokers:
        print_table(_brokers_table(report))
    else:
        console.print(f"brokers: none (no organisation lies between two others; "
                      f"betweenness {report.betweenness_method})", highlight=False)
    print_table(_communities_table(report))
    if report.trend:
        print_table(_trend_table(report))
    else:
        console.print("trend: no dated event or contract in range", highlight=False)
    if report.triple_helix_note:
        console.print(f"triple helix: {report.triple_helix_note}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``collaboration`` to the ``analyze`` sub-app."""

    @app.command("collaboration")
    def collaboration(
        park: str = typer.Option(..., "--park", help="Park id (sub-parks included)."),
        chain: str | None = typer.Option(None, "--chain",
                                         help="Restrict to a chain's park firms and partners."),
        since: int | None = typer.Option(None, "--since", help="First year of events."),
        until: int | None = typer.Option(None, "--until", help="Last year of events."),
        top: int = typer.Option(10, "--top", min=0, help="Brokers listed."),
        seed: int = typer.Option(42, "--seed", help="Seed of sampling and communities."),
        as_of: str | None = typer.Option(None, "--as-of", metavar="DATE",
                                         help="Only edges current at DATE count "
                                              "(YYYY-MM-DD; default today)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON with the spec's keys."),
    ) -> None:
        """Collaboration over events: 产学研, openness, brokers, tech contracts, T, trend."""
        from ecograph.analysis.collaboration.ties import check_years
        from ecograph.analysis.common import resolve_as_of
        from ecograph.stores import open_store

        day = resolve_as_of(as_of)  # a bad date or year window fails before the store starts
        check_years(since, until)
        with err_console.status("projecting the park's scope…"), open_store() as store:
            graph = store.park_graph(park, as_of=day, candidates=False)
        with err_console.status("computing collaboration figures…"):
            report = collaboration_density(graph, park, chain=chain, since=since, until=until,
                                           top_brokers=top, seed=seed, as_of=day)
        if as_json:
            print_json(report.to_dict())
        else:
            render(report)
