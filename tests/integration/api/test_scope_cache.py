"""The API's cache of park-scoped projections: per generation, per key, bounded."""

from __future__ import annotations

from datetime import date

import pytest

from ecograph.api.cache import ResultCache
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = pytest.mark.integration

DAY = date(2025, 1, 1)


def test_scoped_graphs_are_cached_per_key_and_generation(loaded_store: FalkorDBStore) -> None:
    cache = ResultCache(loaded_store, max_scopes=2)
    first = cache.park_graph("P1", as_of=DAY)
    assert cache.park_graph("P1", as_of=DAY) is first  # same key: the cached graph
    assert first.graph["scope"]["park"] == "P1"
    lean = cache.park_graph("P1", as_of=DAY, candidates=False)
    assert lean is not first
    assert lean.number_of_nodes() <= first.number_of_nodes()
    cache.park_graph("P1a", as_of=DAY)  # a third key: the oldest (first) is dropped
    assert cache.park_graph("P1", as_of=DAY) is not first
    again = cache.park_graph("P1a", as_of=DAY)
    cache.invalidate()  # a new generation projects again
    assert cache.park_graph("P1a", as_of=DAY) is not again


def test_whole_projection_serves_when_held(loaded_store: FalkorDBStore) -> None:
    cache = ResultCache(loaded_store)
    whole = cache.graph()
    assert cache.park_graph("P1", as_of=DAY) is whole
