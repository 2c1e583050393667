"""The URL x role walk of the REST API, with keys instead of signed-in browsers.

Every `/api/v1/` row of the walk's table (tests/security/test_access_walk.py) is requested by
each persona that can hold a key (organization admins with their organization's, cluster staff
with their cluster's), with no cookie: a key must get exactly the outcome its owner's browser
gets, for reads and writes alike. Each request is rolled back, as in the walk.
"""

from http.cookies import SimpleCookie

import pytest

from tests.personas import PERSONAS
from tests.security import test_access_walk as walk
from tests.security.objects import build_objects
from tests.security.url_patterns import project_url_patterns
from tests.security.walk import outcome, request_rolled_back

from .keys import key_for

KEYED_PERSONAS = ("org_admin_a", "org_admin_b", "staff_x", "staff_y")
API_ROWS = {
    (name, variant): row
    for (name, variant), row in walk.EXPECTED.items()
    if name.startswith("api:")
}


def _is_v1(name: str, row, objects) -> bool:
    return walk._url(name, row, objects).startswith("/api/v1/")


def test_every_v1_route_is_in_the_walk():
    routes = {
        pattern.name
        for pattern in project_url_patterns()
        if pattern.name and pattern.name.startswith("api:") and pattern.route.startswith("api/v1/")
    }

    assert len(routes) >= 15
    assert routes <= {name for name, _variant in API_ROWS}


@pytest.mark.parametrize("persona", KEYED_PERSONAS)
def test_a_key_gets_what_its_owners_browser_gets_on_every_api_route(world, persona):
    objects = build_objects(world)
    headers = {"Authorization": f"Bearer {key_for(world, persona).token}"}
    column = PERSONAS.index(persona)
    wrong, walked = [], 0
    for (name, variant), row in API_ROWS.items():
        if not _is_v1(name, row, objects):
            continue
        url = walk._url(name, row, objects)
        data = row.data(objects) if row.data else None
        setup = (lambda row=row: row.setup(objects)) if row.setup else None
        response = request_rolled_back(SimpleCookie(), row.method, url, data, setup, headers)
        got, expected = outcome(response), row.expect[column]
        walked += 1
        if got != expected:
            wrong.append(f"{row.method} {url} [{name} {variant}]: expected {expected}, got {got}")

    assert walked >= 20
    assert not wrong, f"{persona}'s key: {len(wrong)} wrong outcomes\n" + "\n".join(wrong)
