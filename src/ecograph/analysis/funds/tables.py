"""The 园区+基金 report as tables (CSV / Excel): coverage, funds, gap segments."""

from __future__ import annotations

from typing import Any

from ecograph.analysis.funds.coverage import Coverage
from ecograph.analysis.funds.park_funds import FundsReport
from ecograph.analysis.funds.serving import INVESTOR_TYPES
from ecograph.analysis.sheets import Sheet

__all__ = ["COVERAGE_COLUMNS", "coverage_rows", "sheets"]

COVERAGE_COLUMNS: tuple[str, ...] = (
    "scope", "chain", "id", "name", "firms", "covered", "coverage",
    *(f"covered_{t}" for t in INVESTOR_TYPES), "covered_serving", "covered_not_serving",
    "investments", "amount", "amount_unknown", "amount_serving", "early", "early_known",
    "early_share")
FUND_COLUMNS: tuple[str, ...] = ("fund", "name", "type", "routes", "investments", "firms",
                                 "amount")
GAP_COLUMNS: tuple[str, ...] = ("chain", "segment", "name", "status", "action", "organisations",
                                "fund_investments", "serving_fund_investments", "funded",
                                "funded_by_serving")


def _row(scope: str, chain: str | None, ident: str, name: str | None,
         c: Coverage) -> dict[str, Any]:
    return {"scope": scope, "chain": chain, "id": ident, "name": name, "firms": c.firms,
            "covered": int(c.coverage.numerator), "coverage": c.coverage.value,
            **{f"covered_{t}": int(r.numerator) for t, r in c.by_type.items()},
            "covered_serving": int(c.by_serving["serving"].numerator),
            "covered_not_serving": int(c.by_serving["not_serving"].numerator),
            "investments": c.investments, "amount": c.amount,
            "amount_unknown": c.amount_unknown, "amount_serving": c.amount_by_serving["serving"],
            "early": int(c.early_share.numerator), "early_known": int(c.early_share.denominator),
            "early_share": c.early_share.value}


def coverage_rows(report: FundsReport) -> list[dict[str, Any]]:
    """One row for the park, one per leading chain, one per segment of each.

    Examples
    --------
    >>> import networkx as nx
    >>> from ecograph.analysis.funds import park_funds
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> [(r["scope"], r["coverage"]) for r in coverage_rows(park_funds(g, "P", as_of="2024-01-01"))]
    [('park', None)]
    """
    rows = [_row("park", None, report.park, None, report.overall)]
    for chain in report.chains:
        rows.append(_row("chain", chain.chain, chain.chain, chain.name, chain.coverage))
        rows.extend(_row("segment", chain.chain, s.segment, s.name, s.coverage)
                    for s in chain.segments)
    return rows


def sheets(report: FundsReport) -> list[Sheet]:
    """Coverage, the serving funds and the gap segments."""
    funds = [{"fund": f.fund, "name": f.name, "type": f.type, "routes": ";".join(f.routes),
              "investments": f.investments, "firms": f.firms, "amount": f.amount}
             for f in report.funds]
    gaps = [{c: getattr(g, c) for c in GAP_COLUMNS} for g in report.gap_segments]
    return [("基金覆盖 coverage", COVERAGE_COLUMNS, coverage_rows(report)),
            ("服务基金 funds", FUND_COLUMNS, funds),
            ("缺口 gap segments", GAP_COLUMNS, gaps)]
