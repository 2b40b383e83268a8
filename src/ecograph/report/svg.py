"""Small helpers for writing inline SVG safely (every text is escaped)."""

from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape

__all__ = ["fit", "num", "pct", "rect", "svg", "text", "text_width"]


def text_width(value: str, size: float) -> float:
    """Estimate the drawn width of ``value`` at font ``size`` (CJK counts full width).

    Examples
    --------
    >>> text_width("ab", 10), text_width("电池", 10)
    (11.0, 20.0)
    """
    return sum(float(size) if unicodedata.east_asian_width(ch) in "WF" else 0.55 * size
               for ch in value)


def fit(value: str, width: float, size: float) -> str:
    """Shorten ``value`` with an ellipsis so that it fits ``width`` at ``size``.

    Examples
    --------
    >>> fit("动力电池管理系统", 46, 10)
    '动力电池…'
    >>> fit("BMS", 45, 10)
    'BMS'
    """
    if text_width(value, size) <= width:
        return value
    out = ""
    for ch in value:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…"


def num(value: float | None, digits: int = 1) -> str:
    """Format a number for display; ``None`` is an em dash.

    Examples
    --------
    >>> num(3.14159), num(2.0), num(None), num(12345.6, 0)
    ('3.1', '2', '—', '12,346')
    """
    if value is None:
        return "—"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def pct(value: float | None) -> str:
    """Format a share in ``[0, 1]`` as a percentage; ``None`` is an em dash.

    Examples
    --------
    >>> pct(0.256), pct(None)
    ('26%', '—')
    """
    return "—" if value is None else f"{value:.0%}"


def text(x: float, y: float, value: str, *, size: float = 12, anchor: str = "start",
         fill: str = "#222", weight: str = "normal", cls: str = "") -> str:
    """Return an SVG ``<text>`` element with ``value`` escaped.

    Examples
    --------
    >>> text(1, 2, "<b>").endswith('>&lt;b&gt;</text>')
    True
    """
    extra = f' class="{cls}"' if cls else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
            f'fill="{fill}" font-weight="{weight}"{extra}>{escape(value)}</text>')


def rect(x: float, y: float, w: float, h: float, fill: str, *, rx: float = 3,
         title: str | None = None, stroke: str = "none") -> str:
    """Return an SVG ``<rect>``, with an escaped tooltip ``title`` when given.

    Examples
    --------
    >>> rect(0, 0, 10, 5, "#fff", title="a&b").endswith("<title>a&amp;b</title></rect>")
    True
    """
    body = f"<title>{escape(title)}</title></rect>" if title else "</rect>"
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" '
            f'rx="{rx:g}" fill="{fill}" stroke="{stroke}">{body}')


def svg(width: float, height: float, parts: list[str], *, label: str) -> Markup:
    """Wrap ``parts`` (already-safe SVG strings) in a responsive ``<svg>`` element.

    Examples
    --------
    >>> str(svg(10, 5, [], label="x<y"))[:60]
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5" w'
    """
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="chart">'
        + "".join(parts) + "</svg>"
    )
