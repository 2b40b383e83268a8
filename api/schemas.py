"""Pydantic response models of the API.

Analysis results are served as the analyses' own frozen dataclasses
(``ChainLinkage``, ``IncubationReport``, ``CollaborationReport``), which
pydantic validates and documents directly; the models here cover the
catalogue endpoints (health, parks, chains, organisations, queries).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ecograph.analysis.chain.attraction import ChainGap
from ecograph.vocab import Label, ancestors

__all__ = [
    "ERROR_RESPONSES",
    "NO_CONTROL",
    "ORG_TYPES",
    "ORG_TYPE_PATTERN",
    "TABLE_RESPONSES",
    "XLSX_MEDIA_TYPE",
    "YEAR_RANGE_RULE",
    "ChainDetail",
    "ChainSummary",
    "ErrorBody",
    "GapsOut",
    "Health",
    "Neighbor",
    "NeighborEdge",
    "Neighborhood",
    "OrgDetail",
    "OrgPage",
    "OrgSummary",
    "ParkDetail",
    "ParkSummary",
    "QueryInfo",
    "QueryParamInfo",
    "QueryResult",
    "SegmentOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ErrorBody(_Out):
    """Every error response."""

    error: str = Field(description="short reason, e.g. 'not found'")
    detail: Any = Field(description="message, or a list of invalid parameters")


#: Error responses documented on every route.
#: Pattern of id and text parameters: no control characters (``api.guard`` refuses them).
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
#: Organisation classes ``/orgs?type=`` accepts (Organization and its subclasses).
ORG_TYPES: tuple[str, ...] = tuple(sorted(
    str(label) for label in Label if Label.Organization in ancestors(label)))
#: The same list as a pattern, so that FastAPI enforces what the schema's enum says.
ORG_TYPE_PATTERN = "^(" + "|".join(ORG_TYPES) + ")$"
#: ``since``/``until`` pairs: a rule between two parameters, which OpenAPI cannot
#: state in a schema; documented on ``until`` and answered with 422.
YEAR_RANGE_RULE = ("last year counted (inclusive); must not be before `since`: "
                   "a reversed range is answered with 422")
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown id"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
    503: {"model": ErrorBody, "description": "Store unavailable"},
}
#: A 200 that may also be CSV (``?format=csv``).
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
}
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Errors, and a 200 that may also be CSV or ``.xlsx`` (``?format=csv|xlsx``).
TABLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    200: {"content": {"text/csv": {"schema": {"type": "string"}},
                      XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
}


class Health(_Out):
    """Store reachability and counts."""

    status: Literal["ok"]
    store: str
    nodes: int
    relationships: int
    counts: dict[str, dict[str, int]]
    cache_generation: int


class ParkSummary(_Out):
    """A park as listed."""

    id: str
    name: str
    kind: str
    level: str | None = None
    province: str | None = None
    city: str | None = None
    parent: str | None = None
    organizations: int = Field(description="organisations located in it or its sub-parks")


class ParkDetail(ParkSummary):
    """A park with its sub-parks and the ``park_overview`` figures."""

    sub_parks: list[str]
    area_km2: float | None = None
    overview: dict[str, Any]


class ChainSummary(_Out):
    """An industry chain as listed."""

    id: str
    name: str
    segments: int


class SegmentOut(_Out):
    """A chain segment with its stage and the segments it feeds."""

    id: str
    name: str
    stage: str | None
    code: str | None = None
    feeds: list[str]
    organizations: int


class ChainDetail(ChainSummary):
    """An industry chain with its segments."""

    segment_list: list[SegmentOut]


class OrgSummary(_Out):
    """An organisation in search results."""

    id: str
    name: str
    name_en: str | None = None
    type: str = Field(description="organisation type (child of Organization)")
    label: str = Field(description="most specific class")
    parks: list[str]


class OrgPage(_Out):
    """A page of organisations."""

    total: int
    limit: int
    offset: int
    items: list[OrgSummary]


class OrgDetail(OrgSummary):
    """An organisation with its properties, segments and relation counts."""

    segments: list[str]
    properties: dict[str, Any]
    relations: dict[str, int] = Field(description="edges per relation type, both directions")


class Neighbor(_Out):
    """An organisation near the ego."""

    id: str
    name: str
    type: str
    hops: int


class NeighborEdge(_Out):
    """An edge among the ego network's organisations."""

    source: str
    target: str
    type: str


class Neighborhood(_Out):
    """The ego network of an organisation."""

    org: str
    depth: int
    types: list[str]
    nodes: list[Neighbor]
    edges: list[NeighborEdge]


class QueryParamInfo(_Out):
    """A declared parameter of a named query."""

    name: str
    type: str
    optional: bool


class QueryInfo(_Out):
    """A named, read-only query."""

    name: str
    description: str
    params: list[QueryParamInfo]


class QueryResult(_Out):
    """Rows returned by a named query."""

    name: str
    params: dict[str, Any]
    rows: list[dict[str, Any]]


class GapsOut(_Out):
    """Missing and weak segments of a chain in a park, with candidates."""

    park: str
    chain: str
    formula: str
    candidate_formula: str
    gaps: list[ChainGap]
