"""One-click unsubscribe: works without logging in, a signed token per user and kind."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.emails import unsubscribe_token
from notifications.models import Delivery, NotificationPreference
from tests.accounts.factories import UserFactory

from .factories import AlertFactory

pytestmark = pytest.mark.django_db


def url_for(user, scope: str) -> str:
    token = unsubscribe_token(user_id=user.pk, scope=scope)
    return reverse("notifications:unsubscribe", args=[token])


def preference(user, kind: str) -> str | None:
    row = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return row.delivery if row else None


def test_the_link_shows_a_confirmation_and_changes_nothing_on_get(client):
    user = UserFactory()

    response = client.get(url_for(user, "new_match"))

    assert response.status_code == 200
    assert "New matching opportunity" in response.text
    assert preference(user, "new_match") is None


def test_confirming_turns_that_kind_off(client):
    user = UserFactory()

    response = client.post(url_for(user, "eoi_received"))

    assert response.status_code == 200
    assert preference(user, "eoi_received") == Delivery.OFF
    assert preference(user, "new_match") is None


def test_rfc_8058_one_click_post_works_without_csrf_token_or_login():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        url_for(user, "new_match"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert preference(user, "new_match") == Delivery.OFF


def test_a_tampered_token_is_refused_and_changes_nothing(client):
    user = UserFactory()
    other = UserFactory()
    token = unsubscribe_token(user_id=user.pk, scope="new_match")
    _payload, rest = token.split(":", 1)
    forged = unsubscribe_token(user_id=other.pk, scope="new_match").split(":", 1)[0] + ":" + rest

    response = client.post(reverse("notifications:unsubscribe", args=[forged]))

    assert response.status_code == 400
    assert preference(other, "new_match") is None
    assert preference(user, "new_match") is None


def test_the_digest_link_turns_off_everything_the_digest_brings(client):
    user = UserFactory()
    AlertFactory(owner=user, frequency="daily")

    client.post(url_for(user, "digest:daily"))

    assert preference(user, "new_match") == Delivery.OFF
    assert preference(user, "eoi_received") is None
