"""Catalogue reads over the cached projection: parks, chains, organisations.

These run on the NetworkX projection (no Cypher per request); the named
queries of ``queries/`` are used where they add figures (park overview).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from ecograph.analysis.common import (
    chain_segments,
    has_label,
    park_closure,
    park_members,
    require_node,
    segment_members,
)
from ecograph.api.schemas import (
    ChainDetail,
    ChainSummary,
    OrgDetail,
    OrgSummary,
    ParkSummary,
    SegmentOut,
)
from ecograph.errors import ParameterError
from ecograph.viz.palette import org_group
from ecograph.vocab import Label, RelType

__all__ = [
    "chain_detail",
    "chains",
    "org_detail",
    "org_summary",
    "parks",
    "search_orgs",
]

_LOCATED = str(RelType.LOCATED_IN)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _targets(graph: nx.MultiDiGraph, node: str, rel: RelType) -> list[str]:
    wanted = str(rel)
    return sorted({t for _, t, a in graph.out_edges(node, data=True) if a.get("type") == wanted})


def _park_summary(graph: nx.MultiDiGraph, park: str) -> ParkSummary:
    attrs = graph.nodes[park]
    parents = _targets(graph, park, RelType.SUB_PARK_OF)
    return ParkSummary(
        id=park, name=str(attrs.get("name", park)), kind=str(attrs.get("label", "Park")),
        level=_text(attrs.get("level")), province=_text(attrs.get("province")),
        city=_text(attrs.get("city")), parent=parents[0] if parents else None,
        organizations=len(park_members(graph, park)),
    )


def parks(graph: nx.MultiDiGraph) -> list[ParkSummary]:
    """All parks, by id."""
    return [_park_summary(graph, n) for n in sorted(graph) if has_label(graph, n, Label.Park)]


def park_detail_fields(graph: nx.MultiDiGraph, park: str) -> dict[str, Any]:
    """Fields of :class:`~api.schemas.ParkDetail` except the overview."""
    require_node(graph, park, Label.Park)
    area = graph.nodes[park].get("area_km2")
    return {
        **_park_summary(graph, park).model_dump(),
        "sub_parks": sorted(park_closure(graph, park) - {park}),
        "area_km2": float(area) if isinstance(area, (int, float)) else None,
    }


def _segment_out(graph: nx.MultiDiGraph, seg: str, stage: object) -> SegmentOut:
    attrs = graph.nodes[seg]
    return SegmentOut(
        id=seg, name=str(attrs.get("name", seg)), stage=_text(stage),
        code=_text(attrs.get("code")), feeds=_targets(graph, seg, RelType.FEEDS),
        organizations=len(segment_members(graph, seg)),
    )


def chains(graph: nx.MultiDiGraph) -> list[ChainSummary]:
    """All industry chains, by id."""
    return [
        ChainSummary(id=n, name=str(graph.nodes[n].get("name", n)),
                     segments=len(chain_segments(graph, n)))
        for n in sorted(graph) if has_label(graph, n, Label.IndustryChain)
    ]


def chain_detail(graph: nx.MultiDiGraph, chain: str) -> ChainDetail:
    """One chain with its segments (raises NotFoundError for unknown ids)."""
    segments = chain_segments(graph, chain)
    order = {"upstream": 0, "midstream": 1, "downstream": 2}
    rows = sorted(segments.items(), key=lambda kv: (order.get(str(kv[1]), 3), kv[0]))
    return ChainDetail(
        id=chain, name=str(graph.nodes[chain].get("name", chain)), segments=len(segments),
        segment_list=[_segment_out(graph, seg, stage.value if stage else None)
                      for seg, stage in rows],
    )


def org_summary(graph: nx.MultiDiGraph, org: str) -> OrgSummary:
    """The listed form of an organisation."""
    attrs = graph.nodes[org]
    return OrgSummary(
        id=org, name=str(attrs.get("name", org)), name_en=_text(attrs.get("name_en")),
        type=org_group(attrs.get("label")), label=str(attrs.get("label", "Organization")),
        parks=_targets(graph, org, RelType.LOCATED_IN),
    )


def search_orgs(
    graph: nx.MultiDiGraph,
    *,
    q: str | None = None,
    type_: str | None = None,
    park: str | None = None,
    segment: str | None = None,
) -> list[str]:
    """Ids of organisations matching every given filter, sorted by id.

    ``q`` matches a substring of the Chinese name, the English name
    (``name_en``, case-insensitive) or the id; ``type_`` is any class name
    (``Enterprise``, ``IncubationCarrier``, ``Incubator`` …); ``park``
    includes sub-parks.
    """
    if type_ is not None and type_ not in Label.__members__:
        raise ParameterError(f"unknown organisation type {type_!r}")
    candidates: set[str] | None = None
    if park is not None:
        candidates = park_members(graph, park)
    if segment is not None:
        require_node(graph, segment, Label.ChainSegment)
        members = segment_members(graph, segment)
        candidates = members if candidates is None else candidates & members
    pool = candidates if candidates is not None else graph.nodes
    needle = q.strip().casefold() if q else ""
    found: list[str] = []
    for node in pool:
        if not has_label(graph, node, Label.Organization):
            continue
        if type_ is not None and not has_label(graph, node, type_):
            continue
        if needle:
            attrs = graph.nodes[node]
            hay = f"{attrs.get('name', '')}\n{attrs.get('name_en', '')}\n{node}".casefold()
            if needle not in hay:
                continue
        found.append(node)
    return sorted(found)


def org_detail(graph: nx.MultiDiGraph, org: str) -> OrgDetail:
    """One organisation with properties, segments and relation counts."""
    require_node(graph, org, Label.Organization)
    attrs = graph.nodes[org]
    relations: Counter[str] = Counter()
    for _, _, a in graph.out_edges(org, data=True):
        relations[str(a.get("type"))] += 1
    for _, _, a in graph.in_edges(org, data=True):
        relations[str(a.get("type"))] += 1
    props = {k: (sorted(v) if isinstance(v, (set, frozenset)) else v)
             for k, v in attrs.items() if k not in {"labels"}}
    return OrgDetail(
        **org_summary(graph, org).model_dump(),
        segments=_targets(graph, org, RelType.IN_SEGMENT),
        properties=props,
        relations=dict(sorted(relations.items())),
    )
