"""`Idempotency-Key` makes a retried write safe; CSRF applies to browsers, not to keys."""

from django.test import Client

from opportunities.models import Opportunity
from tests.personas import client_for

from .test_writes import OPPORTUNITIES, _opportunity_payload


def _post(client, key: str, payload: dict):
    return client.post(
        OPPORTUNITIES, payload, content_type="application/json", headers={"Idempotency-Key": key}
    )


def test_a_replayed_idempotency_key_returns_the_first_result_and_creates_nothing(world, api_key):
    client = api_key("org_admin_a").client()

    first = _post(client, "retry-1", _opportunity_payload())
    again = _post(client, "retry-1", _opportunity_payload())

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    assert Opportunity.objects.filter(organization=world.org_a).count() == 1


def test_a_new_key_is_a_new_write(world, api_key):
    client = api_key("org_admin_a").client()

    _post(client, "one", _opportunity_payload())
    _post(client, "two", _opportunity_payload())

    assert Opportunity.objects.filter(organization=world.org_a).count() == 2


def test_a_key_reused_for_another_request_is_refused(world, api_key):
    client = api_key("org_admin_a").client()
    _post(client, "reused", _opportunity_payload())

    response = _post(client, "reused", _opportunity_payload(title="Something else"))

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert Opportunity.objects.filter(organization=world.org_a).count() == 1


def test_idempotency_keys_are_per_api_key(world, api_key):
    first, second = api_key("org_admin_a").client(), api_key("org_admin_a").client()

    _post(first, "shared", _opportunity_payload())
    _post(second, "shared", _opportunity_payload())

    assert Opportunity.objects.filter(organization=world.org_a).count() == 2


def test_an_error_is_replayed_too(world, api_key):
    client = api_key("org_admin_a").client()

    first = _post(client, "bad", _opportunity_payload(title=""))
    again = _post(client, "bad", _opportunity_payload(title=""))

    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()


def test_key_authenticated_writes_need_no_csrf_token(world, api_key):
    key = api_key("org_admin_a")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key.token}"})

    response = client.post(OPPORTUNITIES, _opportunity_payload(), content_type="application/json")

    assert response.status_code == 201


def test_session_authenticated_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.cookies = client_for(world, "org_admin_a").cookies

    response = client.post(OPPORTUNITIES, _opportunity_payload(), content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Opportunity.objects.exists()
