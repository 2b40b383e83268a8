"""Incubation chain (接续孵化): makerspace → incubator → accelerator → park.

``stays`` reads incubation stays; ``fates`` says what became of each graduate;
``carriers`` computes per-carrier figures, the handoff network and successor
gaps; ``pipeline`` the park pipeline, conversion and skips; ``graduation`` and
``eligibility`` check the graduation criteria; ``handoffs`` puts it together.
"""

from ecograph.analysis.incubation.carriers import HandoffGap, SuccessorGap
from ecograph.analysis.incubation.handoffs import (
    IncubationReport,
    incubation_chain,
    incubation_handoffs,
)

__all__ = ["HandoffGap", "IncubationReport", "SuccessorGap", "incubation_chain",
           "incubation_handoffs"]
