"""Schemathesis against the live schema: every operation, without a key and with a write key
of an organization and of a cluster, then the stateful links (create -> read, update, submit).

0 server errors, 0 responses that break the schema (status codes, content types, headers,
bodies). Examples are bounded so the module runs in about a minute on the shared machine.
"""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory
from tests.security.event_objects import build_event_objects
from wlscc.wsgi import application

from .keys import key_for

# The coverage phase (every boundary value of every parameter) would take several minutes on
# the shared machine; the examples and fuzzing phases, bounded below, still send invalid data.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = openapi.from_wsgi("/api/schema/", application, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
CALLERS = ("visitor", "org_admin_a", "staff_x")


@pytest.fixture
def in_process_wsgi():
    """Call the WSGI app inside the test's transaction, as Django's test client does: the
    handler must not close the test's database connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def populated(world, settings, in_process_wsgi):
    settings.API_RATE_LIMIT = "100000/min"
    PublishedOpportunityFactory(organization=world.org_a)
    OpportunityFactory(organization=world.org_a)
    build_event_objects(world)  # an event, and a meeting on staff_x's and member_a's agendas
    return {
        persona: {"Authorization": f"Bearer {key_for(world, persona).token}"}
        for persona in CALLERS
        if persona != "visitor"
    } | {"visitor": {}}


@pytest.mark.django_db
@schema.parametrize()
@EXAMPLES
def test_every_operation_conforms(case, populated):
    for persona in CALLERS:
        case.call_and_validate(headers=populated[persona], checks=CHECKS)


@pytest.mark.django_db
def test_the_stateful_links_conform(populated):
    machine = schema.as_state_machine()
    headers = populated["org_admin_a"]

    class Links(machine):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=(), **kwargs):
            case.validate_response(response, checks=CHECKS)

    Links.run(
        settings=settings(
            max_examples=15,
            stateful_step_count=4,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )


def test_the_live_schema_has_the_event_and_meeting_operations(client):
    """What `test_every_operation_conforms` is parametrized with includes them."""
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    assert {
        "/api/v1/events/",
        "/api/v1/events/{slug}/",
        "/api/v1/events/removed/",
        "/api/v1/meetings/",
        "/api/v1/meetings/{id}/",
        "/api/v1/meetings/removed/",
    } <= set(paths)
    assert "cluster" in {p["name"] for p in paths["/api/v1/organizations/"]["get"]["parameters"]}
