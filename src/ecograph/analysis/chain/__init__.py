"""Chain linkage (产业链图谱): segment coverage, gaps (补链/强链/延链) and 招商 candidates.

``index`` builds the per-chain index the other modules read; ``linkage`` computes
the segment figures; ``attraction`` ranks gaps and candidates; ``org_paths``
measures network distances from the park.
"""

from ecograph.analysis.chain.anchors import AnchorRow
from ecograph.analysis.chain.attraction import Candidate, ChainGap, TargetRow
from ecograph.analysis.chain.linkage import ChainLinkage, chain_linkage

__all__ = ["AnchorRow", "Candidate", "ChainGap", "ChainLinkage", "TargetRow", "chain_linkage"]
