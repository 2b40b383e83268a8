"""Read the store back: NetworkX projection and row form (for RDF export).

Both stores answer the same portable Cypher; this module turns the records
into the shapes of ``docs/design.md``: a ``networkx.MultiDiGraph`` keyed by id
(node attrs ``label``, ``labels``, props; edge key ``key``, attrs ``type``,
props) and property-graph rows.

The projection leaves the provenance props (``source``, ``loaded_at``) out unless
asked for them (``include_provenance=True``): analyses and visualisations do not
read them. Row export always keeps them. FalkorDB projects through the faster
reader of :mod:`ecograph.stores.falkordb.projection`, which builds the same graph.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ecograph.errors import NotFoundError, StoreDataError
from ecograph.stores.dialect import ROOT_LABELS
from ecograph.vocab import Label, RelType, ancestors, base_label

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "PROVENANCE",
    "Read",
    "build_graph",
    "edge_row",
    "gc_paused",
    "node_labels",
    "node_row",
    "project",
    "read_rows",
    "select_ids",
]

#: Runs one read-only statement with parameters and returns records as dicts.
Read = Callable[[str, dict[str, Any]], list[dict[str, Any]]]

#: Provenance props every node and edge carries (left out of projections by default).
PROVENANCE: tuple[str, ...] = ("source", "loaded_at")

_NODES = "MATCH (n:{root}) {where}RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
# Endpoint labels come from the node rows read first (not per edge: that doubled the cells).
_EDGES = (
    "MATCH (a:{root})-[r]->(b) {where}"
    "RETURN r.key AS key, type(r) AS type, a.id AS source, b.id AS target, "
    "properties(r) AS props"
)
_PARK_IDS = (
    "MATCH (p:Park {id: $park}) "
    "OPTIONAL MATCH (s:Park)-[:SUB_PARK_OF*1..]->(p) "
    "WITH p, collect(DISTINCT s.id) AS subs "
    "OPTIONAL MATCH (o:Organization)-[:LOCATED_IN]->(q:Park) WHERE q.id = p.id OR q.id IN subs "
    "RETURN p.id AS root, subs AS structure, collect(DISTINCT o.id) AS members"
)
_CHAIN_IDS = (
    "MATCH (c:IndustryChain {id: $chain}) "
    "OPTIONAL MATCH (s:ChainSegment)-[:SEGMENT_OF]->(c) "
    "OPTIONAL MATCH (o:Organization)-[:IN_SEGMENT]->(s) "
    "RETURN c.id AS root, collect(DISTINCT s.id) AS structure, collect(DISTINCT o.id) AS members"
)


@lru_cache(maxsize=1024)
def _specific(labels: tuple[str, ...]) -> Label:
    known = [Label(x) for x in labels if x in Label.__members__]
    if not known:
        raise StoreDataError(f"store node has no ecograph label: {sorted(labels)}")
    return max(known, key=lambda lab: len(ancestors(lab)))


def _most_specific(labels: Iterable[str]) -> Label:
    # Cached on the label tuple: a projection asks this for every node and edge end.
    return _specific(tuple(labels))


@lru_cache(maxsize=1024)
def node_labels(labels: tuple[str, ...]) -> tuple[str, list[str]]:
    """Return the most specific label and all labels, root first, of a store label set.

    Examples
    --------
    >>> node_labels(("Organization", "Incubator", "IncubationCarrier"))
    ('Incubator', ['Organization', 'IncubationCarrier', 'Incubator'])
    """
    label = _specific(labels)
    return label.value, [x.value for x in ancestors(label)]


@lru_cache(maxsize=1024)
def _base_value(labels: tuple[str, ...]) -> str:
    return base_label(_specific(labels)).value


@lru_cache(maxsize=64)
def _type_value(rel_type: str) -> str:
    return RelType(rel_type).value


def node_row(record: dict[str, Any]) -> dict[str, Any]:
    """Turn a ``(id, labels, props)`` record into a node row.

    Examples
    --------
    >>> node_row({"id": "i1", "labels": ["Organization", "Incubator", "IncubationCarrier"],
    ...           "props": {"id": "i1", "name": "X"}})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'id': 'i1', 'label': 'Incubator',
     'labels': ['Organization', 'IncubationCarrier', 'Incubator'], 'props': {'name': 'X'}}
    """
    label, labels = node_labels(tuple(record["labels"]))
    props = {k: v for k, v in dict(record["props"]).items() if k != "id"}
    return {"id": record["id"], "label": label, "labels": list(labels), "props": props}


def edge_row(
    record: dict[str, Any], base_labels: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Turn an edge record into an edge row (endpoint labels become root labels).

    The endpoints' root labels are looked up in ``base_labels`` (id → root label)
    when given, else read from the record's ``source_labels`` / ``target_labels``.

    Examples
    --------
    >>> edge_row({"key": "k", "type": "HOSTS", "source": "u", "source_labels": ["Organization",
    ...           "University"], "target": "l", "target_labels": ["Organization"],
    ...           "props": {"key": "k", "source": "demo"}})["source_label"]
    'Organization'
    >>> edge_row({"key": "k", "type": "LOCATED_IN", "source": "u", "target": "P", "props": {}},
    ...          {"u": "Organization", "P": "Park"})["target_label"]
    'Park'
    """
    props = {k: v for k, v in dict(record["props"]).items() if k != "key"}
    source, target = record["source"], record["target"]
    if base_labels is None:
        source_label = _base_value(tuple(record["source_labels"]))
        target_label = _base_value(tuple(record["target_labels"]))
    else:
        if source not in base_labels or target not in base_labels:
            raise StoreDataError(
                f"store edge {record['key']!r} has an end without an ecograph label")
        source_label, target_label = base_labels[source], base_labels[target]
    return {
        "key": record["key"],
        "type": _type_value(record["type"]),
        "source": source,
        "source_label": source_label,
        "target": target,
        "target_label": target_label,
        "props": props,
    }


