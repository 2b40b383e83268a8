"""Park-scoped projection: the part of the graph one park's analyses read (issue 15).

The analyses of one park (chain linkage, gaps and 招商 targets, incubation,
collaboration, gradient) read the park, its neighbourhood and a few
region-wide facts, not the whole region. :func:`park_node_ids` chooses, with the
named queries ``scope_*`` of ``queries/``, the nodes those analyses can reach,
and :func:`park_graph` projects them with the edges those analyses read
(:mod:`ecograph.stores.scope_edges`, with all their properties):

1. **structure**: every park, chain, segment, industry and qualification node
   (a few hundred; sub-parks, ``FEEDS``, ``skos:exactMatch`` and moves to other
   parks are read through them);
2. **members**: every organisation ever ``LOCATED_IN`` the park or a sub-park
   (each analysis applies its own ``as_of``), and the park closure's neighbours
   (operators, serving funds, indicator observations);
3. **neighbourhood**: every node adjacent to a member (suppliers, customers,
   partners, investors, incubated firms, carriers); the firms ever incubated
   in a member carrier; the year statistics and collaboration events of the
   members and of those firms, with the events' other participants
   (graduation eligibility of firms that left, triple-helix events); and the
   carriers the outside ones were incubated in and their investors (a
   graduate's later carrier elsewhere, its financing). Which of their edges
   are read is :mod:`ecograph.stores.scope_edges`' rule: every edge of a
   member, not the supply or collaboration ties among outside firms;
4. **region**: per chain analysed, the firm counts of its segments,
   region-wide, as of the scope's date (``scope_segment_firms``,
   ``scope_chain_firms``, corrected for dated ``IN_SEGMENT`` edges), kept in
   ``graph.graph["region_firms"]`` for the location quotients
   (:func:`ecograph.analysis.chain.index.scoped_region`);
5. **candidates**: the 招商 candidates that can rank among the kept ones of any
   segment of the chain, and what their distance searches read. The pool
   comes best first from the store (``scope_candidate_pool``: qualification
   weights plus scale, the score's parts that need no graph), candidates one
   hop from the park are known from parts 2–3, and each candidate's search
   (:class:`~ecograph.analysis.chain.org_paths.PathSearch`) walks one level
   per round through ``scope_org_ties`` while its best possible score can
   still beat the ``top_candidates``-th final one of a segment. Every node a
   search reached is kept. So the cost grows with the park and the best
   candidates' neighbourhoods, not with the region; all segments are covered,
   so any gap rule gives the same candidates.

The analyses stay as they are: on this subgraph they give the same results as
on the whole projection (``tests/integration/test_park_scope.py`` compares them
on the 10k package). ``graph.graph["scope"]`` records what was scoped (park,
chains, ``as_of``, ``max_distance``, ``top_candidates``, node counts per part).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ecograph.errors import NotFoundError
from ecograph.stores.dialect import ROOT_LABELS
from ecograph.stores.projection import (
    PROVENANCE,
    Read,
    gc_paused,
    node_row,
)
from ecograph.stores.scope_edges import EdgeRead, edge_reads
from ecograph.vocab import Label, base_label

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Run", "ScopeIds", "extend_subgraph", "park_graph", "park_node_ids", "read_subgraph",
           "store_neighbours"]

logger = logging.getLogger(__name__)

#: Runs one named query with parameters (``GraphStore.run``).
Run = Callable[[str, Mapping[str, Any]], list[dict[str, Any]]]

#: Ids per query: long lists are sent in chunks.
_CHUNK = 5000
_OPERATES = "OPERATES"

_NODES = ("UNWIND $ids AS id MATCH (n:{root} {{id: id}}) "
          "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")


@dataclass
class ScopeIds:
    """The node ids of a park scope, per part (see the module docstring)."""

    park: str
    chains: tuple[str, ...]
    parks: set[str] = field(default_factory=set)
    structure: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)
    neighbourhood: set[str] = field(default_factory=set)

    def all(self) -> set[str]:
        """Every id of the lean scope (parts 1–3)."""
        return self.structure | self.parks | self.members | self.neighbourhood

    def counts(self) -> dict[str, int]:
        """Sizes of the parts (for ``graph.graph["scope"]`` and the benchmark)."""
        return {"structure": len(self.structure), "members": len(self.members),
                "neighbourhood": len(self.neighbourhood), "nodes": len(self.all())}


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(ids)
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _ids(run: Run, name: str, ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(str(r["id"]) for r in run(name, {"ids": chunk}) if r["id"] is not None)
    return found


def _walkable(record: Mapping[str, Any], as_of: date | None) -> bool:
    """The distance search's rule (``org_paths``) on one ``scope_org_ties`` record."""
    from ecograph.analysis.chain.org_paths import walkable_tie

    kind = record["type"]
    if kind == _OPERATES:
        return bool(record["org"])
    return walkable_tie(kind, record, as_of)


