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

from api.app import create_app
from api.cache import ResultCache
from api.deps import ServiceState
from ecograph.settings import Settings
from ecograph.stores.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.integration

GRAPH = "ecograph_api_schemathesis"
Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


#: Built at import (no store is opened until the lifespan, which the ASGI
#: transport does not run); the fixture below hands it the loaded store.
APP = create_app(Settings(graph_name=GRAPH))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _serve(api_store: FalkorDBStore, store_settings: Settings) -> Iterator[None]:
    config = store_settings.model_copy(update={"graph_name": GRAPH})
    APP.state.ecograph = ServiceState(store=api_store, settings=config,
                                      cache=ResultCache(api_store))
    yield
    del APP.state.ecograph


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error", "detail"}
