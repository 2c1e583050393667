"""The reusable security-test tools work: personas, URL walk, payload corpus."""

import pytest
from django.template import Context, Template

from partners.roles import roles_of
from tests.personas import PERSONAS, VISITOR
from tests.security.payloads import (
    MARKERS,
    PAYLOADS,
    assert_inert_in_html,
    executable_payloads,
    verbatim_payloads,
)
from tests.security.url_patterns import own_url_patterns, project_url_patterns


def test_each_persona_has_exactly_its_role(world):
    roles = {persona: roles_of(world.user(persona)) for persona in PERSONAS if persona != VISITOR}

    assert roles["member_a"].organization_ids == {world.org_a.pk}
    assert roles["member_a"].admin_organization_ids == frozenset()
    assert roles["org_admin_a"].admin_organization_ids == {world.org_a.pk}
    assert roles["org_admin_b"].admin_organization_ids == {world.org_b.pk}
    assert roles["staff_x"].staff_cluster_ids == {world.cluster_x.pk}
    assert roles["staff_y"].staff_cluster_ids == {world.cluster_y.pk}
    assert roles["consortium_admin"].is_consortium_admin
    assert not any(
        role.is_consortium_admin for name, role in roles.items() if name != "consortium_admin"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_clients_are_signed_in_as_their_persona(world, persona_client, persona):
    response = persona_client(persona).get("/")

    expected = world.user(persona)
    if expected is None:
        assert not response.wsgi_request.user.is_authenticated
    else:
        assert response.wsgi_request.user == expected


def test_the_url_walk_finds_the_portal_views_with_their_arguments():
    patterns = {pattern.name: pattern for pattern in own_url_patterns()}

    assert patterns["home"].route == ""
    assert patterns["healthz"].route == "healthz"
    assert patterns["partners:detail"].route == "organizations/<slug:slug>/"
    assert patterns["partners:detail"].arguments == ("slug",)
    assert patterns["clusters:list"].view.startswith("home.cluster_views.")


def test_the_url_walk_builds_concrete_paths():
    patterns = {pattern.name: pattern for pattern in own_url_patterns()}

    assert patterns["partners:detail"].path(slug="acme") == "/organizations/acme/"


def test_the_url_walk_covers_third_party_trees_unless_excluded():
    every_route = [pattern.route for pattern in project_url_patterns()]

    assert any(route.startswith("admin/") for route in every_route)
    assert not any(pattern.route.startswith("admin/") for pattern in own_url_patterns())


def test_every_payload_has_its_own_marker():
    assert len(set(MARKERS)) == len(PAYLOADS)
    assert all(marker in payload for marker, payload in zip(MARKERS, PAYLOADS, strict=True))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_autoescaped_payloads_are_inert_in_text_and_attributes(payload):
    html = Template(
        '<p title="{{ value }}">{{ value }}</p><a href="/x?q={{ value|urlencode }}">'
    ).render(Context({"value": payload}))

    assert_inert_in_html(html)


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if set(p) & set("<>\"'&")])
def test_unescaped_payloads_are_detected(payload):
    html = Template("<p>{{ value|safe }}</p>").render(Context({"value": payload}))

    assert verbatim_payloads(html) == [payload]


def test_a_payload_in_a_live_script_or_handler_is_detected():
    html = "<script>alert('xss0')</script><img src=x onerror=\"alert('xss1')\">"
    html += "<a href=\"javascript:alert('xss8')\">x</a>"

    assert len(executable_payloads(html)) == 3


def test_a_payload_in_a_json_data_island_is_data_but_a_breakout_is_detected():
    island = Template('{{ value|json_script:"data" }}').render(Context({"value": PAYLOADS}))
    broken = f'<script type="application/json">["</script>{PAYLOADS[0]}"]</script>'

    assert executable_payloads(island) == []
    assert executable_payloads(broken) == ["<script>alert('xss0')</script>"]
