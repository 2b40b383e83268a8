"""Incubation chain (接续孵化): makerspace → incubator → accelerator → park.

``stays`` reads incubation stays; ``flow`` finds handoffs, the funnel and skips;
``carriers`` computes per-carrier figures and gaps; ``graduation`` checks the
graduation criteria; ``handoffs`` assembles the report.
"""

from ecograph.analysis.incubation.carriers import HandoffGap
from ecograph.analysis.incubation.handoffs import IncubationReport, incubation_handoffs

__all__ = ["HandoffGap", "IncubationReport", "incubation_handoffs"]
