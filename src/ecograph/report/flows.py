"""Inline SVG pictures of incubation: the park pipeline and the carrier handoff flows.

Both are Sankey-like. The pipeline has the stage columns (众创空间 → 孵化器 →
加速器) and the three end states (在孵 still incubating, 留园 retained, 离园
left): a node's height is the firms that passed through it, a ribbon's width
the firms that took that step, so no ribbon is wider than the node it leaves.
The handoff picture has the carriers in stage columns with their handoffs and
their graduates' ends (留园 / 离园); carriers sharing a name are told apart by
their ids. Columns keep their ``MAX_PER_COLUMN`` busiest carriers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from markupsafe import Markup

from ecograph.analysis.incubation.handoffs import IncubationReport
from ecograph.report.charts import WIDTH
from ecograph.report.svg import fit, rect, svg, text
from ecograph.viz.palette import TYPE_NAMES

__all__ = ["END_LABELS", "MAX_PER_COLUMN", "STAGES", "STAGE_COLORS", "carrier_labels",
           "handoff_flow", "pipeline_chart"]

#: Carrier stages drawn, in order.
STAGES = ("Makerspace", "Incubator", "Accelerator")
STAGE_COLORS = {"Makerspace": "#8cd17d", "Incubator": "#59a14f", "Accelerator": "#2f7d32",
                "incubating": "#b6992d", "park": "#4e79a7", "left": "#e15759"}
#: End states of the pipeline and their labels.
END_LABELS = {"incubating": "在孵 still incubating", "park": "留园 retained in park",
              "left": "离园 left the park"}
#: Carriers shown per stage column of the handoff picture.
MAX_PER_COLUMN = 12


def _stage_label(stage: str) -> str:
    if stage in END_LABELS:
        return END_LABELS[stage]
    zh, en = TYPE_NAMES.get(stage, (stage, stage))
    return f"{zh} {en}"


def _ribbon(x1: float, y1: float, x2: float, y2: float, band: float, color: str,
            tip: str) -> Markup:
    mid = (x1 + x2) / 2
    return Markup(
        '<path d="M{:.1f},{:.1f} C{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="none" '
        'stroke="{}" stroke-opacity="0.4" stroke-width="{:.1f}"><title>{}</title></path>'
    ).format(x1, y1, mid, y1, mid, y2, x2, y2, color, max(band, 1.0), tip)


def pipeline_chart(report: IncubationReport) -> Markup:
    """Draw the park pipeline: stages, end states and the firm flows between them.

    Examples
    --------
    >>> from ecograph.analysis.incubation.pipeline import PipelineFlow, PipelineRow
    >>> r = IncubationReport({}, [], [], [], [PipelineRow("Makerspace", 3, {}, 0, 1, 2)],
    ...     [PipelineFlow("Makerspace", "Makerspace", "park", 1),
    ...      PipelineFlow("Makerspace", "Makerspace", "left", 2)], [], [], [], [], [], [])
    >>> out = pipeline_chart(r)
    >>> out.count("<path"), "离园" in out, "首入 3<" in out
    (2, True, True)
    """
    entries = {row.entry_stage: row.firms for row in report.pipeline}
    steps: Counter[tuple[str, str]] = Counter()
    for f in report.pipeline_flows:
        steps[(f.source, f.target)] += f.firms
    through: Counter[str] = Counter()
    for stage in STAGES:
        through[stage] = entries.get(stage, 0) + sum(
            n for (s, t), n in steps.items() if t == stage)
    for end in END_LABELS:
        through[end] = sum(n for (s, t), n in steps.items() if t == end)
    total = sum(entries.values())
    height, top, node_w, gap = 340.0, 46.0, 16.0, 14.0
    columns: list[tuple[str, ...]] = [(s,) for s in STAGES] + [tuple(END_LABELS)]
    col_w = (WIDTH - 40) / len(columns)
    unit = (height - top - 10 - gap * 2) / max(total, 1)
    pos: dict[str, tuple[float, float]] = {}
    parts: list[str] = []
    for i, column in enumerate(columns):
        last = i == len(STAGES)
        x = 20 + i * col_w + (col_w - node_w - 150 if last else 0)
        y = top
        for node in column:
            size = max(through[node] * unit, 2.0)
            pos[node] = (x, y)
            parts.append(rect(x, y, node_w, size, STAGE_COLORS[node], rx=2,
                              title=f"{_stage_label(node)}: {through[node]}"))
            if last:
                parts.append(text(x + node_w + 5, y + min(size, 28) / 2 + 4,
                                  f"{_stage_label(node)} · {through[node]}", size=11.5,
                                  weight="bold"))
            else:
                parts.append(text(x, 16, _stage_label(node), size=12, weight="bold"))
                parts.append(text(x, 32, f"经过 {through[node]} · 首入 "
                                  f"{entries.get(node, 0)}", size=10.5, fill="#555"))
            y += size + gap
    out_off: dict[str, float] = defaultdict(float)
    in_off: dict[str, float] = defaultdict(float)
    ribbons: list[str] = []
    order = [*STAGES, *END_LABELS]
    for (s, t), n in sorted(steps.items(), key=lambda kv: (order.index(kv[0][0]),
                                                           order.index(kv[0][1]))):
        if s not in pos or t not in pos:
            continue
        band = n * unit
        sx, sy = pos[s]
        tx, ty = pos[t]
        # entries sit on top of a stage node; inflows from earlier stages below them
        base_in = entries.get(t, 0) * unit if t in STAGES else 0.0
        y1 = sy + out_off[s] + band / 2
        y2 = ty + base_in + in_off[t] + band / 2
        out_off[s] += band
        in_off[t] += band
        ribbons.append(_ribbon(sx + node_w, y1, tx, y2, band, STAGE_COLORS[t],
                               f"{_stage_label(s)} → {_stage_label(t)}: {n}"))
    if not total:
        parts.append(text(WIDTH / 2, height / 2, "暂无孵化记录 / no incubation stays",
                          size=13, anchor="middle", fill="#777"))
    return svg(WIDTH, height, ribbons + parts, label="incubation pipeline")


def carrier_labels(report: IncubationReport, names: Mapping[str, str]) -> dict[str, str]:
    """Display names of the carriers; a name two carriers share gets the id added.

    Examples
    --------
    >>> from ecograph.analysis.incubation.carriers import carrier_figures
    >>> rows = [carrier_figures(c, {"name": "星火众创"}, "Makerspace", [], []) for c in "ab"]
    >>> r = IncubationReport({}, [], [], rows, [], [], [], [], [], [], [], [])
    >>> carrier_labels(r, {})
    {'a': '星火众创 (a)', 'b': '星火众创 (b)'}
    """
    ids = ({c.carrier for c in report.carriers} | {e.target for e in report.network}
           | {e.source for e in report.network})
    base = {c: names.get(c) or c for c in ids}
    for row in report.carriers:
        if row.name:
            base[row.carrier] = row.name
    shared = Counter(base.values())
    return {c: f"{n} ({c})" if shared[n] > 1 and n != c else n for c, n in sorted(base.items())}


def handoff_flow(report: IncubationReport, names: Mapping[str, str]) -> Markup:
    """Draw carrier → carrier handoffs and graduates retained (留园) or leaked (离园).

    Examples
    --------
    >>> from ecograph.analysis.incubation.carriers import NetworkEdge
    >>> r = IncubationReport({}, [], [], [], [], [], [], [],
    ...     [NetworkEdge("m", "i", 3, "Makerspace", "Incubator")], [], [], [])
    >>> out = handoff_flow(r, {"m": "创客<空间>"})
    >>> out.count("<path"), "创客&lt;空间&gt;" in out
    (1, True)
    """
    labels = carrier_labels(report, names)
    flows: dict[tuple[str, str], int] = defaultdict(int)
    stage_of: dict[str, str] = {c.carrier: c.stage for c in report.carriers if c.stage}
    for e in report.network:
        flows[e.source, e.target] += e.weight
        stage_of.setdefault(e.source, e.source_stage)
        stage_of.setdefault(e.target, e.target_stage)
    for f in report.fates:
        if f.fate in ("retained", "leaked") and f.stage:
            flows[f.carrier, "park" if f.fate == "retained" else "left"] += 1
            stage_of.setdefault(f.carrier, f.stage)
    stage_of["park"], stage_of["left"] = "park", "left"
    through: dict[str, int] = defaultdict(int)
    for (s, t), w in flows.items():
        through[s] += w
        through[t] += w
    col_stages = (*STAGES, "ends")
    columns: dict[str, list[str]] = {}
    hidden = 0
    for stage in STAGES:
        nodes = sorted((n for n, st in stage_of.items() if st == stage),
                       key=lambda n: (-through[n], n))
        hidden += max(0, len(nodes) - MAX_PER_COLUMN)
        columns[stage] = nodes[:MAX_PER_COLUMN]
    columns["ends"] = [n for n in ("park", "left") if through[n]]
    shown = {n for nodes in columns.values() for n in nodes}
    col_w, node_w, top, gap = (WIDTH - 20) / len(col_stages), 14.0, 26.0, 10.0
    height = 380.0
    max_col = max((sum(max(through[n], 1) for n in c) for c in columns.values()), default=1)
    most = max((len(c) for c in columns.values()), default=1)
    unit = max(0.5, min(12.0, (height - top - gap * most) / max(max_col, 1)))
    pos: dict[str, tuple[float, float]] = {}
    parts: list[str] = []
    for i, stage in enumerate(col_stages):
        last = stage == "ends"
        x = WIDTH - 10 - node_w if last else 10 + i * col_w + (col_w - node_w) / 2
        head = "毕业去向 graduates' ends" if last else _stage_label(stage)
        parts.append(text(x + node_w if last else x + node_w / 2, 14, head, size=12,
                          anchor="end" if last else "middle", weight="bold", fill="#444"))
        y = top
        for n in columns[stage]:
            size = max(through[n], 1) * unit
            pos[n] = (x, y)
            name = END_LABELS[n] if n in END_LABELS else labels.get(n, n)
            parts.append(rect(x, y, node_w, size, STAGE_COLORS[stage_of[n]], rx=2,
                              title=f"{name}: {through[n]}"))
            anchor, lx = ("end", x - 4) if last else ("start", x + node_w + 4)
            parts.append(text(lx, y + min(size, 24) / 2 + 4, fit(name, col_w - 40, 10.5),
                              size=10.5, anchor=anchor, fill="#333"))
            y += size + gap
    ribbons: list[str] = []
    out_off: dict[str, float] = defaultdict(float)
    in_off: dict[str, float] = defaultdict(float)
    for (s, t), w in sorted(flows.items(), key=lambda kv: (-kv[1], kv[0])):
        if s not in shown or t not in shown:
            continue
        sx, sy = pos[s]
        tx, ty = pos[t]
        band = w * unit
        y1, y2 = sy + out_off[s] + band / 2, ty + in_off[t] + band / 2
        out_off[s] += band
        in_off[t] += band
        target = END_LABELS.get(t) or labels.get(t, t)
        ribbons.append(_ribbon(sx + node_w, y1, tx, y2, band, STAGE_COLORS[stage_of[t]],
                               f"{labels.get(s, s)} → {target}: {w}"))
    if hidden:
        parts.append(text(10, height - 4, f"另有 {hidden} 个载体未显示 / {hidden} more carriers "
                          "not shown", size=10.5, fill="#777"))
    if not flows:
        parts.append(text(WIDTH / 2, height / 2, "暂无毕业记录 / no graduates recorded", size=13,
                          anchor="middle", fill="#777"))
    return svg(WIDTH, height, ribbons + parts, label="incubation handoff flows")
