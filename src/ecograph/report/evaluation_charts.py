"""Charts of the report's evaluation section: category targets and index attainment.

Inline SVG like :mod:`ecograph.report.charts`; every name is escaped.
"""

from __future__ import annotations

from markupsafe import Markup

from ecograph.analysis.indicators.evaluation import CategoryResult
from ecograph.analysis.indicators.scoring import IndexScore
from ecograph.report.svg import fit, num, rect, svg, text
from ecograph.viz.palette import STATUS_COLORS

__all__ = ["attainment_bars", "category_bars"]

_UNKNOWN = "#b8b8b8"


def category_bars(category: CategoryResult, *, width: float = 230) -> Markup:
    """Draw each target of one category: value against threshold, and what is still to go.

    Bars are green when met, red when not, grey when the value is unknown; the
    bar length is value / threshold, capped at the threshold mark (the dark tick).

    Examples
    --------
    >>> from ecograph.analysis.indicators.evaluation import TargetResult
    >>> t = TargetResult("x", "国家级研发机构数", "R&D", "个", ">=", 20.0, 2.0, "graph", 2023,
    ...                  False, 18.0, "还差18个国家级研发机构数", "18 more", "")
    >>> c = CategoryResult("characteristic", "创新型特色园区", "c", 2020, True, 0, 1, 1, False,
    ...                    (t,))
    >>> out = category_bars(c)
    >>> "还差18个" in out, STATUS_COLORS["missing"] in out
    (True, True)
    """
    bar_w, row_h = 90.0, 44.0
    parts: list[str] = []
    for i, row in enumerate(category.targets):
        y = i * row_h
        color = _UNKNOWN if row.met is None else STATUS_COLORS["present" if row.met else "missing"]
        parts.append(text(0, y + 12, fit(row.zh, width, 11.5), size=11.5))
        parts.append(rect(0, y + 17, bar_w, 9, "#f0f0f0", rx=2))
        if row.value is not None and row.threshold:
            share = max(0.0, min(1.0, row.value / row.threshold))
            parts.append(rect(0, y + 17, share * bar_w, 9, color, rx=2,
                              title=f"{row.en}: {num(row.value, 2)} / {num(row.threshold, 2)}"))
        parts.append(f'<line x1="{bar_w:.1f}" x2="{bar_w:.1f}" y1="{y + 15:.1f}" '
                     f'y2="{y + 28:.1f}" stroke="#333" stroke-width="1.2"/>')
        shown = "无数据" if row.value is None else num(row.value, 2)
        parts.append(text(bar_w + 6, y + 26, fit(f"{shown} / ≥{num(row.threshold, 2)} {row.unit}",
                                                   width - bar_w - 6, 10.5), size=10.5,
                          fill=color if row.met is not None else "#777"))
        note = ("达标 met" if row.met else (row.distance_zh or "")) if row.met is not None \
            else "缺数据 no value"
        parts.append(text(0, y + 39, fit(note, width, 10.5), size=10.5,
                          fill="#777" if row.met is not False else color))
    return svg(width, max(len(category.targets), 1) * row_h + 4, parts, label=category.en)


def attainment_bars(score: IndexScore, names: dict[str, str], *, width: float = 720) -> Markup:
    """Draw the attainment (0–1) of every indicator the score covers, by weight.

    Examples
    --------
    >>> from ecograph.analysis.indicators.scoring import Attainment
    >>> s = IndexScore("innovative", 50.0, 0.1, 10.0, 100.0, {}, (Attainment(
    ...     "hz.1.3", "国家级研发机构数", 25.0, 0.5, "target", 50.0, None, 10.0),), (), "")
    >>> "国家级研发机构数" in attainment_bars(s, {})
    True
    """
    label_w, bar_w, row_h = 260.0, 260.0, 20.0
    parts: list[str] = []
    for i, a in enumerate(score.indicators):
        y = i * row_h
        parts.append(text(label_w - 8, y + 14, fit(names.get(a.id, a.zh), label_w - 12, 11),
                          size=11, anchor="end"))
        parts.append(rect(label_w, y + 4, bar_w, 12, "#f3f3f3", rx=2))
        color = "#4e79a7" if a.method == "target" else "#9c755f"
        parts.append(rect(label_w, y + 4, bar_w * a.attainment, 12, color, rx=2))
        how = (f"对标 {num(a.target, 2)}" if a.method == "target"
               else f"同类 {a.peers} 园区")
        parts.append(text(label_w + bar_w + 6, y + 14,
                          f"{a.attainment:.0%} · {how} · 权重 {a.weight:.2f}", size=10,
                          fill="#333"))
    return svg(width, max(len(score.indicators), 1) * row_h + 4, parts, label="attainment")
