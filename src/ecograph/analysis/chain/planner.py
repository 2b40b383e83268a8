"""The park's 招商清单 across its leading chains (issue: a chain analysis a planner can act on).

One row per candidate per recommended gap of each leading chain of the park
(or of the one chain asked for), with everything a planner needs to act: the
segment and its action (补链/强链/延链), who the candidate is and where, its
scale and qualifications, the park firms it already supplies, the path that
connects it to the park, and its score with the components.

A park without leading chains, or a chain that is not one of them, gets an
empty list and a ``message`` saying why (spec section 1: actions are
recommended only for leading chains).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

import networkx as nx

from ecograph.analysis.chain.linkage import chain_linkage
from ecograph.analysis.common import as_number, leading_chains, resolve_as_of, to_plain

__all__ = [
    "HEADERS_ZH", "PLANNER_COLUMNS", "PlannerTarget", "TargetList", "park_targets", "to_xlsx",
]

NO_LEADING = "该园区未声明主导产业链：不推荐招商行动 (the park declares no leading chain)"
NOT_LEADING = "不是主导产业链：不推荐招商行动 (not a leading chain of the park)"


@dataclass(frozen=True)
class PlannerTarget:
    """One row of the 招商清单."""

    chain: str
    rank: int
    segment: str
    segment_name: str
    action: str
    gap_score: float
    candidate: str
    candidate_name: str
    province: str | None
    city: str | None
    current_park: str | None
    employees: int | float | None
    revenue: float | None
    qualifications: str
    supplies_park_firms: str
    supplies_park_firm_names: str
    path: str
    path_names: str
    distance: int | None
    ties: int
    score: float
    score_ties: float
    score_proximity: float
    score_qualification: float
    score_scale: float


#: Column order of the CSV / xlsx downloads.
PLANNER_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(PlannerTarget))

#: Chinese headers for the spreadsheet (the CSV keeps the machine names).
HEADERS_ZH: dict[str, str] = {
    "chain": "产业链", "rank": "序号", "segment": "环节", "segment_name": "环节名称",
    "action": "行动", "gap_score": "缺口得分", "candidate": "企业ID",
    "candidate_name": "企业名称", "province": "省份", "city": "城市",
    "current_park": "所在园区", "employees": "员工数", "revenue": "营收(万元)",
    "qualifications": "资质", "supplies_park_firms": "已供货园区企业",
    "supplies_park_firm_names": "已供货园区企业名称", "path": "连接路径",
    "path_names": "连接路径（名称）",
    "distance": "距离(跳)", "ties": "关联数", "score": "得分", "score_ties": "关联分",
    "score_proximity": "邻近分", "score_qualification": "资质分", "score_scale": "规模分",
}


@dataclass(frozen=True)
class TargetList:
    """The 招商清单 of a park as of a date."""

    park: str
    as_of: date
    chains: tuple[str, ...]
    message: str | None
    rows: tuple[PlannerTarget, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        plain: dict[str, Any] = to_plain(asdict(self))
        return plain

    def records(self) -> Iterable[dict[str, Any]]:
        """Rows as flat dicts in :data:`PLANNER_COLUMNS` order."""
        return (asdict(r) for r in self.rows)


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("name") or node) if node in graph else node


def _count(value: object) -> int | float | None:
    """Employees as an integer when whole (35, not 35.0)."""
    number = as_number(value)
    return int(number) if number is not None and number.is_integer() else number


def park_targets(graph: nx.MultiDiGraph, park: str, chain: str | None = None, *,
                 as_of: date | str | None = None, weak_threshold: int = 2,
                 top_candidates: int = 5) -> TargetList:
    """The 招商清单 of ``park``: all its leading chains, or ``chain`` only.

    Raises :class:`ecograph.errors.NotFoundError` for an unknown park.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import example_graph
    >>> g = example_graph()
    >>> park_targets(g, "P").message is not None   # P declares no leading chain
    True
    >>> _ = g.add_edge("P", "C", type="HAS_LEADING_CHAIN", rank=1)
    >>> t = park_targets(g, "P", as_of="2024-01-01")
    >>> [(r.chain, r.segment, r.action, r.candidate, r.path) for r in t.rows]
    [('C', 's1', '强链', 'x', 'x – a'), ('C', 's3', '延链', 'y', 'y – b')]
    """
    day = resolve_as_of(as_of)
    declared = leading_chains(graph, park)
    if chain is None:
        chains = tuple(declared)
        message = None if declared else NO_LEADING
    else:
        chains = (chain,) if chain in declared else ()
        message = None if chains else NOT_LEADING
        if not chains:
            # still validates the chain id (unknown chain → NotFoundError)
            chain_linkage(graph, park, chain, as_of=day, weak_threshold=weak_threshold,
                          top_candidates=0)
    rows: list[PlannerTarget] = []
    for ch in chains:
        result = chain_linkage(graph, park, ch, as_of=day, weak_threshold=weak_threshold,
                               top_candidates=top_candidates)
        for gap in result.gaps:
            if not gap.recommended:
                continue
            for cand in gap.candidates:
                attrs = graph.nodes[cand.org]
                rows.append(PlannerTarget(
                    chain=ch, rank=len(rows) + 1, segment=gap.segment, segment_name=gap.name,
                    action=gap.action, gap_score=round(gap.gap_score, 6),
                    candidate=cand.org, candidate_name=cand.name, province=cand.province,
                    city=cand.city, current_park=cand.current_park,
                    employees=_count(attrs.get("employees")), revenue=cand.revenue,
                    qualifications=";".join(cand.qualifications),
                    supplies_park_firms=";".join(cand.customers_in_park),
                    supplies_park_firm_names=";".join(_name(graph, f)
                                                      for f in cand.customers_in_park),
                    path=" – ".join(cand.path),
                    path_names=" → ".join(_name(graph, n) for n in cand.path),
                    distance=cand.distance, ties=cand.ties,
                    score=round(cand.score, 6),
                    score_ties=round(cand.components["ties"], 6),
                    score_proximity=round(cand.components["proximity"], 6),
                    score_qualification=round(cand.components["qualification"], 6),
                    score_scale=round(cand.components["scale"], 6),
                ))
    if chains and not rows and message is None:
        message = "主导产业链无推荐缺口的候选企业 (no candidates for the recommended gaps)"
    return TargetList(park=park, as_of=day, chains=chains, message=message, rows=tuple(rows))


def to_xlsx(targets: TargetList) -> bytes:
    """The 招商清单 as an .xlsx workbook (Chinese headers, one sheet)."""
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "招商清单"
    sheet.append([HEADERS_ZH[c] for c in PLANNER_COLUMNS])
    for record in targets.records():
        sheet.append([record[c] for c in PLANNER_COLUMNS])
    if targets.message:
        sheet.append([])
        sheet.append([targets.message])
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
