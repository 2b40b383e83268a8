"""The incubation flow of a park: carriers by stage, handoffs weighted by flow.

Carriers sit in stage columns (makerspace → incubator → accelerator), with
the park itself as the last column: an edge into it counts graduates that
stayed ``LOCATED_IN`` the park. Edge width grows with the number of handoffs;
carriers listed as gaps (no graduate handed to any accelerator) get a red
border.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable

import networkx as nx

from ecograph.analysis.incubation.handoffs import IncubationReport
from ecograph.viz.layout import Position, column_layout
from ecograph.viz.palette import TYPE_COLORS, TYPE_NAMES
from ecograph.viz.render import LegendItem, VizEdge, VizNode, VizPage

__all__ = ["PARK_NODE", "incubation_view"]

#: Id of the sink node standing for "stayed in the park".
PARK_NODE = "__park__"
_STAGES = ("Makerspace", "Incubator", "Accelerator")
_STAGE_COLORS = {"Makerspace": "#8cd17d", "Incubator": "#59a14f", "Accelerator": "#2f6b2a"}


def _width(count: int) -> float:
    return round(1.0 + 2.0 * math.sqrt(count), 2)


def incubation_view(graph: nx.MultiDiGraph, report: IncubationReport, park: str) -> VizPage:
    """Build the incubation flow page from an incubation report.

    Examples
    --------
    >>> from datetime import date
    >>> from ecograph.analysis.incubation.handoffs import incubation_handoffs
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}), name="园区")
    >>> for c, lab in [("m", "Makerspace"), ("i", "Incubator")]:
    ...     g.add_node(c, label=lab, labels=frozenset({"Organization", "IncubationCarrier", lab}))
    ...     _ = g.add_edge(c, "P", type="LOCATED_IN")
    >>> _ = g.add_edge("f", "m", type="INCUBATED_IN", since="2020-01-01",
    ...                until="2020-12-31", outcome="graduated")
    >>> _ = g.add_edge("f", "i", type="INCUBATED_IN", since="2021-03-01", outcome="active")
    >>> page = incubation_view(g, incubation_handoffs(g, "P", today=date(2024, 1, 1)), "P")
    >>> [(e.source, e.target, e.width) for e in page.edges]
    [('m', 'i', 3.0)]
    >>> sorted(n.id for n in page.nodes)
    ['__park__', 'i', 'm']
    """
    carriers = {row.carrier: row for row in report.carriers}
    gaps = {gap.carrier for gap in report.gaps}
    stage_of: dict[str, str] = {c: row.stage or "Incubator" for c, row in carriers.items()}
    for edge in report.network:
        stage_of.setdefault(edge.source, edge.source_stage)
        stage_of.setdefault(edge.target, edge.target_stage)
    columns: dict[str, list[Hashable]] = {}
    def entrants(carrier: str) -> int:
        return carriers[carrier].entrants if carrier in carriers else 0

    for carrier in sorted(stage_of, key=lambda c: (-entrants(c), c)):
        columns.setdefault(stage_of[carrier], []).append(carrier)
    columns["park"] = [PARK_NODE]
    pos: dict[Hashable, Position] = column_layout(columns, [*_STAGES, "park"], dx=380.0, dy=70.0)

    nodes: list[VizNode] = []
    for carrier, stage in stage_of.items():
        row = carriers.get(carrier)
        attrs = graph.nodes[carrier] if carrier in graph else {}
        zh = (row.name if row and row.name else None) or str(attrs.get("name", carrier))
        stage_zh, stage_en = TYPE_NAMES.get(stage, (stage, stage))
        title = f"{zh} ({carrier})\n{stage_zh} {stage_en}"
        if row is not None:
            title += (f"\n入孵 entrants {row.entrants} · 毕业 graduates {row.graduates}"
                      f" · 退出 exits {row.exits}\n接力 handoffs {row.handoffs}"
                      f" · 留园 stayed {row.stayed_in_park} · 流失 leakage {row.leakage}")
        else:
            title += "\n园区外 outside the park"
        if carrier in gaps:
            title += "\n缺口：无毕业企业进入加速器 gap: no graduate handed to an accelerator"
        x, y = pos[carrier]
        nodes.append(VizNode(
            id=carrier, label_zh=zh, label_en=str(attrs.get("name_en", carrier)),
            color="#e15759" if carrier in gaps else _STAGE_COLORS.get(stage, "#bab0ac"),
            size=10.0 + 3.0 * math.sqrt(row.entrants if row else 0), x=x, y=y, title=title,
            shape="dot" if row is not None else "triangle", group=stage,
        ))
    park_name = str(graph.nodes[park].get("name", park)) if park in graph else park
    px, py = pos[PARK_NODE]
    nodes.append(VizNode(PARK_NODE, f"留在园区：{park_name}", f"Stayed in park {park}",
                         TYPE_COLORS["Park"], size=30.0, x=px, y=py, shape="square",
                         group="Park", title="毕业后留在园区 graduates staying in the park"))

    edges = [
        VizEdge(e.source, e.target, width=_width(e.weight), color="#59a14f", arrows="to",
                title=f"接力 handoffs: {e.weight}")
        for e in report.network
    ]
    to_park = Counter(f.carrier for f in report.fates if f.fate == "retained")
    edges.extend(
        VizEdge(carrier, PARK_NODE, width=_width(count), color="#17becf", arrows="to",
                title=f"留园 stayed in park: {count}")
        for carrier, count in sorted(to_park.items())
        if carrier in stage_of
    )
    legend = (
        *(LegendItem(_STAGE_COLORS[s], *TYPE_NAMES[s]) for s in _STAGES),
        LegendItem("#e15759", "缺口载体", "gap carrier"),
        LegendItem(TYPE_COLORS["Park"], "留在园区", "stayed in park"),
    )
    return VizPage(
        title_zh=f"孵化接力：{park_name}", title_en=f"Incubation flow: {park}",
        nodes=tuple(nodes), edges=tuple(edges), legend=legend,
        subtitle=f"window {report.params.get('window_days', '')} days",
        fixed_layout=True,
    )
