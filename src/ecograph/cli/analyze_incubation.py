"""CLI command ``ecograph analyze incubation``: handoffs of a park's incubation chain."""

from __future__ import annotations

from datetime import date

import typer
from rich.table import Table

from ecograph.analysis.incubation.handoffs import IncubationReport, incubation_handoffs
from ecograph.cli.output import console, print_json, print_table
from ecograph.errors import ParameterError

__all__ = ["register", "render"]

#: Rows shown per long table in human output (``--json`` gives them all).
MAX_ROWS = 30


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _carriers_table(report: IncubationReport) -> Table:
    table = Table(title="Carriers", title_justify="left")
    for col in ("carrier", "name", "stage", "entrants", "active", "graduates", "exits",
                "relocated", "grad. rate", "handed off", "retained", "leaked", "handoff rate",
                "retention rate", "leakage", "median dwell (d)", "median gap (d)"):
        table.add_column(col, justify="left" if col in ("carrier", "name", "stage") else "right")
    for r in report.carriers:
        table.add_row(r.carrier, r.name or "", r.stage or "—", str(r.entrants), str(r.active),
                      str(r.graduates), str(r.exits), str(r.relocated),
                      _num(r.graduation_rate), str(r.handed_off), str(r.retained),
                      str(r.leaked), _num(r.handoff_rate), _num(r.retention_rate),
                      str(r.leakage), _num(r.median_dwell_days, 1), _num(r.median_gap_days, 1))
    return table


def _pipeline_table(report: IncubationReport) -> Table:
    table = Table(title="Pipeline (firms by entry stage → later stages reached, where they are)",
                  title_justify="left")
    for col in ("entry stage", "firms", "→ Incubator", "→ Accelerator", "incubating",
                "retained", "left"):
        table.add_column(col, justify="left" if col == "entry stage" else "right")
    for row in report.pipeline:
        table.add_row(row.entry_stage, str(row.firms),
                      *(str(row.reached[s]) if s in row.reached else ""
                        for s in ("Incubator", "Accelerator")),
                      str(row.incubating), str(row.retained), str(row.left))
    return table


def _conversion_table(report: IncubationReport) -> Table:
    table = Table(title="Conversion (firms whose stay at the earlier stage has ended)",
                  title_justify="left")
    for col in ("from", "to", "firms", "converted", "rate"):
        table.add_column(col, justify="left" if col in ("from", "to") else "right")
    for c in report.conversion:
        table.add_row(c.from_stage, c.to_stage, str(c.firms), str(c.converted), _num(c.rate))
    return table


def _network_table(report: IncubationReport) -> Table:
    table = Table(title="Handoff network (carrier → carrier)", title_justify="left")
    for col in ("source", "target", "stages", "handoffs"):
        table.add_column(col, justify="right" if col == "handoffs" else "left")
    for e in report.network[:MAX_ROWS]:
        table.add_row(e.source, e.target, f"{e.source_stage} → {e.target_stage}", str(e.weight))
    return table


def _skips_table(report: IncubationReport) -> Table:
    table = Table(title="Skips", title_justify="left")
    for col in ("firm", "from", "to", "skipped stages"):
        table.add_column(col)
    for s in report.skips[:MAX_ROWS]:
        table.add_row(s.firm, f"{s.from_carrier} ({s.from_stage})",
                      f"{s.to_carrier} ({s.to_stage})", ", ".join(s.skipped))
    return table


def _gaps_table(report: IncubationReport) -> Table:
    table = Table(title="Successor gaps", title_justify="left")
    for col in ("carrier", "name", "stage", "graduates", "reason"):
        table.add_column(col)
    for g in report.gaps:
        table.add_row(g.carrier, g.name or "", g.stage or "—", str(g.graduates), g.reason)
    return table


def _eligible_table(report: IncubationReport) -> Table:
    table = Table(title="Eligible to graduate (2018 national criteria)", title_justify="left")
    for col in ("firm", "name", "carriers", "HTE", "financing", "revenue", "acq./listed"):
        table.add_column(col)
    for e in report.graduation_eligible[:MAX_ROWS]:
        table.add_row(e.firm, e.name or "", ", ".join(e.carriers),
                      *(e.status[c] for c in ("HighTechEnterprise", "financing", "revenue",
                                              "acquired_or_listed")))
    return table


def render(report: IncubationReport) -> None:
    """Print ``report`` as rich tables on the console."""
    p = report.params
    scope = f"park {p['park']}" if p["park"] else "its park"
    if p["carrier"]:
        scope = f"carrier {p['carrier']} in {scope}"
    console.print(f"[bold]Incubation handoffs[/] — {scope}; window {p['window_days']} days; "
                  f"as of {p['as_of']}; {len(report.stays)} stays, {len(report.fates)} graduates, "
                  f"{len(report.handoffs)} handed off", highlight=False)
    totals = {"Handoff network": len(report.network), "Skips": len(report.skips),
              "Eligible": len(report.graduation_eligible)}
    for table in (_carriers_table(report), _pipeline_table(report), _conversion_table(report),
                  _network_table(report),
                  _skips_table(report), _gaps_table(report), _eligible_table(report)):
        if not table.row_count:
            console.print(f"[dim]{table.title}: none[/]")
            continue
        print_table(table)
        total = next((n for k, n in totals.items() if str(table.title).startswith(k)), 0)
        if total > table.row_count:
            console.print(f"[dim]… {total - table.row_count} more rows (see --json)[/]")
    console.print("[dim]Graduation rules as applied:[/]")
    for name, rule in p["graduation_rules"].items():
        console.print(f"[dim]  {name}: {rule}[/]", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``incubation`` to the ``analyze`` sub-app."""

    @app.command("incubation")
    def incubation(
        park: str | None = typer.Option(None, "--park", help="Park id (sub-parks included)."),
        carrier: str | None = typer.Option(None, "--carrier",
                                           help="Only this incubation carrier."),
        window_days: int = typer.Option(365, "--window-days", min=0,
                                        help="Longest graduation → next stay gap (days)."),
        today: str | None = typer.Option(None, "--today",
                                         help="Reference date YYYY-MM-DD (default: today)."),
        as_of: str | None = typer.Option(None, "--as-of", metavar="DATE",
                                         help="Same as --today, the name every analysis uses."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON with the spec's keys."),
    ) -> None:
        """Incubation chain: carriers, fates, pipeline, conversion, skips, network, gaps."""
        from ecograph.stores import open_store

        if park is None and carrier is None:
            raise ParameterError("give --park or --carrier")
        ref: date | None = None
        if as_of is not None:
            from ecograph.analysis.common import resolve_as_of

            ref = resolve_as_of(as_of)
        elif today is not None:
            try:
                ref = date.fromisoformat(today)
            except ValueError as exc:
                raise ParameterError(f"--today must be YYYY-MM-DD, got {today!r}") from exc
        with console.status("projecting the graph…"), open_store() as store:
            # a park's scope holds its carriers' histories; one carrier alone needs the whole
            graph = (store.to_networkx() if park is None or carrier is not None
                     else store.park_graph(park, as_of=ref, candidates=False))
        report = incubation_handoffs(graph, park, carrier=carrier, window_days=window_days,
                                     as_of=ref)
        if as_json:
            print_json(report.to_dict())
        else:
            render(report)
