"""Every URL that accepts a POST refuses one without a CSRF token (browsers' forms carry it).

The only exception is the one-click unsubscribe link: RFC 8058 has mail clients POST to it
without a token, and its signed token is the authorisation.
"""

from django.test import Client

from tests.personas import client_for
from tests.security.objects import build_objects
from tests.security.test_access_walk import (
    EXPECTED,
    _admin_objects,
    _url,
    admin_patterns,
    admin_url,
)
from tests.security.walk import outcome

CSRF_EXEMPT = {"notifications:unsubscribe"}


def _client(world, persona: str) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies = client_for(world, persona).cookies
    return client


def test_every_portal_post_needs_a_csrf_token(world):
    objects = build_objects(world)
    staff, visitor = _client(world, "consortium_admin"), _client(world, "visitor")
    accepted = set()
    for (name, _variant), row in EXPECTED.items():
        url = _url(name, row, objects)
        for client in (staff, visitor):
            # 401: the API refuses a write without credentials before any CSRF check; 405: a
            # read-only API view takes no POST at all (DRF checks CSRF only for sessions).
            if client.post(url, {}).status_code not in (401, 403, 405):
                accepted.add(name)

    assert accepted == CSRF_EXEMPT


def test_every_admin_post_needs_a_csrf_token(world):
    objects = build_objects(world)
    _admin_objects(objects)
    client = _client(world, "consortium_admin")

    accepted = {
        admin_url(pattern, objects)
        for pattern in admin_patterns()
        if outcome(client.post(admin_url(pattern, objects), {})) != 403
    }

    assert not accepted
