"""园区+基金: funds serving a park, their coverage of its leading chains, unfunded gaps.

``serving`` finds the funds and investor types; ``coverage`` computes coverage,
amounts and the early share; ``park_funds`` puts them together.
"""

from ecograph.analysis.funds.park_funds import FundsReport, park_funds

__all__ = ["FundsReport", "park_funds"]
