"""Property-based run of every operation of the OpenAPI schema: no server errors.

schemathesis generates a few requests per operation (valid and invalid
parameters) against the app on the real embedded store loaded with
``tests/fixtures/full``; every answer must be below 500, and every 4xx must
be the JSON error body. Bounded to a few examples per operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from ecograph.api.app import create_app
from ecograph.settings import Settings
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = pytest.mark.integration

GRAPH = "ecograph_api_schemathesis"
Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


class _StoreSlot:
    """Stands in for the store until the module's fixture has loaded it.

    schemathesis needs the app when tests are collected, before any fixture
    runs; the app is built with this slot as its injected store, so its
    lifespan (which the ASGI transport runs) never opens a store of its own.
    """

    target: FalkorDBStore | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # pytest's collection probes module objects
            raise AttributeError(name)
        if self.target is None:
            raise RuntimeError("the schemathesis store is not loaded yet")
        return getattr(self.target, name)


SLOT = _StoreSlot()
APP = create_app(Settings(graph_name=GRAPH), store=SLOT)  # type: ignore[arg-type]
# from the app's own document: loading it over ASGI here would run the app's
# lifespan at collection time, before the fixture has loaded the store
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP
schema.location = "/openapi.json"


@pytest.fixture(scope="module", autouse=True)
def _serve(api_store: FalkorDBStore) -> Iterator[None]:
    SLOT.target = api_store
    yield
    SLOT.target = None


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    response = case.call(headers={"host": "localhost"})  # a served host (api.guard)
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    assert response.status_code != 400 or response.json()["error"] != "bad host"
    if case.path == "/health" and response.status_code == 200:
        # the app serves the loaded fixture, not a store of its own
        assert response.json()["counts"]["nodes"]["Enterprise"] == 4
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error", "detail"}
