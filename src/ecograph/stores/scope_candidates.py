"""The chain part of a park scope: region-wide counts and the candidates that can rank.

:mod:`ecograph.stores.park_scope` projects a park's members and their
neighbourhood first (the *lean* graph). The chain analysis reads two more
things, which this module finds with the store's named ``scope_*`` queries:

- :func:`region_counts`: the firms of each segment of a chain, region-wide and
  as of a date, for the location quotients (counted in the store; only the
  organisations with dated ``IN_SEGMENT`` edges are read one by one);
- :func:`candidate_nodes`: the 招商 candidates that can rank among the
  ``top`` kept ones of any segment of the chain, and every node their
  distance searches reach. It runs the ranking of
  :func:`ecograph.analysis.chain.attraction.top_candidates_of` against the
  store: a candidate's score without its distance is known from the store's
  pool (``scope_candidate_pool``, best first) or, for candidates one hop from
  the park, from the lean graph; the distance searches
  (:class:`~ecograph.analysis.chain.org_paths.PathSearch`) walk one level per
  round, only for candidates whose best possible score can still beat the
  ``top``-th final score of one of their segments. The pool is read in bands
  of that score, from the best down, until no unread candidate can rank.

The store's pool score assumes what ecograph's loaders write: ``revenue`` a
number, ``qualifications`` a list of names (it counts a repeated name twice,
which only makes it a looser bound).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ecograph.analysis.chain.attraction import (
    QUALIFICATION_WEIGHTS,
    CandidateBase,
    candidate_base,
    proximity_bound,
)
from ecograph.analysis.chain.org_paths import PathSearch
from ecograph.analysis.common import chain_segments, is_current
from ecograph.vocab import RelType

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CandidateScope", "candidate_nodes", "region_counts"]

#: Runs one named query with parameters (``GraphStore.run``).
Run = Callable[[str, Mapping[str, Any]], list[dict[str, Any]]]
#: Gives the walkable neighbours of each of the given organisations (from the store).
Expand = Callable[[list[str]], dict[str, set[str]]]

#: The first band of the pool's score read (qualification weights plus scale).
_FIRST_FLOOR = 6.0
#: Above any pool score (a parameter must be a finite number).
_NO_CEILING = 1e300
#: Margin for the store's floating-point sums against ecograph's.
_EPS = 1e-9
_IN_SEGMENT = str(RelType.IN_SEGMENT)


def region_counts(run: Run, chain: str, as_of: date | None) -> dict[str, Any]:
    """Firms of each segment of ``chain`` region-wide, current at ``as_of``, and in total.

    The store counts every organisation ``IN_SEGMENT`` a segment; those with a
    dated edge are then read and taken out where no edge of theirs is current,
    so the counts equal :func:`~ecograph.analysis.chain.index.build_chain_index`'s
    on the whole graph. Returns ``{"segments": {segment: firms}, "total": n}``.
    """
    segments = {str(r["segment"]): int(r["firms"])
                for r in run("scope_segment_firms", {"chain": chain})}
    rows = run("scope_chain_firms", {"chain": chain})
    total = int(rows[0]["firms"]) if rows else 0
    dated = sorted(str(r["id"]) for r in run("scope_dated_segment_orgs", {"chain": chain}))
    if dated and as_of is not None:
        linked: dict[str, set[str]] = {}
        current: dict[str, set[str]] = {}
        for start in range(0, len(dated), 5000):
            for r in run("scope_segment_links", {"ids": dated[start:start + 5000],
                                                 "chain": chain}):
                org, segment = str(r["id"]), str(r["segment"])
                linked.setdefault(org, set()).add(segment)
                if is_current(r, as_of):
                    current.setdefault(org, set()).add(segment)
        for org, segs in linked.items():
            for segment in segs - current.get(org, set()):
                segments[segment] -= 1
            if not current.get(org):
                total -= 1
    return {"segments": segments, "total": total}


@dataclass
class CandidateScope:
    """What :func:`candidate_nodes` found, and how much it searched.

    ``nodes`` are every node a search reached (the scope must hold them);
    ``expanded`` those whose neighbours a search read (the scope must hold all
    their edges).
    """

    nodes: set[str] = field(default_factory=set)
    expanded: set[str] = field(default_factory=set)
    searched: int = 0
    final: int = 0
    pool: int = 0
    rounds: int = 0


@dataclass
class _Ranking:
    """The state of the ranking shared by the segments of the chains scoped."""

    members: frozenset[str]
    ring: Mapping[str, str]
    max_distance: int | None
    bases: dict[str, CandidateBase] = field(default_factory=dict)
    searches: dict[str, PathSearch] = field(default_factory=dict)
    finals: dict[str, float] = field(default_factory=dict)

    def bound(self, org: str) -> float:
        """The best score ``org`` can still get (its score once final)."""
        if org in self.finals:
            return self.finals[org]
        search = self.searches.get(org)
        levels = search.levels if search is not None else 0
        return self.bases[org].score(
            proximity_bound(org in self.ring, self.max_distance, levels))

    def active(self, pools: Iterable[set[str]], top: int) -> set[str]:
        """Candidates not final that can still rank among the ``top`` of a pool."""
        found: set[str] = set()
        for pool in pools:
            finals = 0
            for _, org in sorted((-self.bound(o), o) for o in pool):
                if org in self.finals:
                    finals += 1
                    if finals >= top:
                        break
                else:
                    found.add(org)
        return found

    def threshold(self, pool: set[str], top: int) -> float:
        """The ``top``-th final score of a pool (−inf while fewer are final)."""
        scores = sorted((self.finals[o] for o in pool if o in self.finals), reverse=True)
        return scores[top - 1] if len(scores) >= top else -math.inf

    def step(self, orgs: set[str], expand: Expand) -> None:
        """Walk each candidate's search one level (or start it); finalise those that end."""
        walking: list[PathSearch] = []
        for org in sorted(orgs):
            search = self.searches.get(org)
            if search is None:
                search = self.searches[org] = PathSearch(org)
            elif not search.done:
                walking.append(search)
        layers = sorted({node for search in walking for node in search.layer})
        neighbours = expand(layers) if layers else {}
        for search in walking:
            search.advance(neighbours)
        for org in sorted(orgs):
            search = self.searches[org]
            if search.check(self.members, self.ring, self.max_distance):
                path = search.path
                distance = len(path) - 1 if path else 0
                self.finals[org] = self.bases[org].score(1.0 / distance if distance else 0.0)


