"""链主 candidates: park firms of a chain ranked by scale, supply centrality and qualifications.

metrics.md v2, section 1 (``anchors``)::

    anchor_score = 0.5 × scale + 0.3 × centrality + 0.2 × qualification

- ``scale`` = revenue_share / the largest revenue_share among the park firms
  of C, where revenue_share = revenue / Σ known revenue of F_P(C) (0, and
  ``revenue_unknown``, when the firm's revenue is not known);
- ``centrality`` = partners / the largest partners among F_P(C), where
  partners = distinct organisations of C the firm buys from or sells to over
  current ``SUPPLIES`` edges;
- ``qualification`` = min(1, Σ qualification weights / 6) (weights of
  :data:`ecograph.analysis.chain.attraction.QUALIFICATION_WEIGHTS`).

Every component lies in [0, 1]. With the same ties, a firm with ten times
the revenue of another gains at least 0.45 × its scale, so it ranks above
whenever it is the largest firm or the qualifications are equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import networkx as nx

from ecograph.analysis.chain.attraction import QUALIFICATION_WEIGHTS
from ecograph.analysis.chain.index import ChainIndex
from ecograph.analysis.common import as_number, qualifications, ratio

__all__ = ["ANCHOR_FORMULA", "ANCHOR_WEIGHTS", "AnchorRow", "anchors", "supply_partners"]

ANCHOR_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"scale": 0.5, "centrality": 0.3, "qualification": 0.2})
#: Σ qualification weights that counts as a full qualification component.
QUALIFICATION_CAP = 6.0
ANCHOR_FORMULA = (
    "anchor_score = 0.5 × scale + 0.3 × centrality + 0.2 × qualification; scale = "
    "revenue share among the park firms of the chain / the largest such share (0 when "
    "revenue unknown); centrality = distinct firms of the chain it buys from or sells to "
    "/ the largest such number; qualification = min(1, Σ qualification weights / 6)"
)


@dataclass(frozen=True)
class AnchorRow:
    """A park firm of the chain as a 链主 candidate, with its components."""

    firm: str
    name: str
    segment: str
    anchor_score: float
    revenue: float | None
    revenue_share: float | None
    revenue_unknown: bool
    partners: int
    qualifications: tuple[str, ...]
    components: Mapping[str, float]


def supply_partners(index: ChainIndex) -> dict[str, set[str]]:
    """Per park firm of C: the organisations of C it buys from or sells to (current edges).

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> found = supply_partners(build_chain_index(example_graph(), "P", "C"))
    >>> {firm: sorted(orgs) for firm, orgs in found.items()}
    {'a': ['b', 'x'], 'b': ['a']}
    """
    firms = index.park_chain_firms
    partners: dict[str, set[str]] = {f: set() for f in sorted(firms)}
    for edge in index.supplies:
        u, v = edge.source, edge.target
        if u == v:
            continue
        if u in firms and v in index.org_segments:
            partners[u].add(v)
        if v in firms and u in index.org_segments:
            partners[v].add(u)
    return partners


def anchors(index: ChainIndex, graph: nx.MultiDiGraph | None = None) -> tuple[AnchorRow, ...]:
    """Rank the park firms of the chain by :data:`ANCHOR_FORMULA` (ties by id).

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> g = example_graph()
    >>> g.nodes["b"]["revenue"] = 1000.0
    >>> [(r.firm, round(r.anchor_score, 3), r.partners, r.revenue_unknown)
    ...  for r in anchors(build_chain_index(g, "P", "C"), g)]
    [('b', 0.65, 1, False), ('a', 0.3, 2, True)]
    """
    partners = supply_partners(index)
    revenue: dict[str, float | None] = {}
    quals: dict[str, tuple[str, ...]] = {}
    for firm in partners:
        attrs = graph.nodes[firm] if graph is not None and firm in graph else {}
        value = as_number(attrs.get("revenue"))
        revenue[firm] = value if value is not None and value >= 0 else None
        quals[firm] = tuple(sorted(qualifications(attrs.get("qualifications"))))
    total = sum(v for v in revenue.values() if v is not None)
    shares = {f: (ratio(v, total) if v is not None else None) for f, v in revenue.items()}
    top_share = max((s for s in shares.values() if s is not None), default=0.0)
    top_partners = max((len(p) for p in partners.values()), default=0)
    rows = []
    for firm, linked in partners.items():
        share = shares[firm]
        qual_sum = sum(QUALIFICATION_WEIGHTS.get(q, 0.0) for q in quals[firm])
        components = {
            "scale": (share / top_share) if share is not None and top_share else 0.0,
            "centrality": len(linked) / top_partners if top_partners else 0.0,
            "qualification": min(1.0, qual_sum / QUALIFICATION_CAP),
        }
        score = sum(ANCHOR_WEIGHTS[k] * v for k, v in components.items())
        segment = index.primary.get(firm) or min(index.org_segments[firm])
        name = str(graph.nodes[firm].get("name", firm)) if graph is not None else firm
        rows.append(AnchorRow(firm, name, segment, score, revenue[firm], share,
                              revenue[firm] is None, len(linked), quals[firm], components))
    rows.sort(key=lambda r: (-r.anchor_score, r.firm))
    return tuple(rows)
