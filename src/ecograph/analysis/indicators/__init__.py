"""Evaluation indicators: the seeds' indicator systems, park statistics, and scores.

``systems`` reads the shipped indicator tables; ``stats`` reads and keeps a
package's ``park_stats.csv``; ``evaluation`` computes the graph's indicators,
the target tiers and the peer scores (:func:`evaluate_peers`, used by the CLI
and the API alike).
"""

from ecograph.analysis.indicators.evaluation import ParkEvaluation, evaluate_park
from ecograph.analysis.indicators.systems import IndicatorSystems, StatRow, load_systems

__all__ = ["IndicatorSystems", "ParkEvaluation", "StatRow", "evaluate_park", "load_systems"]
