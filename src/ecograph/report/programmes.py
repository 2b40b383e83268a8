"""Inline SVG pictures of the 梯度培育 and 园区+基金 sections of the planner's report.

``tier_ladder`` draws the gradient tiers as a ladder, lowest rung at the
bottom, each rung a bar of the park firms holding that tier (growth labels and
Listed beside it); ``fund_coverage`` draws each leading chain's fund coverage
split by investor type, the part from funds serving the park marked.
"""

from __future__ import annotations

from markupsafe import Markup

from ecograph.analysis.funds.park_funds import FundsReport
from ecograph.analysis.gradient.ladder import GradientReport
from ecograph.analysis.gradient.tiers import TIERS
from ecograph.report.charts import WIDTH
from ecograph.report.svg import fit, pct, rect, svg, text

__all__ = ["TYPE_COLORS", "TYPE_LABELS", "fund_coverage", "tier_ladder"]

_TIER_COLORS = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c")
TYPE_LABELS = {"angel": "天使 angel", "venture": "创投 venture", "industry": "产业 industry",
               "guidance": "引导 guidance"}
TYPE_COLORS = {"angel": "#f28e2b", "venture": "#e15759", "industry": "#76b7b2",
               "guidance": "#59a14f"}


def tier_ladder(report: GradientReport) -> Markup:
    """Draw the tier ladder with counts, the growth labels and the next-tier pool.

    Examples
    --------
    >>> import networkx as nx
    >>> from ecograph.analysis.gradient import gradient
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> g.add_node("e", qualifications=["TechSME"])
    >>> _ = g.add_edge("e", "P", type="LOCATED_IN")
    >>> out = tier_ladder(gradient(g, "P", as_of="2024-01-01"))
    >>> "科技型中小企业" in out, "储备" in out
    (True, True)
    """
    counts = {t.qualification: t for t in report.tiers}
    top = max((counts[q].firms for q in TIERS), default=0) or 1
    label_w, bar_w, row_h = 150.0, 280.0, 34.0
    parts: list[str] = []
    for i, tier in enumerate(reversed(TIERS)):
        row = counts[tier]
        y = 10 + i * row_h
        level = len(TIERS) - 1 - i
        indent = level * 6.0
        parts.append(text(label_w - 8, y + 18, row.name_zh, size=12, anchor="end",
                          weight="bold"))
        w = max(2.0, (bar_w - indent) * row.firms / top)
        parts.append(rect(label_w + indent, y + 4, w, 22, _TIER_COLORS[level], rx=3,
                          title=f"{row.name_zh} {tier}: {row.firms}"))
        parts.append(text(label_w + indent + w + 6, y + 20,
                          f"{row.firms} 家 · {pct(row.share.value)}", size=11.5, fill="#333"))
    side_x = label_w + bar_w + 100
    parts.append(text(side_x, 24, "成长标签 growth", size=12, weight="bold", fill="#444"))
    for j, label in enumerate(("Gazelle", "Unicorn", "Listed")):
        row = counts[label]
        parts.append(text(side_x, 46 + j * 20, f"{row.name_zh}: {row.firms}", size=11.5))
    pool = len(report.next_tier_pool)
    parts.append(text(side_x, 130, "高企储备 next-tier pool", size=12, weight="bold",
                      fill="#444"))
    parts.append(text(side_x, 152, f"{pool} / {len(report.candidates)} 家", size=11.5,
                      weight="bold"))
    parts.append(text(side_x, 170, "科技型中小企业研发强度", size=10.5, fill="#666"))
    parts.append(text(side_x, 186, "已达高企门槛", size=10.5, fill="#666"))
    parts.append(text(side_x, 202, "TechSME at the HTE R&D bar", size=10.5, fill="#666"))
    return svg(WIDTH, 20 + len(TIERS) * row_h, parts, label="gradient tier ladder")


def fund_coverage(report: FundsReport) -> Markup:
    """Draw each leading chain's fund coverage by investor type.

    Examples
    --------
    >>> import networkx as nx
    >>> from ecograph.analysis.funds import park_funds
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> "暂无主导产业链" in fund_coverage(park_funds(g, "P", as_of="2024-01-01"))
    True
    """
    rows = [(c.name or c.chain, c.coverage) for c in report.chains]
    rows.insert(0, ("全园区 whole park", report.overall))
    label_w, bar_w, row_h = 150.0, 300.0, 58.0
    parts: list[str] = []
    for i, (name, cov) in enumerate(rows):
        y = 24 + i * row_h
        parts.append(text(label_w - 8, y + 16, fit(name, label_w - 10, 12), size=12,
                          anchor="end", weight="bold"))
        total = cov.coverage.value or 0.0
        parts.append(rect(label_w, y + 4, bar_w, 16, "#eee", rx=2))
        parts.append(rect(label_w, y + 4, bar_w * total, 16, "#4e79a7", rx=2,
                          title=f"{name}: {int(cov.coverage.numerator)}/{cov.firms}"))
        serving = cov.by_serving["serving"].value or 0.0
        parts.append(rect(label_w, y + 22, bar_w * serving, 5, "#f1ce63", rx=1,
                          title=f"服务本园基金 serving funds: {pct(serving)}"))
        parts.append(text(label_w + bar_w + 8, y + 17,
                          f"覆盖 {pct(cov.coverage.value)} ({int(cov.coverage.numerator)}/"
                          f"{cov.firms}) · 本园基金 {pct(cov.by_serving['serving'].value)}"
                          f" · 投早 {pct(cov.early_share.value)}", size=11, fill="#333"))
        x = label_w
        for kind, label in TYPE_LABELS.items():
            share = cov.by_type[kind].value or 0.0
            w = 60.0 * share / max(total, 1e-9) if total else 0.0
            parts.append(rect(x, y + 32, max(w, 0.0), 10, TYPE_COLORS[kind], rx=1,
                              title=f"{label}: {int(cov.by_type[kind].numerator)}"))
            parts.append(text(x + 2, y + 53, f"{label.split()[0]} "
                              f"{int(cov.by_type[kind].numerator)}", size=10, fill="#555"))
            x += 75.0
    if not report.chains:
        parts.append(text(label_w, 24 + len(rows) * row_h, "暂无主导产业链 / no leading chains",
                          size=12, fill="#777"))
    parts.append(text(label_w, 14, "蓝：有现行投资的企业占比 blue: firms with a current "
                      "investment；黄：来自服务本园的基金 yellow: from funds serving the park",
                      size=10, fill="#666"))
    return svg(WIDTH, 34 + (len(rows) + (0 if report.chains else 1)) * row_h, parts,
               label="fund coverage")
