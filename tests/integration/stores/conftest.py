"""The store suite runs on both stores: ``store`` is parametrised over FalkorDB and Neo4j.

``pytest -m neo4j`` selects the Neo4j half.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ecograph.stores.base import GraphStore

STORES = ["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """An emptied store of each kind (the root conftest's ``falkordb_store`` or ``neo4j_store``)."""
    name = f"{request.param}_store"
    yield request.getfixturevalue(name)