def _lean_pools(lean: nx.MultiDiGraph, segments: Iterable[str], ranking: _Ranking,
                as_of: date | None) -> dict[str, set[str]]:
    """Candidates of each segment already in the lean graph (their ties are all there)."""
    pools: dict[str, set[str]] = {}
    for segment in segments:
        pool: set[str] = set()
        if segment in lean:
            for org, _, attrs in lean.in_edges(segment, data=True):
                if (attrs.get("type") == _IN_SEGMENT and is_current(attrs, as_of)
                        and org not in ranking.members):
                    pool.add(org)
                    if org not in ranking.bases:
                        ranking.bases[org] = candidate_base(lean, org, ranking.members, as_of)
        pools[segment] = pool
    return pools


def candidate_nodes(run: Run, expand: Expand, lean: nx.MultiDiGraph, chain: str, *,
                    members: frozenset[str], ring: Mapping[str, str], as_of: date | None,
                    max_distance: int | None, top: int) -> CandidateScope:
    """The candidates of ``chain`` that can rank among the ``top`` of a segment, and their reach.

    Parameters
    ----------
    run, expand
        The store's named query, and the walkable neighbours of organisations.
    lean
        The park's lean scope (members and their neighbourhood, projected).
    members, ring
        The park's current members and their member ring
        (:func:`~ecograph.analysis.chain.org_paths.member_ring` on ``lean``).
    as_of, max_distance, top
        As the chain analysis will use them (``top``: ``top_candidates``).
    """
    result = CandidateScope()
    if top <= 0:
        return result
    ranking = _Ranking(members, ring, max_distance)
    segments = list(chain_segments(lean, chain))
    pools = _lean_pools(lean, segments, ranking, as_of)
    lean_orgs = {org for pool in pools.values() for org in pool}
    need = sorted(pools)
    floor, ceiling = _FIRST_FLOOR, _NO_CEILING
    while need:
        for r in run("scope_candidate_pool", {"chain": chain, "segments": need,
                                              "weights": dict(QUALIFICATION_WEIGHTS),
                                              "floor": floor, "ceiling": ceiling}):
            org, segment = str(r["id"]), str(r["segment"])
            if (segment not in pools or org in ranking.members or org in lean_orgs
                    or not is_current(r, as_of)):
                continue
            pools[segment].add(org)
            result.pool += 1
            if org not in ranking.bases:
                ranking.bases[org] = CandidateBase.of_attrs(org, r)
        while active := ranking.active(pools.values(), top):
            ranking.step(active, expand)
            result.rounds += 1
        if floor < 0.0:
            break
        # an unread candidate scores below floor + 1/2: it is not one hop from the park
        limits = {seg: ranking.threshold(pools[seg], top) - 0.5 - _EPS for seg in need}
        need = sorted(seg for seg, limit in limits.items() if limit < floor)
        lowest = min((limits[seg] for seg in need), default=0.0)
        ceiling, floor = floor, min(floor - 2.0, lowest)
        if floor <= 0.0:
            floor = -1.0  # the last band: every score below the ceiling
    for org, search in ranking.searches.items():
        result.nodes.add(org)
        result.nodes.update(search.back)
        result.expanded.update(set(search.back) - set(search.layer))
    result.searched = len(ranking.searches)
    result.final = len(ranking.finals)
    return result
