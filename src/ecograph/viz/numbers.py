"""Numbers and names as people read them: ``0.13``, ``36 %``, short labels.

Tooltips and headers never print ``0.12698412698412698``: ratios become
whole percentages, quotients two decimals, counts thousands-separated, and a
missing value (a zero denominator) is a dash.
"""

from __future__ import annotations

__all__ = ["count", "decimal", "percent", "shorten", "wrap"]

DASH = "—"


def percent(value: float | None) -> str:
    """A share in 0..1 as a whole percentage; None as a dash.

    Examples
    --------
    >>> percent(0.3571), percent(1.0), percent(0.004), percent(None)
    ('36 %', '100 %', '0.4 %', '—')
    """
    if value is None:
        return DASH
    scaled = 100.0 * value
    if 0 < abs(scaled) < 1:
        return f"{scaled:.1f} %"
    return f"{scaled:.0f} %"


def decimal(value: float | None, digits: int = 2) -> str:
    """A quotient rounded to ``digits`` decimals; None as a dash.

    Examples
    --------
    >>> decimal(0.12698412698412698), decimal(2.0), decimal(None)
    ('0.13', '2.00', '—')
    >>> decimal(0.000123, 3)
    '0.000'
    """
    return DASH if value is None else f"{value:.{digits}f}"


def count(value: int | float | None) -> str:
    """A count with thousands separators; None as a dash.

    Examples
    --------
    >>> count(12345), count(7.0), count(None)
    ('12,345', '7', '—')
    """
    return DASH if value is None else f"{round(value):,}"


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis.

    Examples
    --------
    >>> shorten("南昌宏泽光电科技有限公司", 8), shorten("CATL", 8)
    ('南昌宏泽光电科…', 'CATL')
    """
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` characters (at spaces when it has any).

    Examples
    --------
    >>> wrap("Active pharmaceutical ingredients", 14)
    'Active\\npharmaceutical\\ningredients'
    >>> wrap("化学原料药与医药中间体", 6)
    '化学原料药与\\n医药中间体'
    """
    if len(text) <= width:
        return text
    if " " not in text:
        return "\n".join(text[i:i + width] for i in range(0, len(text), width))
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
