"""The schemathesis run of ``test_schemathesis`` on a Neo4j-backed app: no server errors.

Every operation of the OpenAPI schema, a few generated requests each (valid and
invalid parameters), against the app serving the local Neo4j loaded with
``tests/fixtures/full``: every answer below 500, every 4xx the JSON error body.
Bounded to 3 examples per operation (the FalkorDB run has 6) to keep CI short.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from ecograph.api.app import create_app
from ecograph.settings import Settings
from ecograph.stores.neo4j_store import Neo4jStore

pytestmark = [pytest.mark.integration, pytest.mark.neo4j]


class _StoreSlot:
    """Stands in for the store until the module's fixture has loaded it (see test_schemathesis)."""

    target: Neo4jStore | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self.target is None:
            raise RuntimeError("the schemathesis store is not loaded yet")
        return getattr(self.target, name)


SLOT = _StoreSlot()
APP = create_app(Settings(store="neo4j"), store=SLOT)  # type: ignore[arg-type]
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP
schema.location = "/openapi.json"


@pytest.fixture(scope="module", autouse=True)
def _serve(neo4j_api_store: Neo4jStore) -> Iterator[None]:
    SLOT.target = neo4j_api_store
    yield
    SLOT.target = None


@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_server_errors_on_neo4j(case: Any) -> None:
    response = case.call(headers={"host": "localhost"})
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    if case.path == "/health" and response.status_code == 200:
        body = response.json()
        assert body["store"] == "neo4j"
        assert body["counts"]["nodes"]["Enterprise"] == 4  # the loaded fixture
    if 400 <= response.status_code < 500:
        assert set(response.json()) == {"error", "detail"}
