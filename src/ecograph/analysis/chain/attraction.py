"""Chain gaps (补链/强链/延链/远链) and investment-attraction candidates (链式招商).

metrics.md v2, section 1.

Gaps
----
Each segment that is missing, weak or import-dependent is a gap with an action:

- ``补链`` (fill): missing, and it ``FEEDS`` at least one present-or-weak
  segment of the chain (the park already has demand for it);
- ``强链`` (strengthen): weak, or present and import-dependent;
- ``延链`` (extend): missing, feeds no present-or-weak segment and is fed by at
  least one;
- ``远链`` (distant): missing with no present-or-weak neighbour; listed, never
  recommended.

::

    gap_score = action_weight × (log2(1 + leakage.count) + direct_links)

``direct_links``: present-or-weak segments the gap feeds (补链, 强链) or that
feed it (延链, 远链); ``action_weight``: 补链 1.0, 强链 0.8, 延链 0.6, 远链 0.2.

Candidates
----------
Organisations that are not park firms and are currently ``IN_SEGMENT`` the gap::

    candidate_score = 2 × log2(1 + ties) + 1 / distance + Σ qualification weights + scale

- ``ties``: current ``SUPPLIES`` / ``COLLABORATES_WITH`` / ``INVESTS_IN``
  edges with park firms, either direction (each edge counts);
- ``distance``: hops to the nearest park firm in the undirected organisation
  graph (current edges; :mod:`ecograph.analysis.chain.org_paths`), the term is
  0 when no path is found within the bound;
- qualification weights: LittleGiant 3, ManufacturingChampion 3, Unicorn 3,
  Listed 2, SpecializedSME 2, Gazelle 2, HighTechEnterprise 1, TechSME 0.5;
- ``scale`` = log10(1 + revenue / 10,000) with revenue in 万元 (0 and flagged
  ``revenue_unknown`` when absent).

Ties between equal scores are broken by id, so rankings are reproducible.

Only the kept candidates of a gap (``top_candidates``) are searched for their
distance, and those that might still rank among them: every candidate's score
without its distance is cheap, and the distance adds at most 1 (at most 1/2
for a candidate with no walkable relation to a park firm, see
:func:`proximity_bound`), so candidates are finalised in the order of their
best possible score until none can beat the last one kept
(:func:`top_candidates_of`). The cost follows the park and the best candidates,
not the size of the region.

Covered elsewhere
-----------------
A segment may be declared the same activity as segments of other chains
(``skos:exactMatch``, :mod:`ecograph.analysis.chain.equivalents`). Its
``covered_in`` lists those of them that have park firms, with their counts.
A *missing* segment whose activity is covered in the park keeps the spec's
status (``missing``), action and ``gap_score`` (the chain's own map still
lacks it), but it is not recommended: the park already has firms doing it,
so the step is to link them into this chain (对接), not to attract new ones.
Its explanation says where the activity is covered ("activity covered in
nev.auto_electronics (3 firms)"), and it contributes no 招商清单 rows. A weak
or import-dependent segment stays a recommended 强链 gap; its explanation
names the equivalents that have firms.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

import networkx as nx

from ecograph.analysis.chain.equivalents import CoveredIn, covered_text
from ecograph.analysis.chain.index import Adjacency, ChainIndex, adjacency
from ecograph.analysis.chain.org_paths import member_ring, path_to_park
from ecograph.analysis.chain.shares import Leakage
from ecograph.analysis.common import as_number, is_current, qualifications
from ecograph.vocab import Qualification, RelType

__all__ = [
    "ACTION_WEIGHTS",
    "CANDIDATE_FORMULA",
    "GAP_FORMULA",
    "QUALIFICATION_WEIGHTS",
    "Action",
    "Candidate",
    "CandidateBase",
    "ChainGap",
    "TargetRow",
    "candidate_base",
    "candidate_score",
    "classify",
    "find_gaps",
    "gap_score",
    "proximity_bound",
    "scale_of",
    "targets",
    "top_candidates_of",
]

Action = Literal["补链", "强链", "延链", "远链"]

ACTION_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"补链": 1.0, "强链": 0.8, "延链": 0.6, "远链": 0.2})
ACTION_EN: Mapping[str, str] = MappingProxyType(
    {"补链": "fill", "强链": "strengthen", "延链": "extend", "远链": "distant"})
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
    "gap_score = action_weight × (log2(1 + leakage.count) + direct_links); "
    f"action_weight: {_weights_text(ACTION_WEIGHTS)}; direct_links = present-or-weak "
    "segments the gap feeds (补链, 强链) or that feed it (延链, 远链)"
)
CANDIDATE_FORMULA = (
    "candidate_score = 2 × log2(1 + ties) + 1 / distance (0 when no path) "
    "+ Σ qualification weights + scale; ties = current SUPPLIES/COLLABORATES_WITH/INVESTS_IN "
    "edges with park firms, either direction; distance = hops to the nearest park firm in "
    "the undirected organisation graph; scale = log10(1 + revenue / 10000) (revenue in 万元, "
    f"0 when unknown); qualification weights: {_weights_text(QUALIFICATION_WEIGHTS)}"
)

TIE_TYPES: frozenset[str] = frozenset(
    str(t) for t in (RelType.SUPPLIES, RelType.COLLABORATES_WITH, RelType.INVESTS_IN)
)
_SUPPLIES = str(RelType.SUPPLIES)
_INVESTS = str(RelType.INVESTS_IN)
_LOCATED = str(RelType.LOCATED_IN)


@dataclass(frozen=True)
class Candidate:
    """One investment-attraction candidate (招商对象) for a gap segment."""

    org: str
    name: str
    score: float
    ties: int
    distance: int | None
    qualifications: tuple[str, ...]
    components: Mapping[str, float]
    revenue: float | None
    revenue_unknown: bool
    province: str | None
    city: str | None
    current_park: str | None
    customers_in_park: tuple[str, ...]
    explanation: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class ChainGap:
    """A missing, weak or import-dependent segment with its action, score and candidates."""

    segment: str
    name: str
    stage: str | None
    status: str
    import_dependent: bool
    action: Action
    recommended: bool
    gap_score: float
    direct_links: int
    leakage: Leakage
    explanation: Mapping[str, Any]
    candidates: tuple[Candidate, ...]
    covered_in: tuple[CoveredIn, ...] = ()


@dataclass(frozen=True)
class TargetRow:
    """One row of the 招商清单: a candidate of a gap of a leading chain."""

    rank: int
    segment: str
    segment_name: str
    action: Action
    gap_score: float
    candidate: str
    candidate_name: str
    score: float
    ties: int
    distance: int | None
    qualification: float
    scale: float
    revenue_unknown: bool
    province: str | None
    city: str | None
    current_park: str | None
    customers_in_park: str
    path: str


def classify(status: str, import_dependent: bool, feeds_present: int,
             fed_by_present: int) -> Action | None:
    """Return the action of a segment, or None when it is not a gap.

    Examples
    --------
    >>> classify("missing", False, 1, 0), classify("missing", False, 0, 2)
    ('补链', '延链')
    >>> classify("missing", False, 0, 0), classify("weak", False, 0, 0)
    ('远链', '强链')
    >>> classify("present", True, 0, 0), classify("present", False, 3, 3) is None
    ('强链', True)
    """
    if status == "missing":
        if feeds_present:
            return "补链"
        return "延链" if fed_by_present else "远链"
    if status == "weak" or import_dependent:
        return "强链"
    return None


def gap_score(action: str, leakage: int, direct_links: int) -> float:
    """``action_weight × (log2(1 + leakage) + direct_links)``.

    Examples
    --------
    >>> gap_score("补链", leakage=3, direct_links=1)   # 1.0 × (2 + 1)
    3.0
    >>> gap_score("强链", leakage=7, direct_links=2)   # 0.8 × (3 + 2)
    4.0
    >>> gap_score("远链", leakage=0, direct_links=0)
    0.0
    """
    return ACTION_WEIGHTS[action] * (math.log2(1 + leakage) + direct_links)


def scale_of(revenue: float | None) -> float:
    """``log10(1 + revenue / 10,000)`` with revenue in 万元; 0 when unknown.

    Examples
    --------
    >>> scale_of(90000.0), scale_of(None), scale_of(0.0)
    (1.0, 0.0, 0.0)
    """
    if revenue is None or revenue <= 0:
        return 0.0
    return math.log10(1 + revenue / 10_000)


def candidate_score(ties: int, distance: int | None, qualifications: Iterable[str],
                    revenue: float | None = None) -> float:
    """Score an attraction candidate (see the module docstring).

    Examples
    --------
    >>> candidate_score(3, 1, ["LittleGiant", "HighTechEnterprise"])  # 2·2 + 1 + 4
    9.0
    >>> candidate_score(1, 2, [], revenue=90000.0)  # 2·1 + 0.5 + 0 + 1
    3.5
    >>> candidate_score(0, None, [])
    0.0
    """
    proximity = 1.0 / distance if distance else 0.0
    quals = sum(QUALIFICATION_WEIGHTS.get(q, 0.0) for q in set(qualifications))
    return 2.0 * math.log2(1 + ties) + proximity + quals + scale_of(revenue)


def _ties(succ: Adjacency, pred: Adjacency, org: str, members: Collection[str],
          as_of: date | None) -> tuple[Counter[str], list[str]]:
    counts: Counter[str] = Counter()
    customers: set[str] = set()
    for direction, adjacent in enumerate((succ[org], pred[org])):
        for other, keyed in adjacent.items():
            if other not in members or other == org:
                continue
            for attrs in keyed.values():
                kind = attrs.get("type")
                if kind not in TIE_TYPES:
                    continue
                start = "date" if kind == _INVESTS else "since"
                if not is_current(attrs, as_of, start=start):
                    continue
                counts[kind] += 1
                if kind == _SUPPLIES and direction == 0:
                    customers.add(other)
    return counts, sorted(customers)


def _current_park(graph: nx.MultiDiGraph, succ: Adjacency, org: str,
                  as_of: date | None) -> str | None:
    parks = sorted(
        park for park, keyed in succ[org].items()
        if any(a.get("type") == _LOCATED and is_current(a, as_of) for a in keyed.values())
    )
    return parks[0] if parks else None


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


@dataclass(frozen=True)
class CandidateBase:
    """What a candidate's score needs besides its distance (cheap to read for many).

    Examples
    --------
    >>> b = CandidateBase.of_attrs("y", {"qualifications": ["LittleGiant"], "revenue": 90000.0})
    >>> b.score(0.5), b.score(1.0)
    (4.5, 5.0)
    """

    org: str
    ties: Counter[str]
    customers: list[str]
    quals: tuple[str, ...]
    revenue: float | None

    def components(self, proximity: float) -> dict[str, float]:
        return {
            "ties": 2.0 * math.log2(1 + sum(self.ties.values())),
            "proximity": proximity,
            "qualification": sum(QUALIFICATION_WEIGHTS.get(q, 0.0) for q in self.quals),
            "scale": scale_of(self.revenue),
        }

    def score(self, proximity: float) -> float:
        """The candidate score with this proximity term (the same sum as the final one)."""
        return sum(self.components(proximity).values())

    @classmethod
    def of_attrs(cls, org: str, attrs: Mapping[str, Any],
                 ties: Counter[str] | None = None,
                 customers: list[str] | None = None) -> CandidateBase:
        """The base of an organisation from its properties (no ties unless given)."""
        return cls(org=org, ties=ties if ties is not None else Counter(),
                   customers=customers or [],
                   quals=tuple(sorted(qualifications(attrs.get("qualifications")))),
                   revenue=as_number(attrs.get("revenue")))


def candidate_base(graph: nx.MultiDiGraph, org: str, members: Collection[str],
                   as_of: date | None) -> CandidateBase:
    """The base of ``org`` in ``graph``: its properties and its current ties to ``members``.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import example_graph
    >>> b = candidate_base(example_graph(), "x", {"a", "b", "c"}, None)
    >>> dict(b.ties), b.customers, b.score(1.0)
    ({'SUPPLIES': 1}, ['a'], 3.0)
    """
    succ, pred = adjacency(graph)
    ties, customers = _ties(succ, pred, org, members, as_of)
    return CandidateBase.of_attrs(org, graph.nodes[org], ties, customers)


def _candidate(graph: nx.MultiDiGraph, adj: tuple[Adjacency, Adjacency], base: CandidateBase,
               index: ChainIndex, path: tuple[str, ...] | None,
               max_distance: int | None) -> Candidate:
    org = base.org
    attrs = graph.nodes[org]
    ties, customers, quals, revenue = base.ties, base.customers, base.quals, base.revenue
    n_ties = sum(ties.values())
    distance = len(path) - 1 if path else None
    components = base.components(1.0 / distance if distance else 0.0)
    qual_sum = components["qualification"]
    score = sum(components.values())
    parts = [
        f"{n_ties} current tie(s) to park firms"
        + (f" ({', '.join(f'{n} {t}' for t, n in sorted(ties.items()))})" if ties else "")
    ]
    if customers:
        parts.append(f"already supplies park firm(s) {', '.join(customers)} (以商招商)")
    if path:
        parts.append(f"{distance} hop(s) from park firm {path[-1]} via {' – '.join(path)}")
    else:
        parts.append("no path to a park firm" if max_distance is None
                     else f"no path to a park firm within {max_distance} hops")
    parts.append("revenue unknown (scale 0)" if revenue is None
                 else f"revenue {revenue:g} 万元 (scale {components['scale']:.3f})")
    proximity = f"1/{distance}" if distance else "0"
    parts.append(f"score = 2·log2(1+{n_ties}) + {proximity} + {qual_sum:g} + "
                 f"{components['scale']:.3f} = {score:.3f}")
    return Candidate(
        org=org, name=str(attrs.get("name", org)), score=score, ties=n_ties,
        distance=distance, qualifications=quals, components=components, revenue=revenue,
        revenue_unknown=revenue is None, province=_text(attrs.get("province")),
        city=_text(attrs.get("city")),
        current_park=_current_park(graph, adj[0], org, index.as_of),
        customers_in_park=tuple(customers), explanation="; ".join(parts), path=path or (),
    )


def proximity_bound(in_ring: bool, max_distance: int | None, levels: int = 0) -> float:
    """The largest proximity term a candidate can still get (1 / lowest possible distance).

    A candidate one walkable hop from a park firm (in the member ring) is at
    distance 1; any other is at least two hops away, ``levels + 2`` once a
    search from it has walked ``levels`` levels without meeting the ring.

    Examples
    --------
    >>> proximity_bound(True, None), proximity_bound(False, None), proximity_bound(False, 1)
    (1.0, 0.5, 0.0)
    >>> proximity_bound(False, None, levels=2)
    0.25
    """
    if in_ring:
        return 1.0
    lowest = levels + 2
    return 0.0 if max_distance is not None and lowest > max_distance else 1.0 / lowest


def top_candidates_of(pool: Iterable[str], k: int, upper: Callable[[str], float],
                      final: Callable[[str], Candidate]) -> list[Candidate]:
    """The ``k`` best candidates of ``pool`` by (score desc, id), finalising as few as possible.

    ``upper(org)`` bounds the score from above (the score with the largest
    proximity the candidate can get); ``final(org)`` computes it exactly (the
    distance search). Candidates are finalised in the order of their bounds
    until no bound can beat the ``k``-th final score: the result equals
    finalising everyone and sorting.

    Examples
    --------
    >>> scores = {"a": 3.0, "b": 2.5, "c": 0.2}
    >>> made = []
    >>> def final(org):
    ...     made.append(org)
    ...     return Candidate(org, org, scores[org], 0, None, (), {}, None, True, None, None,
    ...                      None, (), "", ())
    >>> [c.org for c in top_candidates_of("abc", 1, lambda o: scores[o] + 1.0, final)], made
    (['a'], ['a', 'b'])
    """
    if k <= 0:
        return []
    order = sorted((-upper(org), org) for org in pool)
    top: list[Candidate] = []
    for bound_key in order:
        if len(top) >= k and bound_key > (-top[k - 1].score, top[k - 1].org):
            break
        bisect.insort(top, final(bound_key[1]), key=lambda c: (-c.score, c.org))
        del top[k:]
    return top


def _explanation(action: Action, status: str, import_dependent: bool, leak: int,
                 direct: int, score: float,
                 covered: tuple[CoveredIn, ...] = ()) -> dict[str, Any]:
    weight = ACTION_WEIGHTS[action]
    side_zh = "供给" if action in ("补链", "强链") else "承接自"
    side_en = "feeds" if action in ("补链", "强链") else "is fed by"
    why_en = status + (", import-dependent" if import_dependent else "")
    why_zh = {"missing": "缺失", "weak": "薄弱", "present": "已有"}.get(status, status) + \
        ("、依赖区外采购" if import_dependent else "")
    en = (f"{ACTION_EN[action]} ({action}): {why_en} segment; {side_en} {direct} "
          f"present-or-weak segment(s); {leak} purchase(s) from outside suppliers in it; "
          f"gap_score = {weight:g} × (log2(1 + {leak}) + {direct}) = {score:.3f}")
    zh = (f"{action}：环节{why_zh}；{side_zh} {direct} 个已有或薄弱环节；园区企业从区外该环节"
          f"采购 {leak} 笔；得分 = {weight:g} × (log2(1 + {leak}) + {direct}) = {score:.3f}")
    if covered:
        phrase = covered_text(covered)
        if status == "missing":
            en += (f"; {phrase['en']}: link those firms into this chain rather than "
                   "attract new ones (not recommended)")
            zh += f"；{phrase['zh']}，宜对接本园企业，不列为招商缺口"
        else:
            en += f"; the same activity also has firms in the park: {phrase['where_en']}"
            zh += f"；{phrase['zh']}"
    return {"text": en, "en": en, "zh": zh,
            "components": {"action_weight": weight, "leakage": leak, "direct_links": direct}}


def find_gaps(
    graph: nx.MultiDiGraph,
    index: ChainIndex,
    statuses: Mapping[str, str],
    leakage: Mapping[str, Leakage],
    import_dependent: Mapping[str, bool] | None = None,
    *,
    leading: bool = True,
    top_candidates: int = 5,
    max_distance: int | None = None,
    covered: Mapping[str, tuple[CoveredIn, ...]] | None = None,
) -> tuple[ChainGap, ...]:
    """Classify and rank the gaps of a chain and their attraction candidates.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection.
    index : ChainIndex
        From :func:`ecograph.analysis.chain.index.build_chain_index`.
    statuses, leakage, import_dependent : mapping
        Per segment: status, leakage and import dependence (``linkage``).
    leading : bool
        Whether the chain is a leading chain of the park; gaps of other chains
        are listed but not recommended.
    top_candidates : int
        Candidates kept per gap.
    max_distance : int, optional
        Bound of the distance search (hops); None (default) searches the
        whole organisation graph, as the spec's distance is unbounded.
    covered : mapping, optional
        Per segment, its equivalents in other chains that have park firms
        (:func:`ecograph.analysis.chain.equivalents.covered_in`); a missing
        segment with some is listed but not recommended ("Covered elsewhere").

    Examples
    --------
    >>> from ecograph.analysis.chain.index import build_chain_index, example_graph
    >>> from ecograph.analysis.chain.shares import segment_leakage
    >>> g = example_graph()
    >>> idx = build_chain_index(g, "P", "C")
    >>> gaps = find_gaps(g, idx, {"s1": "weak", "s2": "weak", "s3": "missing"},
    ...                  segment_leakage(idx))
    >>> [(x.segment, x.action, round(x.gap_score, 3)) for x in gaps]
    [('s1', '强链', 1.6), ('s3', '延链', 0.6), ('s2', '强链', 0.0)]
    >>> c = gaps[1].candidates[0]
    >>> c.org, c.ties, c.distance, c.path, c.score
    ('y', 1, 1, ('y', 'b'), 6.0)
    """
    dependent = import_dependent or {}
    present = {s for s, st in statuses.items() if st in ("present", "weak")}
    feeds_to: dict[str, set[str]] = {s: set() for s in index.segments}
    fed_by: dict[str, set[str]] = {s: set() for s in index.segments}
    for s, t in index.feeds:
        feeds_to[s].add(t)
        fed_by[t].add(s)
    actions: dict[str, Action] = {}
    direct: dict[str, int] = {}
    for seg in index.segments:
        down = len(feeds_to[seg] & present)
        up = len(fed_by[seg] & present)
        action = classify(statuses[seg], dependent.get(seg, False), down, up)
        if action is not None:
            actions[seg] = action
            direct[seg] = down if action in ("补链", "强链") else up
    outside = {s: index.segment_orgs[s] - index.members for s in actions}
    adj = adjacency(graph)
    ring = member_ring(graph, index.members, index.as_of) if actions else {}
    bases: dict[str, CandidateBase] = {}
    finals: dict[str, Candidate] = {}

    def base_of(org: str) -> CandidateBase:
        if org not in bases:
            bases[org] = candidate_base(graph, org, index.members, index.as_of)
        return bases[org]

    def upper(org: str) -> float:
        return base_of(org).score(proximity_bound(org in ring, max_distance))

    def final(org: str) -> Candidate:
        if org not in finals:
            path = path_to_park(graph, org, index.members, ring, as_of=index.as_of,
                                max_distance=max_distance)
            finals[org] = _candidate(graph, adj, base_of(org), index, path, max_distance)
        return finals[org]

    gaps: list[ChainGap] = []
    for seg, action in actions.items():
        stage = index.segments[seg]
        leak = leakage[seg]
        score = gap_score(action, leak.count, direct[seg])
        ranked = top_candidates_of(outside[seg], max(top_candidates, 0), upper, final)
        elsewhere = (covered or {}).get(seg, ())
        absent_here = statuses[seg] == "missing" and bool(elsewhere)
        gaps.append(ChainGap(
            segment=seg, name=index.names[seg], stage=stage.value if stage else None,
            status=statuses[seg], import_dependent=dependent.get(seg, False), action=action,
            recommended=leading and action != "远链" and not absent_here, gap_score=score,
            direct_links=direct[seg], leakage=leak,
            explanation=_explanation(action, statuses[seg], dependent.get(seg, False),
                                     leak.count, direct[seg], score, elsewhere),
            candidates=tuple(ranked),
            covered_in=elsewhere,
        ))
    gaps.sort(key=lambda g: (-g.gap_score, g.segment))
    return tuple(gaps)


def targets(gaps: Iterable[ChainGap]) -> tuple[TargetRow, ...]:
    """The 招商清单: candidates of the recommended gaps as one table, gap order first.

    Examples
    --------
    >>> from ecograph.analysis.chain.linkage import chain_linkage
    >>> from ecograph.analysis.chain.index import example_graph
    >>> rows = targets(chain_linkage(example_graph(), "P", "C", leading=True).gaps)
    >>> [(r.rank, r.segment, r.action, r.candidate) for r in rows]
    [(1, 's1', '强链', 'x'), (2, 's3', '延链', 'y')]
    """
    rows: list[TargetRow] = []
    for gap in gaps:
        if not gap.recommended:
            continue
        for cand in gap.candidates:
            rows.append(TargetRow(
                rank=len(rows) + 1, segment=gap.segment, segment_name=gap.name,
                action=gap.action, gap_score=gap.gap_score, candidate=cand.org,
                candidate_name=cand.name, score=cand.score, ties=cand.ties,
                distance=cand.distance, qualification=cand.components["qualification"],
                scale=cand.components["scale"], revenue_unknown=cand.revenue_unknown,
                province=cand.province, city=cand.city, current_park=cand.current_park,
                customers_in_park=";".join(cand.customers_in_park),
                path=" – ".join(cand.path),
            ))
    return tuple(rows)
