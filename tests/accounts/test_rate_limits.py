"""allauth's rate limits on the shared cache (switched off in the other tests)."""

import pytest
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD


@pytest.mark.django_db
def test_login_attempts_are_rate_limited_per_address(client, settings, verified_user):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    for _attempt in range(3):
        response = client.post(
            reverse("account_login"), {"login": verified_user.email, "password": "wrong"}
        )
        assert response.status_code == 200

    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": verified_user.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_requests_are_rate_limited_per_ip(client, settings, verified_user):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    data = {"login": verified_user.email, "password": "wrong"}
    client.post(reverse("account_login"), data)
    client.post(reverse("account_login"), data)

    response = client.post(reverse("account_login"), data)

    assert response.status_code == 429


@pytest.mark.django_db
def test_sign_ups_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/h/ip"}
    data = {"password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD}
    client.post(reverse("account_signup"), {"email": "one@example.org", **data})

    response = client.post(reverse("account_signup"), {"email": "two@example.org", **data})

    assert response.status_code == 429
