"""CLI command ``ecograph analyze funds``: 园区+基金, funds serving a park and their coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from ecograph.cli.output import console

if TYPE_CHECKING:
    from ecograph.analysis.funds.park_funds import FundsReport

__all__ = ["register"]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _render(report: FundsReport) -> None:
    from ecograph.analysis.funds.tables import coverage_rows

    console.print(f"[bold]园区+基金 park + fund[/] — park {report.park}, as of {report.as_of}; "
                  f"{len(report.funds)} funds serve the park; {report.park_firms} park firms",
                  highlight=False)
    funds = Table(title="Funds serving the park", title_justify="left")
    for col in ("fund", "name", "type", "routes", "investments", "firms", "amount (万元)"):
        funds.add_column(col)
    for f in report.funds:
        funds.add_row(f.fund, f.name or "", f.type, ", ".join(f.routes), str(f.investments),
                      str(f.firms), "—" if f.amount is None else f"{f.amount:,.0f}")
    console.print(funds)
    cov = Table(title="Fund coverage (park firms with a current investment)",
                title_justify="left")
    for col in ("scope", "id", "firms", "covered", "coverage", "angel", "venture", "industry",
                "guidance", "serving", "amount", "early share"):
        cov.add_column(col, justify="left" if col in ("scope", "id") else "right")
    for r in coverage_rows(report):
        cov.add_row(r["scope"], f"{r['id']} {r['name'] or ''}", str(r["firms"]),
                    str(r["covered"]), _pct(r["coverage"]), str(r["covered_angel"]),
                    str(r["covered_venture"]), str(r["covered_industry"]),
                    str(r["covered_guidance"]), str(r["covered_serving"]),
                    "—" if r["amount"] is None else f"{r['amount']:,.0f}", _pct(r["early_share"]))
    console.print(cov)
    gaps = Table(title=f"Gap segments of the leading chains ({len(report.unfunded_gaps)} "
                       f"with no fund investment, {len(report.unserved_gaps)} with none from a "
                       "fund serving the park)", title_justify="left")
    for col in ("chain", "segment", "status", "action", "orgs", "fund inv.", "serving", "funded"):
        gaps.add_column(col)
    for g in report.gap_segments:
        gaps.add_row(g.chain, f"{g.segment} {g.name or ''}", g.status, g.action,
                     str(g.organisations), str(g.fund_investments),
                     str(g.serving_fund_investments), "yes" if g.funded else "no")
    console.print(gaps)


def register(app: typer.Typer) -> None:
    """Add ``funds`` to the ``analyze`` sub-app."""
    from ecograph.analysis.funds import park_funds
    from ecograph.analysis.funds.tables import COVERAGE_COLUMNS, coverage_rows, sheets
    from ecograph.analysis.sheets import to_csv_text, to_xlsx
    from ecograph.cli.formats import park_command

    park_command(
        app, "funds",
        "园区+基金: funds serving the park, coverage per leading chain, unfunded gaps.",
        compute=lambda graph, park, day: park_funds(graph, park, as_of=day),
        csv_text=lambda report: to_csv_text(COVERAGE_COLUMNS, coverage_rows(report)),
        xlsx=lambda report: to_xlsx(sheets(report)), render=_render)
