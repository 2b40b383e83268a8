"""The declarative mapping: input columns → ontology terms, one table per file.

Each :class:`TableMapping` says, per column, which property (row prop name and
RDF term) it fills and in which *role*. Datatypes, allowed values, patterns
and required-ness are not repeated here: they come from ``ontology/shapes.ttl``
for the column's term (see :mod:`ecograph.validation.shapes`). A new source is
mostly a new ``TableMapping``.

Roles
-----
``id``        the node id (or, in edge tables, the edge's source id)
``class``     the class local name (``type`` / ``kind``), checked against the
              vocabulary below ``TableMapping.base``
``name``      ``rdfs:label`` (``@zh``; ``name_en`` is the ``@en`` label)
``value``     a datatype property, parsed per the shape's ``sh:datatype``
``list``      ``;``-separated values of an IRI-valued property (qualifications)
``ref``       a derived edge of ``rel`` to the id in the cell (``park`` →
              ``LOCATED_IN``)
``refs``      ``;``-separated derived edges (``feeds`` → ``FEEDS``)
``target``    an edge table's target id
``rel_type``  an edge table's relationship type column
``chain``     ``chains.csv``: the chain id (``chain_name`` its label)
``owner``     the id of the node this row observes (``org`` of ``org_stats.csv``,
              ``park`` of ``park_stats.csv``): kept as a string prop and a derived
              edge of ``rel`` *from* that id *to* the row's node (``HAS_STATS``)
``members``   ``;``-separated ids, each a derived edge of ``rel`` from it to the
              row's node (``participants`` → ``PARTICIPATES_IN``), at least two distinct
``when``      a date or a year (``collaborations.csv`` ``date``): a full date is the
              ``date`` prop and gives ``year``; a bare year gives ``year`` only

A node table with ``id_columns`` builds the node id from those columns joined
by ``@`` (``org_stats``: ``{org}@{year}``); with ``unique`` a second row of the
same id is rejected (duplicate (org, year)) instead of merged. An edge table
with ``target_label`` creates its targets on demand as nodes of that label
(``qualifications.csv``: ``Qualification`` nodes, like ``Industry`` nodes from
``organizations.industry``). ``EDGE_ATTR_OVERRIDES`` gives the RDF term of an
edge attribute where a relationship type uses another one than
:data:`EDGE_ATTR_TERMS` (``kind`` of ``TRANSFERS_TECHNOLOGY_TO`` is
``eco:contractKind``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rdflib import RDFS, URIRef

from ecograph.mapping.terms import ECO_NS
from ecograph.vocab import Label, RelType

__all__ = [
    "EDGE_ATTR_OVERRIDES",
    "EDGE_ATTR_TERMS",
    "MAX_LEADING_CHAINS",
    "NODE_PROP_TERMS",
    "RANKED_REFS",
    "REFERENCE_PROPS",
    "STATS_TERMS",
    "TABLES",
    "V2_PROP_TERMS",
    "ColumnMap",
    "Role",
    "TableMapping",
    "table_for_file",
]

Role = Literal["id", "class", "name", "value", "list", "ref", "refs", "target", "rel_type",
               "chain", "chain_name", "owner", "members", "when"]


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """How one input column maps to the ontology."""

    column: str
    role: Role
    prop: str | None = None
    term: URIRef | None = None
    rel: RelType | None = None
    required: bool = False


@dataclass(frozen=True, slots=True)
class TableMapping:
    """How one input file (CSV file or workbook sheet) maps to rows.

    ``entity`` is ``"node"`` (one node per row, plus derived edges) or
    ``"edge"`` (one edge per row, of ``edge_type`` or of the row's type column).
    """

    name: str
    entity: Literal["node", "edge"]
    columns: tuple[ColumnMap, ...]
    base: Label | None = None
    default_label: Label | None = None
    edge_type: RelType | None = None
    id_columns: tuple[str, ...] = ()
    unique: bool = False
    target_label: Label | None = None

    def column(self, name: str) -> ColumnMap | None:
        """Return the mapping of column ``name``, or None for an unknown column.

        Examples
        --------
        >>> TABLES["parks"].column("parent").rel
        <RelType.SUB_PARK_OF: 'SUB_PARK_OF'>
        >>> TABLES["parks"].column("mayor") is None
        True
        """
        for col in self.columns:
            if col.column == name:
                return col
        return None


def _v(column: str, term: str, prop: str | None = None) -> ColumnMap:
    return ColumnMap(column, "value", prop or column, ECO_NS[term])


_NAME = ColumnMap("name", "name", "name", RDFS.label)
_NAME_EN = ColumnMap("name_en", "name", "name_en", RDFS.label)
_EDGE_ATTRS = (
    _v("since", "since"), _v("until", "until"), _v("date", "date"), _v("weight", "weight"),
    _v("amount", "amount"), _v("round", "round"), _v("kind", "collaborationKind"),
    _v("outcome", "outcome"), _v("ref", "ref"), _v("primary", "primary"),
    _v("rank", "rank"), _v("role", "role"), _v("level", "level"),
)
#: Numeric columns of ``org_stats.csv`` (prop, term), in the data model's order.
STATS_TERMS: tuple[tuple[str, str], ...] = (
    ("revenue", "revenue"), ("rd_expense", "rdExpense"), ("employees", "employees"),
    ("rd_staff", "rdStaff"), ("masters_phd", "mastersPhd"),
    ("invention_patents", "inventionPatents"),
    ("invention_patents_held", "inventionPatentsHeld"),
    ("new_product_revenue", "newProductRevenue"), ("export_revenue", "exportRevenue"),
    ("profit", "profit"), ("tax", "tax"),
)

#: Derived edges whose ``refs`` cell is an ordered list: each edge carries its
#: 1-based position as ``rank`` (``leading_chains``: priority order).
RANKED_REFS: frozenset[RelType] = frozenset({RelType.HAS_LEADING_CHAIN})
#: MIIT guidance on the number of leading industries of a park (工业园区高质量发展指引).
MAX_LEADING_CHAINS = 3

TABLES: dict[str, TableMapping] = {
    "chains": TableMapping(
        "chains", "node", base=Label.ChainSegment, default_label=Label.ChainSegment,
        columns=(
            ColumnMap("segment", "id", required=True),
            ColumnMap("chain", "chain", rel=RelType.SEGMENT_OF, required=True),
            ColumnMap("chain_name", "chain_name", "name", RDFS.label),
            ColumnMap("segment_name", "name", "name", RDFS.label),
            ColumnMap("segment_name_en", "name", "name_en", RDFS.label),
            _v("stage", "stage"),
            _v("code", "industryCode", "code"),
            ColumnMap("feeds", "refs", rel=RelType.FEEDS),
        ),
    ),
    "parks": TableMapping(
        "parks", "node", base=Label.Park, default_label=Label.Park,
        columns=(
            ColumnMap("id", "id", required=True), _NAME, _NAME_EN,
            ColumnMap("kind", "class"),
            _v("level", "level"), _v("province", "province"), _v("city", "city"),
            _v("area_km2", "areaKm2"), _v("tier_category", "tierCategory"),
            ColumnMap("parent", "ref", rel=RelType.SUB_PARK_OF),
            ColumnMap("leading_chains", "refs", rel=RelType.HAS_LEADING_CHAIN),
        ),
    ),
    "organizations": TableMapping(
        "organizations", "node", base=Label.Organization,
        columns=(
            ColumnMap("id", "id", required=True), _NAME, _NAME_EN,
            ColumnMap("type", "class", required=True),
            ColumnMap("park", "ref", rel=RelType.LOCATED_IN),
            _v("founded", "founded"), _v("level", "level"),
            ColumnMap("qualifications", "list", "qualifications", ECO_NS.hasQualification),
            _v("industry", "industryCode"),
            ColumnMap("industry", "ref", rel=RelType.CLASSIFIED_AS),
            _v("employees", "employees"), _v("revenue", "revenue"),
            _v("rd_expense", "rdExpense"), _v("province", "province"), _v("city", "city"),
        ),
    ),
    "qualifications": TableMapping(
        "qualifications", "edge", base=Label.Organization, edge_type=RelType.HAS_QUALIFICATION,
        target_label=Label.Qualification,
        columns=(
            ColumnMap("org", "id", required=True),
            ColumnMap("qualification", "target", term=ECO_NS.hasQualification, required=True),
            _v("since", "since"), _v("until", "until"), _v("level", "level"), _v("ref", "ref"),
        ),
    ),
    "org_stats": TableMapping(
        "org_stats", "node", base=Label.OrgYearStats, default_label=Label.OrgYearStats,
        id_columns=("org", "year"), unique=True,
        columns=(
            ColumnMap("org", "owner", "org", ECO_NS.refOrganization, rel=RelType.HAS_STATS,
                      required=True),
            ColumnMap("year", "value", "year", ECO_NS.year, required=True),
            *(_v(prop, term) for prop, term in STATS_TERMS),
        ),
    ),
    "collaborations": TableMapping(
        "collaborations", "node", base=Label.CollaborationEvent,
        default_label=Label.CollaborationEvent, unique=True,
        columns=(
            ColumnMap("id", "id", required=True),
            _v("kind", "collaborationKind"),
            ColumnMap("date", "when", "date", ECO_NS.date),
            _v("year", "year"),
            ColumnMap("participants", "members", rel=RelType.PARTICIPATES_IN, required=True),
            _v("amount", "amount"), _v("title", "title"), _v("ref", "ref"),
        ),
    ),
    "park_stats": TableMapping(
        "park_stats", "node", base=Label.IndicatorObservation,
        default_label=Label.IndicatorObservation,
        id_columns=("park", "year", "indicator"), unique=True,
        columns=(
            ColumnMap("park", "owner", "park", ECO_NS.refPark, rel=RelType.HAS_INDICATOR,
                      required=True),
            ColumnMap("year", "value", "year", ECO_NS.year, required=True),
            ColumnMap("indicator", "value", "indicator", ECO_NS.indicator, required=True),
            ColumnMap("value", "value", "value", ECO_NS.indicatorValue, required=True),
            _v("ref", "ref"),
        ),
    ),
    "segments": TableMapping(
        "segments", "edge", edge_type=RelType.IN_SEGMENT,
        columns=(
            ColumnMap("org", "id", required=True),
            ColumnMap("segment", "target", required=True),
            *_EDGE_ATTRS,
        ),
    ),
    "relations": TableMapping(
        "relations", "edge",
        columns=(
            ColumnMap("source", "id", required=True),
            ColumnMap("target", "target", required=True),
            ColumnMap("type", "rel_type", required=True),
            *_EDGE_ATTRS,
        ),
    ),
}

#: Node prop name → RDF term (datatype properties and labels), for rows → RDF.
NODE_PROP_TERMS: dict[str, URIRef] = {
    "level": ECO_NS.level, "province": ECO_NS.province, "city": ECO_NS.city,
    "area_km2": ECO_NS.areaKm2, "founded": ECO_NS.founded, "industry": ECO_NS.industryCode,
    "code": ECO_NS.industryCode, "employees": ECO_NS.employees, "revenue": ECO_NS.revenue,
    "rd_expense": ECO_NS.rdExpense, "stage": ECO_NS.stage,
    "tier_category": ECO_NS.tierCategory,
}

#: Node prop name → RDF term, per v2 label (used instead of :data:`NODE_PROP_TERMS`).
#: ``org`` / ``park`` are object properties: their value is the id of the node observed.
V2_PROP_TERMS: dict[Label, dict[str, URIRef]] = {
    Label.OrgYearStats: {
        "org": ECO_NS.refOrganization, "year": ECO_NS.year,
        **{prop: ECO_NS[term] for prop, term in STATS_TERMS},
    },
    Label.IndicatorObservation: {
        "park": ECO_NS.refPark, "year": ECO_NS.year, "indicator": ECO_NS.indicator,
        "value": ECO_NS.indicatorValue, "ref": ECO_NS.ref,
    },
    Label.CollaborationEvent: {
        "kind": ECO_NS.collaborationKind, "date": ECO_NS.date, "year": ECO_NS.year,
        "amount": ECO_NS.amount, "title": ECO_NS.title, "ref": ECO_NS.ref,
    },
    Label.Qualification: {},
}
#: Props of :data:`V2_PROP_TERMS` whose value is a node id (label of that node).
REFERENCE_PROPS: dict[str, Label] = {"org": Label.Organization, "park": Label.Park}

#: Edge prop name → RDF term on the qualified relation node.
EDGE_ATTR_TERMS: dict[str, URIRef] = {
    col.column: col.term for col in _EDGE_ATTRS if col.term is not None
}
#: Edge attributes whose term differs for one relationship type.
EDGE_ATTR_OVERRIDES: dict[RelType, dict[str, URIRef]] = {
    RelType.TRANSFERS_TECHNOLOGY_TO: {"kind": ECO_NS.contractKind},
}


def table_for_file(stem: str) -> TableMapping | None:
    """Return the mapping of a file or sheet name (without extension), if any.

    Examples
    --------
    >>> table_for_file("Organizations").name
    'organizations'
    >>> table_for_file("notes") is None
    True
    """
    return TABLES.get(stem.strip().lower())