def select_ids(read: Read, park: str | None, chain: str | None) -> list[str] | None:
    """Return the ids a park / chain slice keeps (None: no slice); unknown ids raise."""
    if park is None and chain is None:
        return None
    structure: set[str] = set()
    members: set[str] | None = None
    for query, name, value in ((_PARK_IDS, "park", park), (_CHAIN_IDS, "chain", chain)):
        if value is None:
            continue
        records = read(query, {name: value})
        if not records or records[0]["root"] is None:
            raise NotFoundError(f"unknown {name} id {value!r}")
        structure.add(records[0]["root"])
        structure.update(records[0]["structure"])
        found = set(records[0]["members"])
        members = found if members is None else members & found
    return sorted(structure | (members or set()))


def _rows(
    read: Read, ids: list[str] | None, rel_types: Iterable[str] | None
) -> tuple[list[dict[str, Any]], Iterator[dict[str, Any]]]:
    """Read the node rows; return them with a lazy reader of the edge rows (one query at a time)."""
    types = None if rel_types is None else sorted(RelType(t).value for t in rel_types)
    params: dict[str, Any] = {"ids": ids, "types": types}
    node_where = "WHERE n.id IN $ids " if ids is not None else ""
    conditions = []
    if ids is not None:
        conditions.append("a.id IN $ids AND b.id IN $ids")
    if types is not None:
        conditions.append("type(r) IN $types")
    edge_where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
    nodes: list[dict[str, Any]] = []
    for root in ROOT_LABELS:
        nodes += [
            node_row(r) for r in read(_NODES.format(root=root.value, where=node_where), params)
        ]
    base_labels = {row["id"]: row["labels"][0] for row in nodes}  # ancestors: root first

    def edges() -> Iterator[dict[str, Any]]:
        for root in ROOT_LABELS:
            for record in read(_EDGES.format(root=root.value, where=edge_where), params):
                yield edge_row(record, base_labels)

    return nodes, edges()


def read_rows(
    read: Read, ids: list[str] | None = None, rel_types: Iterable[str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read nodes (optionally only ``ids``) and the edges among them as rows."""
    nodes, edges = _rows(read, ids, rel_types)
    return nodes, list(edges)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of rows and graph dicts are built.

    They hold no cycles to collect; with the collector on, its full passes over the
    growing heap took about half the projection's time (measured by
    ``bench/bench_analyses.py``). Reference counting still frees garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_graph(
    nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]
) -> nx.MultiDiGraph:
    """Build the projection from rows.

    Examples
    --------
    >>> g = build_graph(
    ...     [{"id": "a", "label": "Enterprise", "labels": ["Organization", "Enterprise"],
    ...       "props": {"name": "A"}}],
    ...     [{"key": "k", "type": "LOCATED_IN", "source": "a", "target": "P", "props": {}}])
    >>> g.nodes["a"]["labels"] == frozenset({"Organization", "Enterprise"}), g.edges["a", "P", "k"]
    (True, {'type': 'LOCATED_IN'})
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in nodes:
        graph.add_node(
            row["id"], **row["props"], label=row["label"], labels=frozenset(row["labels"])
        )
    for row in edges:
        graph.add_edge(
            row["source"], row["target"], key=row["key"], **row["props"], type=row["type"]
        )
    return graph


def _without_provenance(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        props = row["props"]
        if "source" in props or "loaded_at" in props:
            row["props"] = {k: v for k, v in props.items() if k not in PROVENANCE}
        yield row


def project(
    read: Read,
    *,
    park: str | None = None,
    chain: str | None = None,
    rel_types: Iterable[str] | None = None,
    include_provenance: bool = False,
) -> nx.MultiDiGraph:
    """Project the store to NetworkX, optionally sliced.

    ``park`` keeps the park, its sub-parks and the organisations located there;
    ``chain`` keeps the chain, its segments and their organisations; both keep
    the organisations in both. ``rel_types`` keeps only those edges. Edges are
    those among the kept nodes (an induced subgraph). ``include_provenance``
    keeps the ``source`` and ``loaded_at`` props (left out by default).
    """
    ids = select_ids(read, park, chain)
    with gc_paused():
        nodes, edges = _rows(read, ids, rel_types)
        if not include_provenance:
            nodes, edges = list(_without_provenance(nodes)), _without_provenance(edges)
        return build_graph(nodes, edges)  # edge rows streamed: one query's records at a time
