"""Inline SVG pictures of incubation: the stage funnel and the handoff flows.

The flow picture is Sankey-like: carriers in stage columns (众创空间 →
孵化器 → 加速器 → 园区), ribbons whose width is the number of firms handed
over. Columns keep their ``MAX_PER_COLUMN`` busiest carriers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from markupsafe import Markup

from ecograph.analysis.incubation.handoffs import IncubationReport
from ecograph.report.charts import WIDTH
from ecograph.report.svg import fit, pct, rect, svg, text
from ecograph.viz.palette import TYPE_NAMES

__all__ = ["MAX_PER_COLUMN", "STAGES", "STAGE_COLORS", "funnel_chart", "handoff_flow"]

#: Stages drawn, in order (the last is the park itself).
STAGES = ("Makerspace", "Incubator", "Accelerator", "park")
STAGE_COLORS = {"Makerspace": "#8cd17d", "Incubator": "#59a14f", "Accelerator": "#2f7d32",
                "park": "#4e79a7"}
#: Carriers shown per stage column of the flow picture.
MAX_PER_COLUMN = 12


def _stage_label(stage: str) -> str:
    if stage == "park":
        return "留园发展 stay in park"
    zh, en = TYPE_NAMES.get(stage, (stage, stage))
    return f"{zh} {en}"


def funnel_chart(report: IncubationReport) -> Markup:
    """Draw the funnel: firms ever in each stage, with conversion to the next.

    Examples
    --------
    >>> from ecograph.analysis.incubation.flow import Conversion, FunnelStage
    >>> from ecograph.analysis.incubation.handoffs import IncubationReport
    >>> r = IncubationReport({}, [], [], [], [FunnelStage("Makerspace", 10, {}),
    ...     FunnelStage("Incubator", 4, {})], [Conversion("Makerspace", "Incubator", 10, 4, 0.4)],
    ...     [], [], [], [])
    >>> out = funnel_chart(r)
    >>> "40%" in out, ">10<" in out
    (True, True)
    """
    rows = [f for f in report.funnel if f.stage in STAGES]
    rates = {(c.from_stage, c.to_stage): c for c in report.conversion}
    top = max((f.firms for f in rows), default=0) or 1
    label_w, bar_w, row_h = 170.0, 420.0, 46.0
    parts: list[str] = []
    for i, row in enumerate(rows):
        y = i * row_h
        w = max(2.0, bar_w * row.firms / top)
        x = label_w + (bar_w - w) / 2
        parts.append(text(label_w - 10, y + 22, _stage_label(row.stage), size=12, anchor="end",
                          weight="bold"))
        parts.append(rect(x, y + 6, w, 26, STAGE_COLORS[row.stage], rx=4,
                          title=f"{row.stage}: {row.firms} firms"))
        parts.append(text(label_w + bar_w / 2, y + 24, str(row.firms), size=13, anchor="middle",
                          fill="#fff" if w > 40 else "#222", weight="bold"))
        if i + 1 < len(rows):
            conv = rates.get((row.stage, rows[i + 1].stage))
            if conv is not None:
                parts.append(text(label_w + bar_w + 12, y + 45,
                                  f"↓ 转化 conversion {pct(conv.rate)} ({conv.converted}/"
                                  f"{conv.firms})", size=11, fill="#555"))
    return svg(WIDTH, max(len(rows), 1) * row_h, parts, label="incubation funnel")


def handoff_flow(report: IncubationReport, names: Mapping[str, str]) -> Markup:
    """Draw carrier-to-carrier and carrier-to-park handoffs as ribbons between columns.

    Examples
    --------
    >>> from ecograph.analysis.incubation.carriers import NetworkEdge
    >>> from ecograph.analysis.incubation.handoffs import IncubationReport
    >>> r = IncubationReport({}, [], [], [], [], [], [],
    ...     [NetworkEdge("m", "i", 3, "Makerspace", "Incubator")], [], [])
    >>> out = handoff_flow(r, {"m": "创客<空间>"})
    >>> out.count("<path"), "创客&lt;空间&gt;" in out
    (1, True)
    """
    flows: dict[tuple[str, str], int] = defaultdict(int)
    stage_of: dict[str, str] = {c.carrier: c.stage for c in report.carriers if c.stage}
    for e in report.network:
        flows[e.source, e.target] += e.weight
        stage_of.setdefault(e.source, e.source_stage)
        stage_of.setdefault(e.target, e.target_stage)
    for h in report.handoffs:
        if h.kind == "to_park":
            flows[h.from_carrier, "park"] += 1
            stage_of.setdefault(h.from_carrier, h.from_stage)
    stage_of["park"] = "park"
    through: dict[str, int] = defaultdict(int)
    for (s, t), w in flows.items():
        through[s] += w
        through[t] += w
    columns: dict[str, list[str]] = {}
    hidden = 0
    for stage in STAGES:
        nodes = sorted((n for n, st in stage_of.items() if st == stage and
                        (n != "park" or through[n])), key=lambda n: (-through[n], n))
        hidden += max(0, len(nodes) - MAX_PER_COLUMN)
        columns[stage] = nodes[:MAX_PER_COLUMN]
    shown = {n for nodes in columns.values() for n in nodes}
    col_w, node_w, top, gap = (WIDTH - 20) / len(STAGES), 14.0, 26.0, 10.0
    height = 360.0
    max_col = max((sum(max(through[n], 1) for n in c) for c in columns.values()), default=1)
    most = max((len(c) for c in columns.values()), default=1)
    unit = max(0.5, min(12.0, (height - top - gap * most) / max(max_col, 1)))
    pos: dict[str, tuple[float, float, float]] = {}
    parts: list[str] = []
    for i, stage in enumerate(STAGES):
        x = 10 + i * col_w + (col_w - node_w) / 2 if stage != "park" else WIDTH - 10 - node_w
        hx, hanchor = (x + node_w, "end") if stage == "park" else (x + node_w / 2, "middle")
        parts.append(text(hx, 14, _stage_label(stage), size=12, anchor=hanchor,
                          weight="bold", fill="#444"))
        y = top
        for n in columns[stage]:
            size = max(through[n], 1) * unit
            pos[n] = (x, y, size)
            name = "园区 park" if n == "park" else names.get(n, n)
            parts.append(rect(x, y, node_w, size, STAGE_COLORS[stage], rx=2,
                              title=f"{name}: {through[n]} handoffs"))
            anchor, lx = ("end", x - 4) if stage == "park" else ("start", x + node_w + 4)
            parts.append(text(lx, y + min(size, 24) / 2 + 4, fit(name, col_w - 40, 10.5),
                              size=10.5, anchor=anchor, fill="#333"))
            y += size + gap
    ribbons: list[str] = []
    out_off: dict[str, float] = defaultdict(float)
    in_off: dict[str, float] = defaultdict(float)
    for (s, t), w in sorted(flows.items(), key=lambda kv: (-kv[1], kv[0])):
        if s not in shown or t not in shown:
            continue
        sx, sy, _ = pos[s]
        tx, ty, _ = pos[t]
        band = w * unit
        y1 = sy + out_off[s] + band / 2
        y2 = ty + in_off[t] + band / 2
        out_off[s] += band
        in_off[t] += band
        x1, x2 = sx + node_w, tx
        mid = (x1 + x2) / 2
        tip = f"{names.get(s, s)} → {names.get(t, t) if t != 'park' else '园区 park'}: {w}"
        ribbons.append(Markup(
            '<path d="M{:.1f},{:.1f} C{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="none" '
            'stroke="{}" stroke-opacity="0.35" stroke-width="{:.1f}"><title>{}</title></path>'
        ).format(x1, y1, mid, y1, mid, y2, x2, y2, STAGE_COLORS[stage_of[t]], max(band, 1.0),
                 tip))
    if hidden:
        parts.append(text(10, height - 4, f"另有 {hidden} 个载体未显示 / {hidden} more carriers "
                          "not shown", size=10.5, fill="#777"))
    if not flows:
        parts.append(text(WIDTH / 2, height / 2, "暂无交接记录 / no handoffs recorded", size=13,
                          anchor="middle", fill="#777"))
    return svg(WIDTH, height, ribbons + parts, label="incubation handoff flows")
