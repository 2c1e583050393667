"""The integrations pages: keys shown once, revocable; webhook endpoints and their log."""

import re

import pytest

from api.keys import token_hash
from api.models import ApiKey, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.services import webhook_endpoint_create
from tests.api.webhook_server import start_receiver


def _page(world) -> str:
    return f"/api/integrations/organizations/{world.org_a.slug}/"


def test_an_admin_creates_a_key_and_sees_its_token_once(world, persona_client):
    client = persona_client("org_admin_a")

    created = client.post(
        _page(world), {"action": "create_key", "name": "CRM sync", "scope": "write"}
    )
    again = client.get(_page(world))

    key = ApiKey.objects.get(name="CRM sync")
    token = created.context["new_token"]
    assert key.token_hash == token_hash(token)
    assert token in created.content.decode()
    assert token not in again.content.decode()
    assert key.prefix in again.content.decode()
    assert (key.owner, key.organization, key.scope) == (
        world.user("org_admin_a"),
        world.org_a,
        "write",
    )


def test_a_key_with_an_expiry_in_the_past_is_refused_with_a_message(world, persona_client):
    response = persona_client("org_admin_a").post(
        _page(world),
        {"action": "create_key", "name": "Old", "scope": "read", "expires_on": "2020-01-01"},
    )

    assert response.status_code == 400
    assert response.context["key_form"].errors == {
        "expires_on": ["The expiry date must be in the future."]
    }
    assert not ApiKey.objects.exists()


def test_staff_create_cluster_keys_on_their_cluster_page(world, persona_client):
    response = persona_client("staff_x").post(
        f"/api/integrations/clusters/{world.cluster_x.slug}/",
        {"action": "create_key", "name": "Cluster CRM", "scope": "read"},
    )

    assert response.status_code == 200
    assert ApiKey.objects.get(name="Cluster CRM").cluster == world.cluster_x


def test_revoking_a_key_stops_it(world, persona_client, api_key):
    key = api_key("org_admin_a")

    persona_client("org_admin_a").post(f"/api/integrations/keys/{key.key.pk}/revoke/")

    assert key.client().get("/api/v1/clusters/").status_code == 401


def test_another_organizations_admin_cannot_revoke_the_key(world, persona_client, api_key):
    key = api_key("org_admin_a")

    response = persona_client("org_admin_b").post(f"/api/integrations/keys/{key.key.pk}/revoke/")

    assert response.status_code == 404
    assert key.client().get("/api/v1/clusters/").status_code == 200


def test_adding_an_endpoint_and_sending_a_test_event(
    world, persona_client, django_capture_on_commit_callbacks
):
    receiver = start_receiver()
    try:
        client = persona_client("org_admin_a")
        added = client.post(
            _page(world),
            {"action": "create_webhook", "url": receiver.url, "events": ["opportunity.published"]},
        )
        endpoint = WebhookEndpoint.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/api/integrations/webhooks/{endpoint.pk}/", {"action": "test"})
        page = client.get(f"/api/integrations/webhooks/{endpoint.pk}/").content.decode()
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()

    assert added.status_code == 302
    assert WebhookDelivery.objects.get().event_type == WebhookEvent.TEST
    assert len(receiver.requests) == 1
    assert "webhook.test" in page
    assert endpoint.secret in page


def test_a_private_address_is_refused_on_the_form(world, persona_client):
    response = persona_client("org_admin_a").post(
        _page(world),
        {
            "action": "create_webhook",
            "url": "http://169.254.169.254/latest",
            "events": ["opportunity.published"],
        },
    )

    assert response.status_code == 400
    assert "public" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_another_organization_cannot_see_or_change_the_endpoint(world, persona_client):
    endpoint = webhook_endpoint_create(
        actor=world.user("org_admin_a"),
        url="http://127.0.0.1:9/hook",
        events=[WebhookEvent.OPPORTUNITY_PUBLISHED],
        organization=world.org_a,
    )
    client = persona_client("org_admin_b")

    seen = client.get(f"/api/integrations/webhooks/{endpoint.pk}/")
    deleted = client.post(f"/api/integrations/webhooks/{endpoint.pk}/", {"action": "delete"})

    assert (seen.status_code, deleted.status_code) == (404, 404)
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


# --- Links from the dashboard ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member_a", set()),
        ("org_admin_a", {"/api/integrations/organizations/{org_a}/"}),
        ("org_admin_b", {"/api/integrations/organizations/{org_b}/"}),
        ("staff_x", {"/api/integrations/clusters/{cluster_x}/"}),
        ("staff_y", {"/api/integrations/clusters/{cluster_y}/"}),
        ("consortium_admin", set()),
    ],
)
def test_the_dashboard_links_to_the_integrations_pages_one_may_open(
    world, persona_client, persona, expected
):
    client = persona_client(persona)
    slugs = {
        "org_a": world.org_a.slug,
        "org_b": world.org_b.slug,
        "cluster_x": world.cluster_x.slug,
        "cluster_y": world.cluster_y.slug,
    }

    html = client.get("/dashboard/").content.decode()

    links = set(re.findall(r'href="(/api/integrations/[^"]+)"', html))
    assert links == {link.format(**slugs) for link in expected}
    for link in links:
        assert client.get(link).status_code == 200
