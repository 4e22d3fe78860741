"""Every operation of the OpenAPI schema fuzzed by schemathesis, as an organisation's admin with
a bearer token and anonymously: no input, however odd, is a server error, and every answer is one
the schema documents. The seed is fixed and the examples bounded, so a run is repeatable."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from silkbridge.api import api
from silkbridge.urls import urlpatterns  # noqa: F401  (mounts the routers on the API)
from tests.introductions import conftest as shared

MAX_EXAMPLES = 10

# Bounded and repeatable: the same cases on every run, no example database written anywhere.
# The coverage phase (boundary values of every parameter, about 170 cases an operation) is left
# out to keep the run near a minute; test_bad_input.py covers the boundaries that matter.
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261207,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)

# The thread of an accepted introduction between `organisation` and `other_organisation`.
counterpart = shared.counterpart
pending_introduction = shared.pending_introduction
accepted_introduction = shared.accepted_introduction
conversation = shared.conversation

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def admin_token(db, settings, org_admin, token_for):
    # The fuzzer sends far more than a person would; the rate limit has its own tests.
    settings.SILKBRIDGE_API_RATE = "1000000/min"
    return token_for(org_admin)


@pytest.fixture
def real_ids(organisation, make_opportunity, conversation):
    """Path parameters that name things the admin may change, so that fuzzed bodies reach the
    services and the database instead of stopping at a 404."""
    return {
        "slug": organisation.slug,
        "opportunity_id": make_opportunity(organisation).pk,
        "conversation_id": conversation.pk,
    }


def aim_at_real_objects(case, real_ids: dict) -> None:
    for name in case.path_parameters or {}:
        if name in real_ids and (name != "slug" or "/organisations/" in case.operation.path):
            case.path_parameters[name] = real_ids[name]


@pytest.fixture(scope="session")
def wsgi_app():
    """The whole Django stack, middleware included, as a server would run it."""
    return get_wsgi_application()


@pytest.fixture
def wsgi_app_in_test_transaction(wsgi_app):
    """As Django's test client does: the end of a request must not close the connection that
    holds the test's transaction (on PostgreSQL that would lose it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield wsgi_app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("who", ["admin", "anonymous"])
@pytest.mark.django_db
def test_no_input_is_a_server_error(case, who, admin_token, real_ids, wsgi_app_in_test_transaction):
    headers = {"Authorization": f"Bearer {admin_token}"} if who == "admin" else {}
    aim_at_real_objects(case, real_ids)
    case.call_and_validate(headers=headers, checks=CHECKS, app=wsgi_app_in_test_transaction)
