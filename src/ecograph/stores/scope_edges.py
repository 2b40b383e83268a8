"""Which stored edges a park scope reads, and through which end.

A park scope (:mod:`ecograph.stores.park_scope`) holds the park's members, the
organisations around them and their satellites. Reading every out-edge of each
of those nodes costs the region: a supplier around the park may supply ten
thousand firms elsewhere (1.57M edge rows for 60k organisations at 1M, of which
470k were kept). So the reads follow what the park analyses use:

- a **member** (every organisation ever located in the park closure) and a
  node a candidate's distance search walked through: every edge, both
  directions;
- an **outer organisation**: its out-edges except the hub relations
  (``SUPPLIES``, ``COLLABORATES_WITH``, ``TRANSFERS_TECHNOLOGY_TO``,
  ``INVESTS_IN``), which are read from the member's side when a member is at
  the other end, and its incoming ``INVESTS_IN`` (a graduate's financing);
- any other node (parks, chains, segments, statistics, events ...): its
  out-edges.

An edge is kept when its other end is in the scope. So a hub relation between
two outer organisations (a supplier of the park's supplier) is not read: no
park analysis uses it, and the scope equals the whole graph's results
(``tests/integration/stores/test_park_scope.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ecograph.vocab import Label, RelType

__all__ = ["HUB_TYPES", "EdgeRead", "edge_reads"]

#: Relations read from a member's side only (never from an outer organisation's).
HUB_TYPES: frozenset[RelType] = frozenset({
    RelType.SUPPLIES, RelType.COLLABORATES_WITH, RelType.TRANSFERS_TECHNOLOGY_TO,
    RelType.INVESTS_IN})
_LIGHT = "|".join(sorted(t.value for t in RelType if t not in HUB_TYPES))
_RETURN = ("RETURN a.id AS source, b.id AS target, r.key AS key, type(r) AS type, "
           "properties(r) AS props")
_OUT = "UNWIND $ids AS id MATCH (a:{root} {{id: id}})-[r{types}]->(b) " + _RETURN
_IN = "UNWIND $ids AS id MATCH (a)-[r{types}]->(b:{root} {{id: id}}) " + _RETURN


@dataclass(frozen=True)
class EdgeRead:
    """One edge statement over some ids; ``other`` is the end to keep in the scope."""

    cypher: str
    ids: Sequence[str]
    other: str  # "source" or "target"


def _statement(template: str, root: str, types: str = "") -> str:
    return template.format(root=root, types=f":{types}" if types else "")


def edge_reads(by_root: Mapping[str, Sequence[str]], full: Collection[str] | None, *,
               everything: bool = False) -> Iterator[EdgeRead]:
    """The edge statements of a scope's nodes, grouped by their root label.

    ``full`` None reads every out-edge of every node (the induced subgraph);
    otherwise the nodes in ``full`` get every edge and the rest as in the
    module docstring. ``everything`` reads every edge of every node, both
    directions (nodes added to a scope already projected).

    Examples
    --------
    >>> [(r.cypher[:55], list(r.ids), r.other) for r in edge_reads(
    ...     {"Organization": ["m", "o"], "Park": ["P"]}, full={"m"})]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('UNWIND $ids AS id MATCH (a:Organization {id: id})-[r]->', ['m'], 'target'),
     ('UNWIND $ids AS id MATCH (a)-[r]->(b:Organization {id: i', ['m'], 'source'),
     ('UNWIND $ids AS id MATCH (a:Organization {id: id})-[r:CL', ['o'], 'target'),
     ('UNWIND $ids AS id MATCH (a)-[r:INVESTS_IN]->(b:Organiza', ['o'], 'source'),
     ('UNWIND $ids AS id MATCH (a:Park {id: id})-[r]->(b) RETU', ['P'], 'target')]
    """
    org = Label.Organization.value
    for root, ids in sorted(by_root.items()):
        if everything:
            yield EdgeRead(_statement(_OUT, root), ids, "target")
            yield EdgeRead(_statement(_IN, root), ids, "source")
            continue
        if full is None or root != org:
            yield EdgeRead(_statement(_OUT, root), ids, "target")
            continue
        inner = [i for i in ids if i in full]
        outer = [i for i in ids if i not in full]
        if inner:
            yield EdgeRead(_statement(_OUT, root), inner, "target")
            yield EdgeRead(_statement(_IN, root), inner, "source")
        if outer:
            yield EdgeRead(_statement(_OUT, root, _LIGHT), outer, "target")
            yield EdgeRead(_statement(_IN, root, RelType.INVESTS_IN.value), outer, "source")
