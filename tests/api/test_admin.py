"""The API models in the Django admin: read-only, actions through the services, a History,
and never a secret on any page."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from api.models import ApiKey, WebhookEndpoint
from api.services import api_key_revoke, webhook_endpoint_create, webhook_endpoint_rotate_secret
from api.webhooks import webhook_deliveries_create
from tests.accounts.factories import UserFactory

from .keys import key_for


@pytest.fixture
def admin_client(client, world):
    client.force_login(UserFactory(is_staff=True, email="secretariat@wlscc.example", totp=True))
    return client


@pytest.fixture
def endpoint(world, monkeypatch):
    monkeypatch.setattr("api.services.target_check", lambda url: ("hooks.example.org", 443, ""))
    return webhook_endpoint_create(
        actor=world.user("org_admin_a"),
        url="https://hooks.example.org/wlscc",
        events=["opportunity.published"],
        organization=world.org_a,
    )


def _action(client, model: str, action: str, objects):
    return client.post(
        reverse(f"admin:api_{model}_changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects], "index": 0},
        follow=True,
    )


def test_no_page_shows_a_keys_token_or_its_hash(world, admin_client):
    key = key_for(world, "staff_x")
    # The random part ("_" may be one of its characters: not split on it).
    secret_part = key.token.removeprefix(key.key.prefix + "_")

    pages = [
        admin_client.get(reverse("admin:api_apikey_changelist")),
        admin_client.get(reverse("admin:api_apikey_change", args=[key.key.pk])),
        admin_client.get(reverse("admin:api_apikey_history", args=[key.key.pk])),
    ]

    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert key.key.prefix in html
        assert secret_part not in html
        assert key.key.token_hash not in html


def test_revoking_in_the_admin_goes_through_the_service_and_is_in_the_history(world, admin_client):
    key = key_for(world, "org_admin_a").key
    other = key_for(world, "staff_x").key

    response = _action(admin_client, "apikey", "revoke", [key])

    key.refresh_from_db()
    other.refresh_from_db()
    assert key.revoked_at is not None
    assert other.revoked_at is None
    assert any("Revoked 1" in str(m) for m in get_messages(response.wsgi_request))
    latest = key.history.order_by("-history_id").first()
    assert latest.revoked_at is not None
    assert latest.history_user.email == "secretariat@wlscc.example"
    assert not hasattr(latest, "token_hash")


def test_the_key_filter_finds_revoked_keys(world, admin_client):
    revoked = key_for(world, "org_admin_a").key
    _action(admin_client, "apikey", "revoke", [revoked])
    usable = key_for(world, "staff_x").key

    page = admin_client.get(reverse("admin:api_apikey_changelist"), {"state": "revoked"})

    listed = {key.pk for key in page.context["cl"].result_list}
    assert listed == {revoked.pk}
    assert usable.pk not in listed


def test_disable_and_enable_endpoints_through_the_services(world, admin_client, endpoint):
    _action(admin_client, "webhookendpoint", "disable", [endpoint])
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_at is not None

    _action(admin_client, "webhookendpoint", "enable", [endpoint])
    endpoint.refresh_from_db()
    assert endpoint.is_active
    assert endpoint.consecutive_failures == 0
    assert [record.is_active for record in endpoint.history.order_by("history_id")] == [
        True,
        False,
        True,
    ]


def test_an_endpoints_pages_never_show_its_secrets(world, admin_client, endpoint):
    webhook_endpoint_rotate_secret(actor=world.user("org_admin_a"), endpoint=endpoint)
    webhook_deliveries_create(event_type="webhook.test", data={}, endpoints=[endpoint])
    delivery = endpoint.deliveries.get()

    pages = [
        admin_client.get(reverse("admin:api_webhookendpoint_changelist")),
        admin_client.get(reverse("admin:api_webhookendpoint_change", args=[endpoint.pk])),
        admin_client.get(reverse("admin:api_webhookendpoint_history", args=[endpoint.pk])),
        admin_client.get(reverse("admin:api_webhookdelivery_changelist")),
        admin_client.get(reverse("admin:api_webhookdelivery_change", args=[delivery.pk])),
    ]

    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert endpoint.secret.removeprefix("whsec_") not in html
        assert endpoint.previous_secret.removeprefix("whsec_") not in html


def test_nothing_is_added_changed_or_deleted_by_hand(world, admin_client, endpoint):
    key = key_for(world, "staff_x").key

    assert admin_client.get(reverse("admin:api_apikey_add")).status_code == 403
    assert admin_client.get(reverse("admin:api_webhookendpoint_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:api_apikey_delete", args=[key.pk]), {"post": "yes"})
    ).status_code == 403
    admin_client.post(
        reverse("admin:api_webhookendpoint_change", args=[endpoint.pk]),
        {"url": "https://evil.example.org/"},
    )
    endpoint.refresh_from_db()
    assert endpoint.url == "https://hooks.example.org/wlscc"
    assert ApiKey.objects.filter(pk=key.pk).exists()
    assert WebhookEndpoint.objects.count() == 1


def test_the_actions_refuse_someone_who_does_not_manage_the_key(world):
    key = key_for(world, "org_admin_a").key

    with pytest.raises(PermissionDenied):
        api_key_revoke(actor=world.user("org_admin_b"), key=key)
    key.refresh_from_db()
    assert key.revoked_at is None
