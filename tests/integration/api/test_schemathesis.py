"""Property-based run of every operation of the OpenAPI schema: no server errors.

schemathesis generates a few requests per operation (valid and invalid
parameters) against the app on the real embedded store loaded with
``tests/fixtures/full`` and runs every default check on each answer: no server
error, documented status codes, content types, headers and bodies,
schema-valid requests accepted and schema-invalid ones rejected; every 4xx
must be the JSON error body. Bounded to a few examples per operation.

One rule is between two parameters, which an OpenAPI schema cannot state:
``until`` must not be before ``since`` (documented on ``until``, answered with
422). Generated cases with a reversed range are checked for that 422 instead
of the schema checks, and :func:`test_reversed_year_range_is_refused` checks
the message and the documentation.
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


def _reversed_years(query: dict[str, Any] | None) -> bool:
    """Both years valid on their own (1900–2100) and ``since`` after ``until``."""
    try:
        since, until = int((query or {})["since"]), int((query or {})["until"])
    except (KeyError, TypeError, ValueError):
        return False
    return 1900 <= until < since <= 2100


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    if _reversed_years(case.query):
        # the documented rule between two parameters (YEAR_RANGE_RULE): a 422
        response = case.call(headers={"host": "localhost"})
        assert response.status_code == 422, (case.path, case.query, response.text[:300])
        assert "is after until" in response.json()["detail"]
        return
    # every default check: no server error, status codes, content types,
    # headers and bodies as documented, schema-valid requests accepted and
    # schema-invalid ones rejected
    response = case.call_and_validate(headers={"host": "localhost"})  # a served host
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    assert response.status_code != 400 or response.json()["error"] != "bad host"
    if case.path == "/health" and response.status_code == 200:
        # the app serves the loaded fixture, not a store of its own
        assert response.json()["counts"]["nodes"]["Enterprise"] == 4
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error", "detail"}


@pytest.mark.parametrize("path", ["/parks/P1/collaboration", "/viz/collaboration?park=P1&"])
def test_reversed_year_range_is_refused(path: str) -> None:
    from fastapi.testclient import TestClient

    sep = "&" if path.endswith("&") else "?"
    url = f"{path.rstrip('&')}{sep}since=2023&until=2019"
    with TestClient(APP, headers={"host": "localhost"}) as client:
        response = client.get(url)
    assert response.status_code == 422
    assert response.json() == {"error": "invalid parameters",
                               "detail": "since (2023) is after until (2019)"}
    doc = APP.openapi()["paths"]
    for route in ("/parks/{park}/collaboration", "/viz/collaboration"):
        (until,) = [p for p in doc[route]["get"]["parameters"] if p["name"] == "until"]
        assert "must not be before `since`" in until["description"]