def store_neighbours(run: Run, as_of: date | None) -> Callable[[list[str]], dict[str, set[str]]]:
    """The walkable neighbours of organisations, read from the store (and remembered)."""
    known: dict[str, set[str]] = {}

    def expand(ids: list[str]) -> dict[str, set[str]]:
        wanted = [i for i in ids if i not in known]
        for i in wanted:
            known[i] = set()
        for chunk in _chunks(wanted):
            for record in run("scope_org_ties", {"ids": chunk}):
                if _walkable(record, as_of):
                    known[str(record["source"])].add(str(record["target"]))
        return {i: known[i] for i in ids}

    return expand


def _chains(run: Run, park: str, chain: str | None) -> tuple[str, ...]:
    if chain is not None:
        return (chain,)
    rows = run("scope_leading_chains", {"park": park})
    leading = sorted(str(r["chain"]) for r in rows if r["leading"])
    return tuple(leading)


def park_node_ids(run: Run, park: str, *, chain: str | None = None,
                  candidates: bool = True) -> ScopeIds:
    """Choose the node ids of ``park``'s lean scope (parts 1–3) with the ``scope_*`` queries.

    ``chain`` None names the park's leading chains in ``chains`` (the ones the
    chain part will cover, when ``candidates``). An unknown park raises
    :class:`~ecograph.errors.NotFoundError`.
    """
    rows = run("scope_park", {"park": park})
    if not rows or rows[0]["park"] is None:
        raise NotFoundError(f"unknown Park id {park!r}")
    scope = ScopeIds(park=park, chains=_chains(run, park, chain) if candidates else ())
    scope.parks = {str(p) for p in rows[0]["parks"]}
    for org, _since, _until in rows[0]["located"]:
        if org is not None:
            scope.members.add(str(org))
    scope.structure = {str(r["id"]) for r in run("scope_structure", {})}
    near = _ids(run, "scope_neighbours", scope.members)
    near |= _ids(run, "scope_park_neighbours", scope.parks)
    # year statistics and events of the members and of the firms their carriers
    # incubated (graduation reads a graduate's revenue and financing), not of
    # every supplier or partner
    orgs = scope.members | _ids(run, "scope_incubatees", scope.members)
    near |= orgs
    for chunk in _chunks(orgs):
        for record in run("scope_satellites", {"ids": chunk}):
            near.add(str(record["id"]))
            near.update(str(o) for o in record["participants"] if o is not None)
    outside = near - scope.members
    near |= _ids(run, "scope_carriers", outside) | _ids(run, "scope_investors", outside)
    scope.neighbourhood = near
    return scope


def _without_provenance(row: dict[str, Any]) -> dict[str, Any]:
    if any(k in row["props"] for k in PROVENANCE):
        row["props"] = {k: v for k, v in row["props"].items() if k not in PROVENANCE}
    return row


