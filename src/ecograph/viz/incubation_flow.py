"""The incubation chain of a park (``metrics.md`` §2): carriers or stages, and where firms go.

Two levels, both drawn from :func:`ecograph.analysis.incubation.handoffs.incubation_handoffs`:

- ``carriers`` (default): the park's carriers in stage columns (makerspace →
  incubator → accelerator), handoff edges weighted by firms, and each
  carrier's graduates that stayed (to the 留园 node) or left (leakage, to the
  离园 node; relocations count as leakage, and a graduate that moved on to a
  carrier outside the park goes to that carrier, drawn as a triangle).
  Carriers without a successor (``successor_gaps``) are red. Two carriers
  with the same name carry their id in the label.
- ``stages``: the pipeline itself, one node per stage and per end state
  (在孵, 留园, 离园), edges = firms stepping along their path, summed over entry
  stages.

The header shows the pipeline figures: firms entering, graduates, handoff,
retention and leakage.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable

import networkx as nx

from ecograph.analysis.incubation.handoffs import IncubationReport
from ecograph.viz.labels import names_of
from ecograph.viz.layout import column_layout
from ecograph.viz.numbers import count, percent, shorten
from ecograph.viz.palette import TYPE_COLORS, TYPE_NAMES
from ecograph.viz.render import Cluster, Figure, LegendItem, VizEdge, VizNode, VizPage

__all__ = ["LEFT_NODE", "PARK_NODE", "incubation_view"]

#: Id of the sink node standing for "stayed in the park" (留园).
PARK_NODE = "__park__"
#: Id of the sink node standing for "left the park" (离园, leakage).
LEFT_NODE = "__left__"
#: Id of the end state "still incubating" (stage level).
ACTIVE_NODE = "__incubating__"
_STAGES = ("Makerspace", "Incubator", "Accelerator")
_STAGE_COLORS = {"Makerspace": "#8cd17d", "Incubator": "#59a14f", "Accelerator": "#2f6b2a"}
#: Lighter stage colours for boxes (dark text stays readable on them).
_STAGE_TINTS = {"Makerspace": "#c9ebbf", "Incubator": "#a6d99a", "Accelerator": "#7fbf73"}
_GAP = "#e15759"
_LEFT = "#d37295"
_STAY = "#17becf"
_HANDOFF = "#59a14f"
_OUTSIDE = "#bab0ac"


def _width(n: int) -> float:
    return round(1.0 + 2.0 * math.sqrt(n), 2)


def _figures(report: IncubationReport) -> tuple[Figure, ...]:
    graduates = sum(c.graduates for c in report.carriers)
    handed = sum(c.handed_off for c in report.carriers)
    retained = sum(c.retained for c in report.carriers)
    cohort = sum(p.firms for p in report.pipeline)
    left = sum(p.left for p in report.pipeline)
    return (
        Figure("入孵企业", "firms in the pipeline", count(cohort)),
        Figure("毕业", "graduates", count(graduates)),
        Figure("接力率", "handoff rate", percent(handed / graduates if graduates else None),
               f"{handed} / {graduates}"),
        Figure("留园率", "retention rate",
               percent((handed + retained) / graduates if graduates else None),
               f"({handed} + {retained}) / {graduates}"),
        Figure("离园企业", "firms that left", count(left)),
        Figure("缺少接续的载体", "carriers without a successor",
               count(len(report.successor_gaps))),
    )


def _stage_view(report: IncubationReport) -> tuple[list[VizNode], list[VizEdge]]:
    flows: Counter[tuple[str, str]] = Counter()
    for f in report.pipeline_flows:
        flows[f.source, f.target] += f.firms
    entering = {p.entry_stage: p.firms for p in report.pipeline}
    through: Counter[str] = Counter()
    for (_, target), n in flows.items():
        through[target] += n
    ends = {"incubating": (ACTIVE_NODE, "在孵", "incubating", "#f1ce63"),
            "park": (PARK_NODE, "留园", "stayed in the park", TYPE_COLORS["Park"]),
            "left": (LEFT_NODE, "离园", "left the park", _LEFT)}
    nodes = []
    column = {stage: i for i, stage in enumerate(_STAGES)} | {k: 3 for k in ends}
    for i, stage in enumerate(_STAGES):
        zh, en = TYPE_NAMES[stage]
        here = entering.get(stage, 0) + through.get(stage, 0)
        nodes.append(VizNode(
            stage, f"{zh}\n{count(here)} 家（入口 {count(entering.get(stage, 0))}）",
            f"{en}\n{count(here)} firms ({count(entering.get(stage, 0))} entered here)",
            _STAGE_TINTS[stage], size=12.0 + 2.0 * math.sqrt(here), x=i * 320.0, y=0.0,
            shape="box", group=stage, title=f"{zh} {en}: {here}"))
    for j, (_key, (node, zh, en, color)) in enumerate(ends.items()):
        n = through.get(_key, 0)
        nodes.append(VizNode(node, f"{zh}\n{count(n)} 家", f"{en}\n{count(n)} firms", color,
                             size=12.0 + 2.0 * math.sqrt(n), x=3 * 320.0, y=(j - 1) * 150.0,
                             shape="box", group="end", title=f"{zh} {en}: {n}"))
    ids = {stage: stage for stage in _STAGES} | {k: v[0] for k, v in ends.items()}
    colors = {"left": _LEFT, "park": _STAY, "incubating": "#e0b93a"}
    edges = [
        VizEdge(ids[s], ids[t], width=_width(n), arrows="to", color=colors.get(t, _HANDOFF),
                dashes=t == "left", title=f"{n} 家 firms",
                # a step over more than one column arcs around the nodes between
                curve=0.0 if column[t] - column[s] <= 1 else 0.12 * (column[t] - column[s]))
        for (s, t), n in sorted(flows.items()) if s in ids and t in ids
    ]
    return nodes, edges


def incubation_view(graph: nx.MultiDiGraph, report: IncubationReport, park: str,
                    *, level: str = "carriers") -> VizPage:
    """Build the incubation page from an incubation report (``level``: carriers or stages).

    Examples
    --------
    >>> from datetime import date
    >>> from ecograph.analysis.incubation.handoffs import incubation_handoffs
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}), name="园区")
    >>> for c, lab in [("m", "Makerspace"), ("i", "Incubator"), ("j", "Incubator")]:
    ...     g.add_node(c, label=lab, name="同名孵化器" if c != "m" else "众创",
    ...                labels=frozenset({"Organization", "IncubationCarrier", lab}))
    ...     _ = g.add_edge(c, "P", type="LOCATED_IN")
    >>> for f in ("f", "h"):
    ...     g.add_node(f, label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    >>> _ = g.add_edge("f", "m", type="INCUBATED_IN", since="2020-01-01",
    ...                until="2020-12-31", outcome="graduated")
    >>> _ = g.add_edge("f", "i", type="INCUBATED_IN", since="2021-03-01", outcome="active")
    >>> _ = g.add_edge("h", "m", type="INCUBATED_IN", since="2020-01-01",
    ...                until="2020-06-30", outcome="graduated")      # h left the park
    >>> report = incubation_handoffs(g, "P", as_of=date(2024, 1, 1))
    >>> page = incubation_view(g, report, "P")
    >>> sorted((e.source, e.target, e.width) for e in page.edges)
    [('m', '__left__', 3.0), ('m', 'i', 3.0)]
    >>> sorted(n.label_zh for n in page.nodes if n.id in "ij")   # equal names told apart
    ['同名孵化器 · i', '同名孵化器 · j']
    >>> stages = incubation_view(g, report, "P", level="stages")
    >>> sorted((e.source, e.target) for e in stages.edges)
    [('Incubator', '__incubating__'), ('Makerspace', 'Incubator'), ('Makerspace', '__left__')]
    """
    park_zh, park_en = names_of(park, graph.nodes[park]) if park in graph else (park, park)
    figures = _figures(report)
    heading = (f"孵化接力：{park_zh}", f"Incubation chain: {park_en}")
    if level == "stages":
        stage_nodes, stage_edges = _stage_view(report)
        legend = (*(LegendItem(_STAGE_TINTS[s], *TYPE_NAMES[s], "box") for s in _STAGES),
                  LegendItem("#f1ce63", "在孵", "incubating", "box"),
                  LegendItem(TYPE_COLORS["Park"], "留园", "stayed in the park", "box"),
                  LegendItem(_LEFT, "离园（流失）", "left the park (leakage)", "box"),
                  LegendItem(_HANDOFF, "进入下一阶段", "next stage", "line"),
                  LegendItem(_STAY, "留园", "stayed", "line"),
                  LegendItem("#e0b93a", "仍在孵", "still incubating", "line"),
                  LegendItem(_LEFT, "离园", "left", "dashed"))
        return VizPage(heading[0], heading[1], tuple(stage_nodes), tuple(stage_edges),
                       legend=legend,
                       subtitle=f"{park} · 阶段 stages", figures=figures, fixed_layout=True)

    carriers = {row.carrier: row for row in report.carriers}
    gaps = {gap.carrier for gap in report.successor_gaps}
    stage_of: dict[str, str] = {c: row.stage or "Incubator" for c, row in carriers.items()}
    for edge in report.network:
        stage_of.setdefault(edge.source, edge.source_stage)
        stage_of.setdefault(edge.target, edge.target_stage)
    to_park: Counter[str] = Counter()
    to_left: Counter[str] = Counter()
    to_outside: Counter[tuple[str, str]] = Counter()
    for fate in report.fates:
        if fate.fate == "retained":
            to_park[fate.carrier] += 1
        elif fate.fate == "leaked" and fate.outside_carrier:
            to_outside[fate.carrier, fate.outside_carrier] += 1
        elif fate.fate == "leaked":
            to_left[fate.carrier] += 1
    for c, row in carriers.items():
        to_left[c] += row.relocated  # moved away before graduating: leakage too
    outside = sorted({o for _, o in to_outside} - set(stage_of))

    def entrants(carrier: str) -> int:
        return carriers[carrier].entrants if carrier in carriers else 0

    columns: dict[str, list[Hashable]] = {}
    for carrier in sorted(stage_of, key=lambda c: (-entrants(c), c)):
        columns.setdefault(stage_of[carrier], []).append(carrier)
    columns["end"] = [PARK_NODE, LEFT_NODE, *outside]
    pos = column_layout(columns, [*_STAGES, "end"], dx=380.0, dy=80.0)

    names: dict[str, str] = {}
    for carrier in stage_of:
        figs = carriers.get(carrier)
        attrs = graph.nodes[carrier] if carrier in graph else {}
        names[carrier] = ((figs.name if figs and figs.name else None)
                          or str(attrs.get("name", carrier)))
    twins = {n for n, k in Counter(names.values()).items() if k > 1}
    nodes: list[VizNode] = []
    for carrier, stage in stage_of.items():
        figs = carriers.get(carrier)
        attrs = graph.nodes[carrier] if carrier in graph else {}
        zh = names[carrier]
        en = str(attrs.get("name_en") or zh)
        label_zh, label_en = shorten(zh, 14), shorten(en, 28)
        if zh in twins:  # equal names: tell them apart by id
            label_zh, label_en = f"{label_zh} · {carrier}", f"{label_en} · {carrier}"
        stage_zh, stage_en = TYPE_NAMES.get(stage, (stage, stage))
        title = f"{zh} · {en} ({carrier})\n{stage_zh} {stage_en}"
        if zh in twins:
            title += "\n同名载体，以编号区分 same name as another carrier"
        if figs is not None:
            title += (f"\n入孵 entrants {figs.entrants} · 在孵 active {figs.active}"
                      f" · 毕业 graduates {figs.graduates}"
                      f"\n接力 handed off {figs.handed_off} · 留园 retained {figs.retained}"
                      f" · 流失 leakage {figs.leakage}"
                      f"\n毕业率 graduation {percent(figs.graduation_rate)}"
                      f" · 接力率 handoff {percent(figs.handoff_rate)}"
                      f" · 留园率 retention {percent(figs.retention_rate)}")
        if carrier in gaps:
            title += "\n缺少接续：毕业企业未进入下一阶段 no successor for its graduates"
        x, y = pos[carrier]
        nodes.append(VizNode(
            id=carrier, label_zh=label_zh, label_en=label_en,
            color=_GAP if carrier in gaps else _STAGE_COLORS.get(stage, _OUTSIDE),
            size=10.0 + 3.0 * math.sqrt(figs.entrants if figs else 0), x=x, y=y, title=title,
            shape="dot", group=stage,
        ))
    px, py = pos[PARK_NODE]
    lx, ly = pos[LEFT_NODE]
    nodes.append(VizNode(
        PARK_NODE, "留园", "Stayed in the park", TYPE_COLORS["Park"], size=22.0, x=px, y=py,
        shape="square", group="Park",
        title=f"毕业后留在园区 graduates staying in the park\n{park_zh} · {park_en}"))
    nodes.append(VizNode(LEFT_NODE, "离园（流失）", "Left the park (leakage)", _LEFT, size=22.0,
                         x=lx, y=ly, shape="square", group="left",
                         title="毕业后离开园区或迁出 graduates that left, and relocations"))
    for o in outside:
        zh, en = names_of(o, graph.nodes[o]) if o in graph else (o, o)
        ox, oy = pos[o]
        nodes.append(VizNode(
            o, f"园外：{shorten(zh, 12)}", f"Outside: {shorten(en, 24)}", _OUTSIDE, size=12.0,
            x=ox, y=oy, shape="triangle", group="outside",
            title=f"{zh} ({o})\n园外载体 carrier outside the park"))
    rank = {s: i for i, s in enumerate(_STAGES)}

    def bend(source: str) -> float:
        """Edges to the outcome column over more than one column arc around the carriers."""
        span = len(_STAGES) - rank.get(stage_of.get(source, ""), 0)
        return 0.1 * span if span > 1 else 0.0

    edges = [
        VizEdge(e.source, e.target, width=_width(e.weight), color=_HANDOFF, arrows="to",
                title=f"接力 handoffs: {e.weight}",
                curve=0.2 if rank.get(e.target_stage, 0) - rank.get(e.source_stage, 0) > 1
                else 0.0)
        for e in report.network
    ]
    edges += [VizEdge(c, PARK_NODE, width=_width(n), color=_STAY, arrows="to",
                      title=f"留园 stayed in park: {n}", curve=bend(c))
              for c, n in sorted(to_park.items()) if n and c in stage_of]
    edges += [VizEdge(c, LEFT_NODE, width=_width(n), color=_LEFT, arrows="to", dashes=True,
                      title=f"离园 left the park: {n}", curve=bend(c))
              for c, n in sorted(to_left.items()) if n and c in stage_of]
    edges += [VizEdge(c, o, width=_width(n), color=_LEFT, arrows="to", dashes=True,
                      title=f"流失到园外载体 to a carrier outside: {n}", curve=bend(c))
              for (c, o), n in sorted(to_outside.items()) if c in stage_of]
    legend = (
        *(LegendItem(_STAGE_COLORS[s], *TYPE_NAMES[s]) for s in _STAGES),
        LegendItem(_GAP, "缺少接续的载体", "carrier without a successor"),
        LegendItem(TYPE_COLORS["Park"], "留园", "stayed in the park", "square"),
        LegendItem(_LEFT, "离园（流失）", "left the park (leakage)", "square"),
        LegendItem(_OUTSIDE, "园外载体", "carrier outside the park", "triangle"),
        LegendItem(_HANDOFF, "接力（进入下一阶段）", "handoff to the next stage", "line"),
        LegendItem(_STAY, "毕业留园", "graduates staying", "line"),
        LegendItem(_LEFT, "流失", "leakage", "dashed"),
    )
    names_of_columns = [s for s in (*_STAGES, "end") if s in columns]
    tops = {name: min(pos[n][1] for n in columns[name]) for name in names_of_columns}
    top = min(tops.values()) - 40.0
    captions = [TYPE_NAMES.get(s, ("去向", "outcome")) for s in names_of_columns]
    headers = tuple(Cluster(i * 380.0, top, 0.0, zh, en, color="#555555")
                    for i, (zh, en) in enumerate(captions))
    return VizPage(
        title_zh=heading[0], title_en=heading[1], nodes=tuple(nodes), edges=tuple(edges),
        legend=legend, subtitle=f"{park} · window {report.params.get('window_days', '')} days",
        figures=figures, clusters=headers, fixed_layout=True,
    )
