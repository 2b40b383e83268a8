"""Validation: checks compiled from ``ontology/shapes.ttl`` and the rejects report.

Tabular rows are checked by Python functions compiled once from the shapes
(:mod:`ecograph.validation.shapes`, :mod:`ecograph.validation.tabular`); RDF
input is checked by pyshacl (:mod:`ecograph.validation.shacl`). Every rejected
row becomes a :class:`Reject`; :func:`write_rejects` writes the CSV report.
"""

from ecograph.validation.reject import REJECT_FIELDS, Reject, write_rejects

__all__ = ["REJECT_FIELDS", "Reject", "write_rejects"]
