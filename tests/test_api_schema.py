"""Property-based requests from the API's own OpenAPI schema (schemathesis): whatever a client
sends, the API never answers 5xx and every answer matches the schema it documents. Bounded:
a fixed number of examples per operation, derandomized, no per-example deadline.

Runs after test_api.py (file order): generated POSTs may rate movies for arbitrary users.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from api.main import create_app
from tests import serving_fixture

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]
movielens = serving_fixture.movielens

APP = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def running_app(movielens: serving_fixture.Served) -> Iterator[None]:
    """Run APP's lifespan (its one driver) around the generated requests."""
    with TestClient(APP):
        yield


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_documented_responses(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
