"""The planner's report as plain data: what :func:`build_report` gathers.

Everything here is a frozen dataclass of analysis results and numbers; the
HTML is made from it by :mod:`ecograph.report.render`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ecograph.analysis.chain.attraction import ChainGap
from ecograph.analysis.chain.linkage import ChainLinkage
from ecograph.analysis.collaboration.density import CollaborationReport
from ecograph.analysis.funds.park_funds import FundsReport
from ecograph.analysis.gradient.ladder import GradientReport
from ecograph.analysis.incubation.handoffs import IncubationReport
from ecograph.analysis.indicators.evaluation import ParkEvaluation

__all__ = [
    "Action",
    "ChainSection",
    "NetEdge",
    "NetNode",
    "NetworkPicture",
    "PeerScore",
    "ReportData",
]


@dataclass(frozen=True)
class ChainSection:
    """One industry chain the park has firms in, with its linkage analysis."""

    chain: str
    name: str
    linkage: ChainLinkage


@dataclass(frozen=True)
class NetNode:
    """A node of the collaboration picture; ``x``, ``y`` in ``[0, 1]``."""

    id: str
    name: str
    type: str
    x: float
    y: float
    degree: int


@dataclass(frozen=True)
class NetEdge:
    """A tie of the collaboration picture, by node index."""

    a: int
    b: int
    weight: float


@dataclass(frozen=True)
class NetworkPicture:
    """Laid-out collaboration graph without isolates, cut to a node cap (``notice`` says so)."""

    nodes: tuple[NetNode, ...]
    edges: tuple[NetEdge, ...]
    total: int
    notice: tuple[str, str] | None
    isolates: int = 0


@dataclass(frozen=True)
class PeerScore:
    """A park's weighted score on the 2013 index among its peers."""

    park: str
    name: str
    total: float | None
    coverage: float
    groups: Mapping[str, float | None]


@dataclass(frozen=True)
class Action:
    """One "what to do next" item, in Chinese and English."""

    kind: str
    zh: str
    en: str


@dataclass(frozen=True)
class ReportData:
    """Everything the planner's report shows for one park."""

    park: str
    park_name: str
    year: int | None
    as_of: date
    chains: tuple[ChainSection, ...]
    incubation: IncubationReport
    collaboration: CollaborationReport
    network: NetworkPicture
    evaluation: ParkEvaluation
    peers: tuple[PeerScore, ...]
    score_method: str
    actions: tuple[Action, ...]
    names: Mapping[str, str]
    index_groups: Mapping[str, tuple[str, str, float]]
    gradient: GradientReport | None = None
    funds: FundsReport | None = None

    def name(self, node: str | None) -> str:
        """Return the display name of ``node`` (its id when it has none)."""
        if node is None:
            return "—"
        return self.names.get(node, node)

    def ranked_gaps(self) -> list[tuple[ChainGap, ChainSection]]:
        """Return the recommended gaps (leading chains, not 远链), highest ``gap_score`` first."""
        return sorted(
            ((gap, section) for section in self.chains for gap in section.linkage.gaps
             if gap.recommended),
            key=lambda item: (-item[0].gap_score, item[1].chain, item[0].segment),
        )
