"""A ratio returned with what it was computed from (metrics.md section 0).

A zero denominator gives ``value`` None (null), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Ratio", "make_ratio"]


@dataclass(frozen=True, slots=True)
class Ratio:
    """``value`` = ``numerator`` / ``denominator`` (None when the denominator is 0)."""

    value: float | None
    numerator: float
    denominator: float


def make_ratio(numerator: float, denominator: float) -> Ratio:
    """Return the :class:`Ratio` of ``numerator`` over ``denominator``.

    Examples
    --------
    >>> make_ratio(1, 4)
    Ratio(value=0.25, numerator=1.0, denominator=4.0)
    >>> make_ratio(0, 0).value is None
    True
    """
    num, den = float(numerator), float(denominator)
    return Ratio(num / den if den else None, num, den)
