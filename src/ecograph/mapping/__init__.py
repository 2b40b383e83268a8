"""The declarative mapping between input tables, property-graph rows and RDF.

Row types (:class:`NodeRow`, :class:`EdgeRow`) are TypedDicts, see
:mod:`ecograph.mapping.rows`; :func:`rows_to_rdf` and :func:`rdf_to_rows` are
the two directions of the RDF mapping; :data:`TABLES` the per-file column maps.
"""

from typing import TYPE_CHECKING, Any

from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue, edge_key, make_edge, make_node

if TYPE_CHECKING:
    from ecograph.mapping.from_rdf import rdf_to_rows
    from ecograph.mapping.tables import TABLES, ColumnMap, TableMapping
    from ecograph.mapping.to_rdf import rows_to_rdf

#: Names imported on first use (they pull in rdflib; ``mapping.rows`` must stay light).
_LAZY = {"rdf_to_rows": "from_rdf", "TABLES": "tables", "ColumnMap": "tables",
         "TableMapping": "tables", "rows_to_rdf": "to_rdf"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"ecograph.mapping.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'ecograph.mapping' has no attribute {name!r}")

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
