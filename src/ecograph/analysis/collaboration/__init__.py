"""Collaboration density (协同创新): ties, density, brokers, communities, triple helix.

``ties`` selects and merges collaboration ties; ``triple_helix`` computes the
sector entropies; ``density`` assembles the report.
"""

from ecograph.analysis.collaboration.density import (
    CollaborationReport,
    collaboration_density,
    collaboration_graph,
)

__all__ = ["CollaborationReport", "collaboration_density", "collaboration_graph"]
