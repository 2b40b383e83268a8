"""CLI command ``ecograph analyze gradient``: the park's 梯度培育 ladder and next-tier pool."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from ecograph.cli.output import console

if TYPE_CHECKING:
    from ecograph.analysis.gradient.ladder import GradientReport

__all__ = ["register"]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _render(report: GradientReport) -> None:
    from ecograph.analysis.gradient.tiers import LABELS, TIER_NAMES

    console.print(f"[bold]梯度培育 gradient[/] — park {report.park}, as of {report.as_of}; "
                  f"{report.park_firms} park firms", highlight=False)
    ladder = Table(title="Tiers", title_justify="left")
    for col in ("qualification", "名称", "kind", "firms", "share"):
        ladder.add_column(col, justify="right" if col in ("firms", "share") else "left")
    for t in report.tiers:
        ladder.add_row(t.qualification, t.name_zh, t.kind, str(t.firms), _pct(t.share.value))
    console.print(ladder)
    for chain in report.chains:
        table = Table(title=f"Leading chain {chain.chain} {chain.name or ''} "
                            f"({chain.firms} park firms)", title_justify="left")
        table.add_column("segment")
        table.add_column("firms", justify="right")
        for q in LABELS:
            table.add_column(TIER_NAMES[q], justify="right")
        table.add_row("(chain)", str(chain.firms), *(str(chain.counts[q]) for q in LABELS))
        for s in chain.segments:
            table.add_row(f"{s.id} {s.name or ''}", str(s.firms),
                          *(str(s.counts[q]) for q in LABELS))
        console.print(table)
    if report.years:
        years = Table(title="Per year (qualifications.csv history)", title_justify="left")
        for col in ("year", "park firms", "InnovativeSME", "TechSME", "HTE", "promotions"):
            years.add_column(col, justify="right")
        for y in report.years:
            years.add_row(str(y.year), str(y.park_firms), str(y.counts["InnovativeSME"]),
                          str(y.counts["TechSME"]), str(y.counts["HighTechEnterprise"]),
                          str(y.promotions))
        console.print(years)
    pool = Table(title=f"Next-tier pool: {len(report.next_tier_pool)} of "
                       f"{len(report.candidates)} TechSME without HTE", title_justify="left")
    for col in ("firm", "name", "year", "revenue", "R&D", "intensity", "band", "threshold",
                "meets"):
        pool.add_column(col)
    for p in report.candidates[:40]:
        pool.add_row(p.firm, p.name or "", str(p.year or "—"),
                     "—" if p.revenue is None else f"{p.revenue:g}",
                     "—" if p.rd_expense is None else f"{p.rd_expense:g}",
                     _pct(p.rd_intensity), p.band or "—", _pct(p.threshold),
                     {True: "yes", False: "no", None: "unknown"}[p.meets])
    console.print(pool)


def register(app: typer.Typer) -> None:
    """Add ``gradient`` to the ``analyze`` sub-app."""
    from ecograph.analysis.gradient import gradient
    from ecograph.analysis.gradient.tables import LADDER_COLUMNS, ladder_rows, sheets
    from ecograph.analysis.sheets import to_csv_text, to_xlsx
    from ecograph.cli.formats import park_command

    park_command(
        app, "gradient",
        "梯度培育: park firms per tier, per leading chain, per year; the next-tier pool.",
        compute=lambda graph, park, day: gradient(graph, park, as_of=day),
        csv_text=lambda report: to_csv_text(LADDER_COLUMNS, ladder_rows(report)),
        xlsx=lambda report: to_xlsx(sheets(report)), render=_render, scoped=True)
