"""Enterprise gradient (梯度培育): park firms by tier, per chain and year; the next-tier pool.

``tiers`` holds the ladder and the R&D bands; ``history`` the per-year counts
and promotions; ``pool`` the next-tier pool; ``ladder`` puts them together.
"""

from ecograph.analysis.gradient.ladder import GradientReport, gradient

__all__ = ["GradientReport", "gradient"]
