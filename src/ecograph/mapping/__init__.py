"""The declarative mapping between input tables, property-graph rows and RDF.

Row types (:class:`NodeRow`, :class:`EdgeRow`) are TypedDicts, see
:mod:`ecograph.mapping.rows`; :func:`rows_to_rdf` and :func:`rdf_to_rows` are
the two directions of the RDF mapping; :data:`TABLES` the per-file column maps.
"""

from ecograph.mapping.from_rdf import rdf_to_rows
from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue, edge_key, make_edge, make_node
from ecograph.mapping.tables import TABLES, ColumnMap, TableMapping
from ecograph.mapping.to_rdf import rows_to_rdf

__all__ = [
    "TABLES",
    "ColumnMap",
    "EdgeRow",
    "NodeRow",
    "PropValue",
    "TableMapping",
    "edge_key",
    "make_edge",
    "make_node",
    "rdf_to_rows",
    "rows_to_rdf",
]