def read_subgraph(read: Read, ids: Sequence[str],
                  full: Collection[str] | None = None) -> nx.MultiDiGraph:
    """Project the nodes ``ids`` and their stored edges among them.

    ``full`` None: every edge between two of them (the induced subgraph);
    otherwise the edges :func:`~ecograph.stores.scope_edges.edge_reads` reads
    (``full``: the members).
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    with gc_paused():
        roots = _add_nodes(read, graph, sorted(set(ids)))
        _add_edges(read, graph, edge_reads(roots, full))
    return graph


def _add_nodes(read: Read, graph: nx.MultiDiGraph, ids: Sequence[str]) -> dict[str, list[str]]:
    """Read the nodes ``ids`` into ``graph``, one root label at a time; return them by root."""
    roots: dict[str, list[str]] = {}
    for root in ROOT_LABELS:
        statement = _NODES.format(root=root.value)
        for chunk in _chunks(ids):
            for record in read(statement, {"ids": chunk}):
                row = _without_provenance(node_row(record))
                graph.add_node(row["id"], **row["props"], label=row["label"],
                               labels=frozenset(row["labels"]))
                roots.setdefault(root.value, []).append(row["id"])
    return roots


def _add_edges(read: Read, graph: nx.MultiDiGraph, reads: Iterable[EdgeRead]) -> None:
    """Run the edge reads; add each edge whose other end is a node of ``graph``."""
    for edge_read in reads:
        for chunk in _chunks(edge_read.ids):
            for record in read(edge_read.cypher, {"ids": chunk}):
                if record[edge_read.other] not in graph:
                    continue
                props = {k: v for k, v in dict(record["props"]).items()
                         if k != "key" and k not in PROVENANCE}
                graph.add_edge(record["source"], record["target"], key=record["key"],
                               **props, type=record["type"])


def extend_subgraph(read: Read, graph: nx.MultiDiGraph, ids: Iterable[str],
                    expanded: Iterable[str] = ()) -> int:
    """Add the nodes ``ids`` to a projected scope, and give the nodes ``expanded``
    every stored edge to the graph's nodes, both directions.

    Returns how many nodes were added. Each node's edges are read under its
    own root label.
    """
    with gc_paused():
        roots = _add_nodes(read, graph, sorted(set(ids) - set(graph)))
        added = sum(len(v) for v in roots.values())
        by_root: dict[str, list[str]] = {}
        for node in sorted(set(expanded) & set(graph)):
            by_root.setdefault(base_label(Label(graph.nodes[node]["label"])).value,
                               []).append(node)
        _add_edges(read, graph, edge_reads(by_root, None, everything=True))
    return added


def park_graph(run: Run, project: Callable[[list[str], Collection[str]], nx.MultiDiGraph],
               park: str, *,
               read: Read | None = None, chain: str | None = None,
               as_of: date | None = None, max_distance: int | None = None,
               candidates: bool = True, top_candidates: int = 5) -> nx.MultiDiGraph:
    """Project ``park``'s scope: the subgraph its analyses read, equal results to the whole.

    Parameters
    ----------
    run
        The store's run of one named query (``GraphStore.run``).
    project
        The store's projection of a set of node ids and their edges among them,
        every edge for the members given (:mod:`ecograph.stores.scope_edges`;
        :func:`read_subgraph` on any Cypher store, FalkorDB reads compactly).
    read
        The store's read of one Cypher statement (adds the candidates' nodes;
        needed when ``candidates``).
    park, chain
        The park, and the chain the chain part covers (None: its leading chains).
    as_of, max_distance, top_candidates
        As the chain analysis will use them (``as_of`` None: today); the chain
        analysis refuses a scoped graph made for other values.
    candidates
        False leaves out the chain part (4 and 5): the lean scope of the
        incubation, collaboration and gradient analyses.
    """
    from ecograph.analysis.chain.org_paths import member_ring
    from ecograph.analysis.common import park_members, resolve_as_of
    from ecograph.stores.scope_candidates import candidate_nodes, region_counts

    with gc_paused():
        scope = park_node_ids(run, park, chain=chain, candidates=candidates)
    graph = project(sorted(scope.all()), scope.members)
    info: dict[str, Any] = {
        "park": park, "chains": list(scope.chains),
        "as_of": None if as_of is None else as_of.isoformat(),
        "max_distance": max_distance, **scope.counts(),
    }
    if candidates:
        if read is None:
            raise TypeError("park_graph needs the store's read for the chain part")
        day = resolve_as_of(as_of)
        members = frozenset(park_members(graph, park, as_of=day))
        ring = member_ring(graph, members, day)
        expand = store_neighbours(run, day)
        region: dict[str, Any] = {}
        extra: set[str] = set()
        expanded: set[str] = set()
        searched = 0
        for name in scope.chains:
            region[name] = region_counts(run, name, day)
            found = candidate_nodes(run, expand, graph, name, members=members, ring=ring,
                                    as_of=day, max_distance=max_distance, top=top_candidates)
            extra |= found.nodes
            expanded |= found.expanded
            searched += found.searched
        added = extend_subgraph(read, graph, extra, expanded)
        graph.graph["region_firms"] = region
        info.update(as_of=day.isoformat(), top_candidates=top_candidates,
                    candidates_searched=searched, candidate_nodes=added,
                    candidate_expanded=len(expanded),
                    nodes=graph.number_of_nodes())
    graph.graph["scope"] = info
    logger.info("park scope %s: %s", park, info)
    return graph
