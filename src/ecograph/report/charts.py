"""Inline SVG charts of the planner's report (no script, no external resource).

Each function takes report data and returns :class:`markupsafe.Markup` holding
one ``<svg>``; every name in it is escaped. Colours follow
:mod:`ecograph.viz.palette` (status: missing red, weak amber, present green).
"""

from __future__ import annotations

import math

from markupsafe import Markup

from ecograph.report.data import ChainSection, NetworkPicture
from ecograph.report.svg import fit, num, rect, svg, text, text_width
from ecograph.viz.palette import STAGE_NAMES, STATUS_COLORS, STATUS_NAMES, TYPE_COLORS, TYPE_NAMES

__all__ = ["WIDTH", "coverage_map", "network_picture", "score_bar"]

#: Drawing width of the full-width charts (the page is A4-wide).
WIDTH = 720
_UNKNOWN = "#b8b8b8"
_STAGES = ("upstream", "midstream", "downstream")


def coverage_map(section: ChainSection) -> Markup:
    """Draw a chain's segments in stage columns, each box coloured by its status.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import example_graph
    >>> from ecograph.analysis.chain.linkage import chain_linkage
    >>> g = example_graph()
    >>> g.nodes["s3"]["name"] = "电池<1>"
    >>> out = coverage_map(ChainSection("C", "新能源汽车", chain_linkage(g, "P", "C")))
    >>> "电池&lt;1&gt;" in out, STATUS_COLORS["missing"] in out
    (True, True)
    """
    rows = section.linkage.segments
    stages = [s for s in _STAGES if any(r.stage == s for r in rows)]
    if any(r.stage not in _STAGES for r in rows):
        stages.append("other")
    columns = {s: [r for r in rows if (r.stage if r.stage in _STAGES else "other") == s]
               for s in stages}
    gap, box_h, top = 14.0, 30.0, 30.0
    col_w = (WIDTH - gap * (len(stages) - 1)) / max(len(stages), 1)
    height = top + box_h * max((len(c) for c in columns.values()), default=0) * 1.2 + 6
    parts: list[str] = []
    for i, stage in enumerate(stages):
        x = i * (col_w + gap)
        zh, en = STAGE_NAMES.get(stage, ("其他", "other"))
        parts.append(text(x + col_w / 2, 18, f"{zh} {en}", size=13, anchor="middle",
                          weight="bold", fill="#444"))
        if i:
            parts.append(text(x - gap / 2, 18, "→", size=13, anchor="middle", fill="#999"))
        for j, r in enumerate(columns[stage]):
            y = top + j * box_h * 1.2
            status_zh, status_en = STATUS_NAMES[r.status]
            tip = (f"{r.name} ({r.segment}) — {status_zh} {status_en}; park firms {r.firms}, "
                   f"region firms {r.region_firms}, LQ {num(r.location_quotient, 2)}, "
                   f"leakage {r.leakage.count}" + (f", {r.role}" if r.role else ""))
            parts.append(rect(x, y, col_w, box_h, STATUS_COLORS[r.status], title=tip))
            parts.append(text(x + 8, y + 20, fit(r.name, col_w - 60, 13), size=13, fill="#fff",
                              weight="bold"))
            parts.append(text(x + col_w - 8, y + 20, f"{r.firms} 家", size=12, anchor="end",
                              fill="#fff"))
    return svg(WIDTH, height, parts, label=f"{section.name} coverage")


def score_bar(value: float, maximum: float, *, color: str = "#4e79a7", width: float = 120,
              label: str | None = None) -> Markup:
    """Draw a small horizontal bar for ``value`` out of ``maximum``.

    Examples
    --------
    >>> 'width="60.0"' in score_bar(1.0, 2.0)
    True
    """
    share = 0.0 if maximum <= 0 else max(0.0, min(1.0, value / maximum))
    parts = [rect(0, 2, width, 10, "#eee", rx=2), rect(0, 2, width * share, 10, color, rx=2)]
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} 14" width="{width:g}" '
        f'height="14" role="img" aria-label="{label or num(value, 2)}" class="bar">'
        + "".join(parts) + "</svg>"
    )


def network_picture(picture: NetworkPicture, *, height: float = 430) -> Markup:
    """Draw the laid-out collaboration graph: circles by organisation type, grey ties.

    Examples
    --------
    >>> from ecograph.report.data import NetEdge, NetNode
    >>> pic = NetworkPicture((NetNode("a", "<A>", "Enterprise", 0.0, 0.0, 1),
    ...                       NetNode("b", "B", "University", 1.0, 1.0, 1)),
    ...                      (NetEdge(0, 1, 1.0),), 2, None)
    >>> out = network_picture(pic)
    >>> out.count('class="node"'), out.count("<line"), "&lt;A&gt;" in out
    (2, 1, True)
    """
    pad, legend_h = 24.0, 44.0
    inner_w, inner_h = WIDTH - 2 * pad, height - 2 * pad - legend_h

    def xy(i: int) -> tuple[float, float]:
        node = picture.nodes[i]
        return pad + node.x * inner_w, legend_h + pad + node.y * inner_h

    parts = [rect(0, 0, WIDTH, height, "#fafbfc", rx=6)]
    max_w = max((e.weight for e in picture.edges), default=1.0)
    for e in picture.edges:
        (x1, y1), (x2, y2) = xy(e.a), xy(e.b)
        stroke = 0.6 + 2.0 * e.weight / max_w
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="#9aa5b1" stroke-opacity="0.55" stroke-width="{stroke:.2f}"/>')
    placed: list[tuple[float, float]] = []
    labelled: set[str] = set()
    for i, node in sorted(enumerate(picture.nodes), key=lambda p: (-p[1].degree, p[1].id))[:14]:
        x, y = xy(i)
        if len(labelled) < 8 and all(abs(x - px) > 120 or abs(y - py) > 16 for px, py in placed):
            placed.append((x, y))
            labelled.add(node.id)
    for i, node in enumerate(picture.nodes):
        x, y = xy(i)
        r = 3.0 + 1.6 * math.sqrt(node.degree)
        color = TYPE_COLORS.get(node.type, TYPE_COLORS["Organization"])
        zh, en = TYPE_NAMES.get(node.type, (node.type, node.type))
        parts.append(Markup('<circle class="node" cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}" '
                            'stroke="#fff" stroke-width="0.8">'
                            '<title>{} — {} {} ({} ties)</title></circle>')
                     .format(x, y, r, color, node.name, zh, en, node.degree))
        if node.id in labelled:
            parts.append(text(x + r + 2, y + 4, fit(node.name, 130, 11), size=11, fill="#333"))
    types = sorted({n.type for n in picture.nodes})
    lx, ly = pad, 16.0
    for t in types:
        zh, en = TYPE_NAMES.get(t, (t, t))
        label = f"{zh} {en}"
        step = 24 + text_width(label, 11)
        if lx + step > WIDTH - pad:
            lx, ly = pad, ly + 18
        parts.append(f'<circle cx="{lx + 5:.1f}" cy="{ly:.1f}" r="5" '
                     f'fill="{TYPE_COLORS.get(t, TYPE_COLORS["Organization"])}"/>')
        parts.append(text(lx + 14, ly + 4, label, size=11, fill="#444"))
        lx += step
    return svg(WIDTH, height, parts, label="collaboration network")
