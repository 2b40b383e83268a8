"""Every Cypher difference between FalkorDB and Neo4j, in one place.

The named queries in ``queries/`` and the write statements of
:mod:`ecograph.stores.writer` are portable openCypher. What differs:

- **Schema.** Neo4j has uniqueness constraints
  (``CREATE CONSTRAINT … IF NOT EXISTS FOR (n:L) REQUIRE n.id IS UNIQUE``, which
  also index ``id``). FalkorDB has no uniqueness constraints reachable from
  Cypher and no ``IF NOT EXISTS``: it gets plain range indexes
  (``CREATE INDEX FOR (n:L) ON (n.id)``) and an "already indexed" error on a
  second run, which is ignored. Uniqueness of ``id`` there rests on ``MERGE``.
- **Shortest paths.** FalkorDB only accepts ``shortestPath`` inside
  ``WITH`` / ``RETURN`` and only directed; the query files use that form, which
  Neo4j also accepts.
- **Read-only runs.** FalkorDB enforces them with ``GRAPH.RO_QUERY``; Neo4j with
  read transactions (``execute_read``).

Constraints and indexes cover the root labels (``Organization``, ``Park``, …):
every node carries its root label, writes ``MERGE`` on it, and ids are unique
across the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ecograph.vocab import LABEL_PARENTS, Label

__all__ = ["FALKORDB", "NEO4J", "ROOT_LABELS", "Dialect"]

#: Labels without a parent: every node carries exactly one of them.
ROOT_LABELS: tuple[Label, ...] = tuple(
    lab for lab, parent in LABEL_PARENTS.items() if parent is None
)


@dataclass(frozen=True)
class Dialect:
    """The schema DDL and error texts of one store.

    Examples
    --------
    >>> FALKORDB.schema_statements()[0]
    'CREATE INDEX FOR (n:Park) ON (n.id)'
    >>> NEO4J.schema_statements()[0]
    'CREATE CONSTRAINT park_id IF NOT EXISTS FOR (n:Park) REQUIRE n.id IS UNIQUE'
    """

    name: Literal["falkordb", "neo4j"]

    def schema_statements(self) -> list[str]:
        """Return the DDL creating the id constraints/indexes and ``source`` indexes."""
        statements: list[str] = []
        for label in ROOT_LABELS:
            lab = Label(label).value
            if self.name == "neo4j":
                statements.append(
                    f"CREATE CONSTRAINT {lab.lower()}_id IF NOT EXISTS "
                    f"FOR (n:{lab}) REQUIRE n.id IS UNIQUE"
                )
            else:
                statements.append(f"CREATE INDEX FOR (n:{lab}) ON (n.id)")
        for label in ROOT_LABELS:
            lab = Label(label).value
            if self.name == "neo4j":
                statements.append(
                    f"CREATE INDEX {lab.lower()}_source IF NOT EXISTS FOR (n:{lab}) ON (n.source)"
                )
            else:
                statements.append(f"CREATE INDEX FOR (n:{lab}) ON (n.source)")
        return statements

    def is_existing_schema_error(self, message: str) -> bool:
        """Return True when ``message`` says an index/constraint already exists.

        Examples
        --------
        >>> FALKORDB.is_existing_schema_error("Attribute 'id' is already indexed")
        True
        >>> NEO4J.is_existing_schema_error("Attribute 'id' is already indexed")
        False
        """
        if self.name == "falkordb":
            return "already indexed" in message
        return False


FALKORDB = Dialect("falkordb")
NEO4J = Dialect("neo4j")
