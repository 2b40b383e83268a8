"""Funds serving a park and investor types (metrics.md section 3, 园区+基金).

A fund (an organisation labelled ``Fund``) *serves* park P at ``as_of`` through
any of three routes:

- ``located``: currently ``LOCATED_IN`` P or a sub-park;
- ``operated``: a current ``OPERATES`` edge to it from a park organisation
  (an organisation currently located in P or a sub-park) or from the park itself;
- ``serves_park``: a current ``SERVES_PARK`` edge from it to P or a sub-park.

Investor types: ``angel`` (``AngelFund``), ``venture`` (``VentureCapitalFund``),
``industry`` (``IndustryFund``), ``guidance`` (``GovernmentGuidanceFund``);
other funds are ``other_fund``, investors that are not funds ``other``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.common import has_label, is_current, node_name

__all__ = ["INVESTOR_TYPES", "ROUTES", "ServingFund", "investor_type", "serving_funds"]

#: Investor types, in display order.
INVESTOR_TYPES: tuple[str, ...] = ("angel", "venture", "industry", "guidance", "other_fund",
                                   "other")
#: The routes by which a fund serves a park.
ROUTES: tuple[str, ...] = ("located", "operated", "serves_park")
_TYPE_LABELS = (("AngelFund", "angel"), ("VentureCapitalFund", "venture"),
                ("IndustryFund", "industry"), ("GovernmentGuidanceFund", "guidance"))


@dataclass(frozen=True)
class ServingFund:
    """A fund serving the park, how (``routes``) and its type."""

    fund: str
    name: str | None
    type: str
    routes: tuple[str, ...]


def investor_type(graph: nx.MultiDiGraph, node: str) -> str:
    """Return the investor type of ``node``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", labels=frozenset({"Organization", "Fund", "AngelFund"}))
    >>> g.add_node("c", labels=frozenset({"Organization", "Enterprise"}))
    >>> investor_type(g, "a"), investor_type(g, "c")
    ('angel', 'other')
    """
    for label, kind in _TYPE_LABELS:
        if has_label(graph, node, label):
            return kind
    return "other_fund" if has_label(graph, node, "Fund") else "other"


def serving_funds(graph: nx.MultiDiGraph, parks: set[str], members: set[str],
                  as_of: date) -> list[ServingFund]:
    """The funds serving the park whose closure is ``parks`` (``members``: its organisations).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for f in ("f1", "f2", "f3", "f4"):
    ...     g.add_node(f, labels=frozenset({"Organization", "Fund", "IndustryFund"}))
    >>> _ = g.add_edge("f1", "P", type="LOCATED_IN")
    >>> _ = g.add_edge("op", "f2", type="OPERATES")
    >>> _ = g.add_edge("f3", "P", type="SERVES_PARK", until="2020-12-31")
    >>> _ = g.add_edge("f4", "P", type="SERVES_PARK", since="2021-01-01")
    >>> [(s.fund, s.routes) for s in serving_funds(g, {"P"}, {"f1", "op"}, date(2022, 1, 1))]
    [('f1', ('located',)), ('f2', ('operated',)), ('f4', ('serves_park',))]
    """
    found: list[ServingFund] = []
    for node in sorted(graph.nodes):
        if not has_label(graph, node, "Fund"):
            continue
        routes: list[str] = []
        if any(a.get("type") == "LOCATED_IN" and t in parks and is_current(a, as_of)
               for _, t, a in graph.out_edges(node, data=True)):
            routes.append("located")
        if any(a.get("type") == "OPERATES" and (s in members or s in parks)
               and is_current(a, as_of) for s, _, a in graph.in_edges(node, data=True)):
            routes.append("operated")
        if any(a.get("type") == "SERVES_PARK" and t in parks and is_current(a, as_of)
               for _, t, a in graph.out_edges(node, data=True)):
            routes.append("serves_park")
        if routes:
            found.append(ServingFund(node, node_name(graph, node),
                                     investor_type(graph, node), tuple(routes)))
    return found
