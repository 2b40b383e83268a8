"""Chain gaps and investment-attraction candidates (链式招商), metrics.md section 1.

Gap score
---------
Every ``missing`` or ``weak`` segment s of chain C is a gap, scored as::

    gap_score = status_factor × stage_weight × (1 + log2(1 + leakage) + downstream)

- ``leakage``: ``SUPPLIES`` edges into park firms of C from suppliers in s
  outside the park (demand the park already buys elsewhere). Logarithmic, so a
  segment with heavy imports counts more without drowning the other terms
  (leakage 1, 3, 7 add 1, 2, 3).
- ``downstream``: number of segments of C reachable from s along ``FEEDS``
  (its dependants in the chain map): a gap high in the chain starves more of it.
- ``stage_weight``: upstream 1.0, midstream 1.2, downstream 0.8, unknown 1.0.
  Core parts and components (midstream) are where 补链 policy puts the weight;
  upstream position is already rewarded by ``downstream``; downstream services
  (charging, aftermarket) are easiest to grow locally.
- ``status_factor``: missing 1.0, weak 0.5 (a weak segment already has a foothold).

Candidate score
---------------
Candidates for gap s are organisations ``IN_SEGMENT`` s that are not park
members, scored as::

    score = 2 × log2(1 + ties) + 1 / distance + Σ qualification weights

- ``ties``: ``SUPPLIES`` / ``COLLABORATES_WITH`` / ``INVESTS_IN`` edges, either
  direction, between the candidate and park members (each edge counts).
- ``distance``: fewest hops from the candidate to a park member in the
  undirected organisation-level graph (edges between organisations only), found
  by one bounded search from the park members (:mod:`ecograph.analysis.chain.org_paths`);
  the term is 0 when no path exists within the bound (``distance`` is null).
- qualification weights: LittleGiant 3, ManufacturingChampion 3, Unicorn 3,
  Listed 2, SpecializedSME 2, Gazelle 2, HighTechEnterprise 1, TechSME 0.5
  (the MIIT gradient: 专精特新 → 小巨人 → 单项冠军; listed firms bring capital).

Ties are broken by id, so rankings are reproducible.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import networkx as nx

from ecograph.analysis.chain.index import Adjacency, ChainIndex, adjacency
from ecograph.analysis.chain.org_paths import park_paths
from ecograph.analysis.common import qualifications
from ecograph.vocab import Qualification, RelType, Stage

__all__ = [
    "CANDIDATE_FORMULA",
    "GAP_FORMULA",
    "QUALIFICATION_WEIGHTS",
    "STAGE_WEIGHTS",
    "STATUS_FACTORS",
    "Candidate",
    "ChainGap",
    "candidate_score",
    "downstream_counts",
    "find_gaps",
    "gap_score",
]

STAGE_WEIGHTS: Mapping[str, float] = MappingProxyType({
    Stage.upstream.value: 1.0, Stage.midstream.value: 1.2, Stage.downstream.value: 0.8,
    "unknown": 1.0,
})
STATUS_FACTORS: Mapping[str, float] = MappingProxyType({"missing": 1.0, "weak": 0.5})
QUALIFICATION_WEIGHTS: Mapping[str, float] = MappingProxyType({
    Qualification.LittleGiant.value: 3.0,
    Qualification.ManufacturingChampion.value: 3.0,
    Qualification.Unicorn.value: 3.0,
    Qualification.Listed.value: 2.0,
    Qualification.SpecializedSME.value: 2.0,
    Qualification.Gazelle.value: 2.0,
    Qualification.HighTechEnterprise.value: 1.0,
    Qualification.TechSME.value: 0.5,
})


def _weights_text(weights: Mapping[str, float]) -> str:
    return ", ".join(f"{k} {v:g}" for k, v in weights.items())


GAP_FORMULA = (
    "gap_score = status_factor × stage_weight × (1 + log2(1 + leakage) + downstream); "
    f"status_factor: {_weights_text(STATUS_FACTORS)}; "
    f"stage_weight: {_weights_text(STAGE_WEIGHTS)}; "
    "downstream = segments of the chain reachable from the gap along FEEDS"
)
CANDIDATE_FORMULA = (
    "score = 2 × log2(1 + ties) + 1 / distance (0 when no path) + Σ qualification weights; "
    "ties = SUPPLIES/COLLABORATES_WITH/INVESTS_IN edges with park firms, either direction; "
    "distance = hops to the nearest park firm in the undirected organisation graph; "
    f"qualification weights: {_weights_text(QUALIFICATION_WEIGHTS)}"
)

TIE_TYPES: frozenset[str] = frozenset(
    str(t) for t in (RelType.SUPPLIES, RelType.COLLABORATES_WITH, RelType.INVESTS_IN)
)


@dataclass(frozen=True)
class Candidate:
    """One investment-attraction candidate for a gap segment."""

    org: str
    name: str
    score: float
    ties: int
    distance: int | None
    qualifications: tuple[str, ...]
    explanation: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class ChainGap:
    """A missing or weak segment with its score, explanation and candidates."""

    segment: str
    name: str
    stage: str | None
    status: str
    gap_score: float
    explanation: Mapping[str, Any]
    candidates: tuple[Candidate, ...]


def gap_score(status: str, stage: str | None, leakage: int, downstream: int) -> float:
    """Score a gap segment (see the module docstring).

    Examples
    --------
    >>> gap_score("missing", "midstream", leakage=3, downstream=1)  # 1.0 × 1.2 × (1 + 2 + 1)
    4.8
    >>> gap_score("weak", "upstream", leakage=0, downstream=2)      # 0.5 × 1.0 × (1 + 0 + 2)
    1.5
    """
    factor = STATUS_FACTORS[status]
    weight = STAGE_WEIGHTS[stage or "unknown"]
    return factor * weight * (1.0 + math.log2(1 + leakage) + downstream)


def candidate_score(ties: int, distance: int | None, qualifications: Iterable[str]) -> float:
    """Score an attraction candidate (see the module docstring).

    Examples
    --------
    >>> candidate_score(3, 1, ["LittleGiant", "HighTechEnterprise"])  # 2·2 + 1 + 4
    9.0
    >>> candidate_score(0, None, [])
    0.0
    """
    proximity = 1.0 / distance if distance else 0.0
    quals = sum(QUALIFICATION_WEIGHTS.get(q, 0.0) for q in set(qualifications))
    return 2.0 * math.log2(1 + ties) + proximity + quals


def downstream_counts(
    segments: Iterable[str], feeds: Iterable[tuple[str, str]]
) -> dict[str, int]:
    """Count, per segment, the segments reachable from it along ``FEEDS``.

    Examples
    --------
    >>> downstream_counts(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "c")])
    {'a': 2, 'b': 1, 'c': 0, 'd': 0}
    """
    nexts: dict[str, list[str]] = {}
    for source, target in feeds:
        nexts.setdefault(source, []).append(target)
    counts: dict[str, int] = {}
    for seg in segments:
        seen: set[str] = set()
        stack = list(nexts.get(seg, ()))
        while stack:
            current = stack.pop()
            if current in seen or current == seg:
                continue
            seen.add(current)
            stack.extend(nexts.get(current, ()))
        counts[seg] = len(seen)
    return counts


def _ties(succ: Adjacency, pred: Adjacency, org: str, members: Collection[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for adjacent in (succ[org], pred[org]):
        for other, keyed in adjacent.items():
            if other in members and other != org:
                for attrs in keyed.values():
                    kind = attrs.get("type")
                    if kind in TIE_TYPES:
                        counts[kind] += 1
    return counts


@dataclass(frozen=True)
class _Scored:
    org: str
    score: float
    ties: Counter[str]
    distance: int | None
    qualifications: tuple[str, ...]


def _score(graph: nx.MultiDiGraph, adj: tuple[Adjacency, Adjacency], org: str,
           members: Collection[str], path: tuple[str, ...] | None) -> _Scored:
    ties = _ties(adj[0], adj[1], org, members)
    distance = len(path) - 1 if path else None
    quals = tuple(sorted(qualifications(graph.nodes[org].get("qualifications"))))
    return _Scored(org, candidate_score(sum(ties.values()), distance, quals), ties,
                   distance, quals)


def _candidate(graph: nx.MultiDiGraph, scored: _Scored, path: tuple[str, ...] | None,
               max_distance: int) -> Candidate:
    ties, distance, quals = scored.ties, scored.distance, scored.qualifications
    n_ties = sum(ties.values())
    parts = [
        f"{n_ties} ties to park firms"
        + (f" ({', '.join(f'{n} {t}' for t, n in sorted(ties.items()))})" if ties else "")
    ]
    if path:
        parts.append(f"{distance} hop(s) from park firm {path[-1]} via {' – '.join(path)}")
    else:
        parts.append(f"no path to a park firm within {max_distance} hops")
    known = [f"{q} (+{QUALIFICATION_WEIGHTS[q]:g})" for q in quals if q in QUALIFICATION_WEIGHTS]
    parts.append("qualifications " + (", ".join(known) if known else "none scored"))
    proximity = f"1/{distance}" if distance else "0"
    quals_sum = sum(QUALIFICATION_WEIGHTS.get(q, 0.0) for q in quals)
    parts.append(f"score = 2·log2(1+{n_ties}) + {proximity} + {quals_sum:g} = {scored.score:.3f}")
    return Candidate(
        org=scored.org, name=str(graph.nodes[scored.org].get("name", scored.org)),
        score=scored.score, ties=n_ties, distance=distance, qualifications=quals,
        explanation="; ".join(parts), path=path or (),
    )


def _gap_explanation(
    status: str, stage: str | None, leakage: int, downstream: int, score: float
) -> dict[str, Any]:
    factor = STATUS_FACTORS[status]
    weight = STAGE_WEIGHTS[stage or "unknown"]
    text = (
        f"{status} {stage or 'unstaged'} segment; {leakage} supply edge(s) into park firms "
        f"of the chain come from outside suppliers in it; feeds {downstream} downstream "
        f"segment(s); gap_score = {factor:g} × {weight:g} × (1 + log2(1 + {leakage}) + "
        f"{downstream}) = {score:.3f}"
    )
    components = {"status_factor": factor, "stage_weight": weight,
                  "leakage": leakage, "downstream": downstream}
    return {"text": text, "components": components}


def find_gaps(
    graph: nx.MultiDiGraph,
    index: ChainIndex,
    statuses: Mapping[str, str],
    leakage: Mapping[str, int],
    *,
    top_candidates: int = 5,
    max_distance: int = 3,
) -> tuple[ChainGap, ...]:
    """Rank the missing and weak segments and their attraction candidates.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection.
    index : ChainIndex
        From :func:`ecograph.analysis.chain.index.build_chain_index`.
    statuses, leakage : mapping
        Per segment, its status and leakage (``ecograph.analysis.chain.linkage``).
    top_candidates : int
        Candidates kept per gap.
    max_distance : int
        Bound of the distance search (hops).

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> g = example_graph()
    >>> idx = build_chain_index(g, "P", "C")
    >>> gaps = find_gaps(g, idx, {"s1": "weak", "s2": "weak", "s3": "missing"},
    ...                  {"s1": 1, "s2": 0, "s3": 0})
    >>> [(x.segment, round(x.gap_score, 3)) for x in gaps]
    [('s1', 2.0), ('s2', 1.2), ('s3', 0.8)]
    >>> c = gaps[2].candidates[0]
    >>> c.org, c.ties, c.distance, c.path, c.score
    ('y', 1, 1, ('y', 'b'), 6.0)
    """
    downstream = downstream_counts(index.segments, index.feeds)
    gap_segments = [s for s in index.segments if statuses[s] in STATUS_FACTORS]
    outside = {s: sorted(index.segment_orgs[s] - index.members) for s in gap_segments}
    targets = {org for orgs in outside.values() for org in orgs}
    paths = park_paths(graph, index.members, targets, max_distance=max_distance) if targets else {}
    adj = adjacency(graph)
    scores = {org: _score(graph, adj, org, index.members, paths.get(org)) for org in targets}
    gaps: list[ChainGap] = []
    for seg in gap_segments:
        stage = index.segments[seg]
        stage_name = stage.value if stage is not None else None
        status = statuses[seg]
        score = gap_score(status, stage_name, leakage.get(seg, 0), downstream[seg])
        ranked = sorted((scores[org] for org in outside[seg]), key=lambda c: (-c.score, c.org))
        top = tuple(_candidate(graph, c, paths.get(c.org), max_distance)
                    for c in ranked[:max(top_candidates, 0)])
        gaps.append(ChainGap(
            segment=seg, name=index.names[seg], stage=stage_name, status=status,
            gap_score=score,
            explanation=_gap_explanation(status, stage_name, leakage.get(seg, 0),
                                         downstream[seg], score),
            candidates=top,
        ))
    gaps.sort(key=lambda g: (-g.gap_score, g.segment))
    return tuple(gaps)
