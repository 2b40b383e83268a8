"""Evaluation indicators: the seeds' indicator systems, computed values, targets, scores.

``systems`` reads the shipped indicator tables; ``computed`` counts the
indicators the graph and ``org_stats`` can give; ``evaluation`` assembles the
values (with ``park_stats`` for the rest), the three categories and the scores
(``scoring``). The CLI, the API and the report all evaluate through
:func:`evaluate_park`.
"""

from ecograph.analysis.indicators.evaluation import ParkEvaluation, evaluate_park
from ecograph.analysis.indicators.systems import IndicatorSystems, StatRow, load_systems

__all__ = ["IndicatorSystems", "ParkEvaluation", "StatRow", "evaluate_park", "load_systems"]
