"""Park-scoped projection: the part of the graph one park's analyses read (issue 15).

The analyses of one park (chain linkage, gaps and 招商 targets, incubation,
collaboration, gradient, funds) read the park, its neighbourhood and a few
region-wide facts, not the whole region. :func:`park_node_ids` chooses, with the
named queries ``scope_*`` of ``queries/``, the nodes those analyses can reach,
and :func:`park_graph` projects the subgraph they induce (every stored edge
between two chosen nodes, with all its properties):

1. **structure**: every park, chain, segment, industry and qualification node
   (a few hundred; sub-parks, ``FEEDS``, ``skos:exactMatch`` and moves to other
   parks are read through them);
2. **members**: every organisation ever ``LOCATED_IN`` the park or a sub-park
   (each analysis applies its own ``as_of``), and the park closure's neighbours
   (operators, serving funds, indicator observations);
3. **neighbourhood**: every node adjacent to a member (suppliers, customers,
   partners, investors, incubated firms, carriers), and the year statistics and
   collaboration events of those, with the events' other participants
   (graduation eligibility of firms that left, triple-helix events), and the
   carriers those were incubated in and their investors (a graduate's later
   carrier elsewhere, its financing);
4. **chain**: every organisation in a segment of the analysed chain(s),
   region-wide: the reference of the location quotients (``region_firms``)
   and the 招商 candidates;
5. **reach**: the organisations the candidate-distance search
   (:func:`ecograph.analysis.chain.org_paths.park_paths`) can visit: a
   breadth-first walk of the organisation graph from the park's current
   members, level by level with the same walkable-edge rule and ``as_of``,
   until every candidate is reached or none is left to reach (candidates with
   no walkable relation at all are left out first; they are unreachable).
   With a bound ``max_distance`` the walk goes twice that deep, which holds
   the search's target side too. Paths break ties by id, so the same ball
   gives the same paths.

The analyses stay as they are: on this subgraph they give the same results as
on the whole projection (``tests/integration/test_park_scope.py`` compares them
on the 10k package). ``graph.graph["scope"]`` records what was scoped (park,
chains, ``as_of``, ``max_distance``, node counts per part).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ecograph.errors import NotFoundError
from ecograph.stores.dialect import ROOT_LABELS
from ecograph.stores.projection import (
    PROVENANCE,
    Read,
    build_graph,
    edge_row,
    gc_paused,
    node_row,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Run", "ScopeIds", "park_graph", "park_node_ids", "read_subgraph"]

logger = logging.getLogger(__name__)

#: Runs one named query with parameters (``GraphStore.run``).
Run = Callable[[str, Mapping[str, Any]], list[dict[str, Any]]]

#: Ids per query: long lists are sent in chunks.
_CHUNK = 5000
_INVESTS = "INVESTS_IN"
_OPERATES = "OPERATES"
_DATED = frozenset({"SUPPLIES", "COLLABORATES_WITH", "INVESTS_IN"})

_NODES = ("UNWIND $ids AS id MATCH (n:{root} {{id: id}}) "
          "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
_EDGES = ("UNWIND $ids AS id MATCH (a:{root} {{id: id}})-[r]->(b) "
          "RETURN r.key AS key, type(r) AS type, a.id AS source, b.id AS target, "
          "properties(r) AS props")


@dataclass
class ScopeIds:
    """The node ids of a park scope, per part (see the module docstring)."""

    park: str
    chains: tuple[str, ...]
    parks: set[str] = field(default_factory=set)
    structure: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)
    neighbourhood: set[str] = field(default_factory=set)
    chain_orgs: set[str] = field(default_factory=set)
    reach: set[str] = field(default_factory=set)
    reach_levels: int = 0

    def all(self) -> set[str]:
        """Every id of the scope."""
        return (self.structure | self.parks | self.members | self.neighbourhood
                | self.chain_orgs | self.reach)

    def counts(self) -> dict[str, int]:
        """Sizes of the parts (for ``graph.graph["scope"]`` and the benchmark)."""
        return {"structure": len(self.structure), "members": len(self.members),
                "neighbourhood": len(self.neighbourhood), "chain_orgs": len(self.chain_orgs),
                "reach": len(self.reach), "reach_levels": self.reach_levels,
                "nodes": len(self.all())}


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(ids)
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _ids(run: Run, name: str, ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(str(r["id"]) for r in run(name, {"ids": chunk}) if r["id"] is not None)
    return found


def _current(since: object, until: object, as_of: date | None) -> bool:
    from ecograph.analysis.common import is_current  # the analyses' own rule

    return is_current({"since": since, "until": until}, as_of)


def _walkable(record: Mapping[str, Any], as_of: date | None) -> bool:
    """The rule of ``org_paths._walkable`` on one ``scope_org_ties`` record."""
    from ecograph.analysis.common import is_current

    kind = record["type"]
    if kind == _OPERATES:
        return bool(record["org"])
    if as_of is not None and kind in _DATED:
        return is_current(record, as_of, start="date" if kind == _INVESTS else "since")
    return True


def _reach(run: Run, sources: set[str], targets: set[str], as_of: date | None,
           max_distance: int | None) -> tuple[set[str], int]:
    """Organisations the distance search can visit from ``sources`` (and the levels walked)."""
    pending = _ids(run, "scope_walkable", targets - sources)
    seen = set(sources)
    frontier = set(sources)
    bound = None if max_distance is None else 2 * max_distance
    levels = 0
    while frontier and (pending or bound is not None) and (bound is None or levels < bound):
        following: set[str] = set()
        for chunk in _chunks(frontier):
            for record in run("scope_org_ties", {"ids": chunk}):
                other = record["target"]
                if other not in seen and _walkable(record, as_of):
                    following.add(other)
        seen |= following
        pending -= following
        frontier = following
        levels += 1
    return seen, levels


def _chains(run: Run, park: str, chain: str | None) -> tuple[str, ...]:
    if chain is not None:
        return (chain,)
    rows = run("scope_leading_chains", {"park": park})
    leading = sorted(str(r["chain"]) for r in rows if r["leading"])
    return tuple(leading)


def park_node_ids(run: Run, park: str, *, chain: str | None = None,
                  as_of: date | None = None, max_distance: int | None = None,
                  candidates: bool = True) -> ScopeIds:
    """Choose the node ids of ``park``'s scope with the named ``scope_*`` queries.

    ``chain`` None scopes the park's leading chains. ``as_of`` is the date the
    analyses will use (their default is today): it decides the current members
    the candidate-distance walk starts from and the edges it walks.
    ``candidates`` False leaves out parts 4 and 5 (no chain analysis: incubation,
    collaboration, gradient, funds). An unknown park raises
    :class:`~ecograph.errors.NotFoundError`.
    """
    rows = run("scope_park", {"park": park})
    if not rows or rows[0]["park"] is None:
        raise NotFoundError(f"unknown Park id {park!r}")
    scope = ScopeIds(park=park, chains=_chains(run, park, chain) if candidates else ())
    scope.parks = {str(p) for p in rows[0]["parks"]}
    current: set[str] = set()
    for org, since, until in rows[0]["located"]:
        if org is None:
            continue
        scope.members.add(str(org))
        if _current(since, until, as_of):
            current.add(str(org))
    scope.structure = {str(r["id"]) for r in run("scope_structure", {})}
    near = _ids(run, "scope_neighbours", scope.members)
    near |= _ids(run, "scope_park_neighbours", scope.parks)
    orgs = near | scope.members
    for chunk in _chunks(orgs):
        for record in run("scope_satellites", {"ids": chunk}):
            near.add(str(record["id"]))
            near.update(str(o) for o in record["participants"] if o is not None)
    outside = near - scope.members
    near |= _ids(run, "scope_carriers", outside) | _ids(run, "scope_investors", outside)
    scope.neighbourhood = near
    for name in scope.chains:
        scope.chain_orgs |= {str(r["id"]) for r in run("scope_chain_orgs", {"chain": name})}
    if candidates:
        scope.reach, scope.reach_levels = _reach(run, current, scope.chain_orgs, as_of,
                                                 max_distance)
    return scope


def read_subgraph(read: Read, ids: Sequence[str]) -> nx.MultiDiGraph:
    """Project the nodes ``ids`` and every stored edge between two of them."""
    kept = set(ids)
    nodes: list[dict[str, Any]] = []
    for root in ROOT_LABELS:
        statement = _NODES.format(root=root.value)
        for chunk in _chunks(kept):
            nodes += [node_row(r) for r in read(statement, {"ids": chunk})]
    present = {row["id"] for row in nodes}
    base_labels = {row["id"]: row["labels"][0] for row in nodes}

    def edges() -> Iterator[dict[str, Any]]:
        for root in ROOT_LABELS:
            statement = _EDGES.format(root=root.value)
            for chunk in _chunks(present):
                for record in read(statement, {"ids": chunk}):
                    if record["target"] in present:
                        yield edge_row(record, base_labels)

    def without_provenance(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            if any(k in row["props"] for k in PROVENANCE):
                row["props"] = {k: v for k, v in row["props"].items() if k not in PROVENANCE}
            yield row

    with gc_paused():
        return build_graph(without_provenance(nodes), without_provenance(edges()))


def park_graph(run: Run, project: Callable[[list[str]], nx.MultiDiGraph], park: str, *,
               chain: str | None = None, as_of: date | None = None,
               max_distance: int | None = None, candidates: bool = True) -> nx.MultiDiGraph:
    """Project ``park``'s scope: the subgraph its analyses read, equal results to the whole.

    Parameters
    ----------
    run
        The store's run of one named query (``GraphStore.run``).
    project
        The store's projection of a set of node ids and the edges among them
        (:func:`read_subgraph` on any Cypher store; FalkorDB reads compactly).
    park, chain, as_of, max_distance, candidates
        As for :func:`park_node_ids`; ``max_distance`` is the bound the chain
        analysis will use (None: unbounded, its default).
    """
    with gc_paused():
        scope = park_node_ids(run, park, chain=chain, as_of=as_of, max_distance=max_distance,
                              candidates=candidates)
    graph = project(sorted(scope.all()))
    graph.graph["scope"] = {
        "park": park, "chains": list(scope.chains),
        "as_of": None if as_of is None else as_of.isoformat(),
        "max_distance": max_distance, **scope.counts(),
    }
    logger.info("park scope %s: %s", park, graph.graph["scope"])
    return graph
