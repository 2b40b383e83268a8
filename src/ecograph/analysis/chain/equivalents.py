"""Segments that are the same activity in two chains (``skos:exactMatch``).

A chain map may declare that a segment is the same activity as a segment of
another chain (汽车电子 is ``ic.automotive`` in the IC chain and
``nev.auto_electronics`` in the NEV chain). In the graph the declaration is
the segment property ``exact_match``: the equivalent segments' ids, a list or
a ``;``-separated string (``loaders.chain_maps`` writes the closed classes of
the shipped maps; a ``chains.csv`` column ``exact_match`` gives the same).
Here the declarations are read as SKOS reads ``skos:exactMatch``: symmetric
(one side declaring it is enough) and transitive. Ids that are not segments
of the graph and segments of the same chain are ignored.

:func:`covered_in` says, per segment of a chain, where else in the park the
activity is carried out: the equivalent segments of *other* chains with at
least one park firm (current ``IN_SEGMENT`` at ``as_of``), with their firm
counts. How the chain analysis uses it is documented in
:mod:`ecograph.analysis.chain.attraction` ("Covered elsewhere").
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.common import has_label, is_current, qualifications
from ecograph.vocab import Label, RelType

__all__ = ["EXACT_MATCH", "CoveredIn", "covered_in", "covered_text", "equivalent_segments"]

#: Segment property holding the declared equivalents.
EXACT_MATCH = "exact_match"
_IN_SEGMENT = str(RelType.IN_SEGMENT)
_SEGMENT_OF = str(RelType.SEGMENT_OF)


@dataclass(frozen=True)
class CoveredIn:
    """An equivalent segment of another chain that has park firms."""

    segment: str
    name: str
    chain: str | None
    chain_name: str | None
    firms: int


def _chain_of(graph: nx.MultiDiGraph, segment: str) -> str | None:
    chains = sorted(t for _, t, a in graph.out_edges(segment, data=True)
                    if a.get("type") == _SEGMENT_OF)
    return chains[0] if chains else None


def _declared(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Undirected links of the ``exact_match`` declarations between segments of two chains."""
    chains: dict[str, str | None] = {}

    def chain(seg: str) -> str | None:
        if seg not in chains:
            chains[seg] = _chain_of(graph, seg)
        return chains[seg]

    links: dict[str, set[str]] = {}
    for node, value in graph.nodes(data=EXACT_MATCH):
        if value is None or not has_label(graph, node, Label.ChainSegment):
            continue
        for other in qualifications(value):
            if other == node or other not in graph or not has_label(
                    graph, other, Label.ChainSegment):
                continue
            if chain(node) is not None and chain(node) == chain(other):
                continue
            links.setdefault(node, set()).add(other)
            links.setdefault(other, set()).add(node)
    return links


def equivalent_segments(graph: nx.MultiDiGraph,
                        segments: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Per segment, the segments of other chains that are the same activity, sorted.

    A declaration between two segments of one chain is ignored.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import example_graph
    >>> g = example_graph()
    >>> g.add_node("D", label="IndustryChain", labels=frozenset({"IndustryChain"}))
    >>> for seg in ("d1", "d2"):
    ...     g.add_node(seg, label="ChainSegment", labels=frozenset({"ChainSegment"}))
    ...     _ = g.add_edge(seg, "D", type="SEGMENT_OF")
    >>> g.nodes["d1"]["exact_match"] = "s3"      # declared on one side only
    >>> g.nodes["d2"]["exact_match"] = ["d1"]    # same chain as d1: ignored
    >>> equivalent_segments(g, ["s1", "s3"])
    {'s1': (), 's3': ('d1',)}
    """
    links = _declared(graph)
    result: dict[str, tuple[str, ...]] = {}
    for seg in segments:
        seen = {seg}
        queue = deque([seg])
        while queue:
            for other in links.get(queue.popleft(), ()):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        own = _chain_of(graph, seg)
        result[seg] = tuple(sorted(s for s in seen - {seg}
                                   if own is None or _chain_of(graph, s) != own))
    return result


def covered_in(
    graph: nx.MultiDiGraph,
    segments: Iterable[str],
    members: Collection[str],
    *,
    as_of: date | None = None,
) -> dict[str, tuple[CoveredIn, ...]]:
    """Per segment, its equivalents in other chains that have park firms.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projection.
    segments : iterable of str
        Segments of the chain analysed.
    members : collection of str
        The park members (``park_members`` at ``as_of``).
    as_of : date, optional
        Only ``IN_SEGMENT`` edges current at this date count.

    Returns
    -------
    dict
        Segment → equivalents with at least one park firm, most firms first
        (then by id); an empty tuple when the activity has no other home in
        the park.

    Examples
    --------
    >>> from ecograph.analysis.chain.index import example_graph
    >>> g = example_graph()
    >>> g.add_node("D", label="IndustryChain", labels=frozenset({"IndustryChain"}),
    ...            name="Chain D")
    >>> g.add_node("d1", label="ChainSegment", labels=frozenset({"ChainSegment"}),
    ...            name="Segment d1", exact_match="s3")
    >>> _ = g.add_edge("d1", "D", type="SEGMENT_OF")
    >>> for firm in ("a", "c"):
    ...     _ = g.add_edge(firm, "d1", type="IN_SEGMENT")
    >>> covered_in(g, ["s3"], {"a", "b", "c"})["s3"]
    (CoveredIn(segment='d1', name='Segment d1', chain='D', chain_name='Chain D', firms=2),)
    >>> covered_in(g, ["s3"], {"b"})["s3"]
    ()
    """
    member_set = members if isinstance(members, (set, frozenset)) else set(members)
    result: dict[str, tuple[CoveredIn, ...]] = {}
    for seg, others in equivalent_segments(graph, segments).items():
        found = []
        for other in others:
            firms = {org for org, _, attrs in graph.in_edges(other, data=True)
                     if attrs.get("type") == _IN_SEGMENT and org in member_set
                     and is_current(attrs, as_of)}
            if not firms:
                continue
            chain = _chain_of(graph, other)
            found.append(CoveredIn(
                segment=other, name=str(graph.nodes[other].get("name", other)), chain=chain,
                chain_name=None if chain is None else str(graph.nodes[chain].get("name", chain)),
                firms=len(firms)))
        result[seg] = tuple(sorted(found, key=lambda c: (-c.firms, c.segment)))
    return result


def covered_text(covered: Iterable[CoveredIn]) -> Mapping[str, str]:
    """The "covered in" phrase of a gap explanation, in English and Chinese.

    Examples
    --------
    >>> t = covered_text([CoveredIn("nev.auto_electronics", "汽车电子", "nev", "新能源汽车", 3)])
    >>> t["en"]
    'activity covered in nev.auto_electronics (3 firms)'
    >>> t["where_en"]
    'nev.auto_electronics (3 firms)'
    >>> t["zh"]
    '该活动已由园区「新能源汽车·汽车电子」覆盖（3 家）'
    """
    items = list(covered)
    en = ", ".join(f"{c.segment} ({c.firms} firm{'s' if c.firms != 1 else ''})" for c in items)
    zh = "、".join(f"「{c.chain_name + '·' if c.chain_name else ''}{c.name}」" for c in items)
    counts = "、".join(f"{c.firms} 家" for c in items)
    return {"en": f"activity covered in {en}", "zh": f"该活动已由园区{zh}覆盖（{counts}）",
            "where_en": en}
