"""Firms in an active stay and the graduation criteria they meet (``metrics.md`` §2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.common import node_name
from ecograph.analysis.incubation.graduation import GraduationCheck, graduation_check
from ecograph.analysis.incubation.stays import Stay
from ecograph.analysis.observations import org_year_stats, qualification_spans

__all__ = ["EligibleFirm", "graduation_checks"]


@dataclass(frozen=True)
class EligibleFirm:
    """A firm in an active stay with each criterion ``met``, ``not_met`` or ``unknown``."""

    firm: str
    name: str | None
    carriers: tuple[str, ...]
    eligible: bool
    criteria: tuple[str, ...]
    status: dict[str, str]
    financing_wan: float
    revenue_years: dict[int, float | None]
    revenue_wan: float | None
    evidence: tuple[str, ...]


def _row(graph: nx.MultiDiGraph, firm: str, carriers: list[str],
         check: GraduationCheck) -> EligibleFirm:
    return EligibleFirm(firm, node_name(graph, firm),
                        tuple(sorted(set(carriers))), check.eligible, check.criteria,
                        check.status, check.financing_wan, check.revenue_years,
                        check.revenue_wan, check.evidence)


def graduation_checks(
    graph: nx.MultiDiGraph, stays: Iterable[Stay], as_of: date,
) -> list[EligibleFirm]:
    """Check every firm with an active stay among ``stays`` (sorted by firm id).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("f", name="F", qualifications=["HighTechEnterprise"])
    >>> s = Stay("f", "i", "Incubator", None, None, None, "active", None, "k")
    >>> [(e.firm, e.eligible, e.criteria) for e in graduation_checks(g, [s], date(2024, 1, 1))]
    [('f', True, ('HighTechEnterprise',))]
    """
    current: dict[str, list[str]] = {}
    for stay in stays:
        if stay.status == "active":
            current.setdefault(stay.firm, []).append(stay.carrier)
    if not current:
        return []
    stats, spans = org_year_stats(graph), qualification_spans(graph)
    return [_row(graph, firm, current[firm],
                 graduation_check(graph, firm, as_of=as_of, stats=stats, spans=spans))
            for firm in sorted(current)]
