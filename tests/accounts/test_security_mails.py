"""allauth's security mails: allauth's texts in the portal's e-mail layout, links on SITE_URL,
no preference and no unsubscribe (sent at once: tests/notifications/test_every_kind.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory, verify_email

pytestmark = pytest.mark.django_db

FOOTER = "WLSCC Portal: the directory and technology-transfer marketplace"


def test_the_password_reset_link_points_at_site_url_whatever_the_request_host(client, settings):
    settings.SITE_URL = "https://portal.example"
    settings.ALLOWED_HOSTS = ["elsewhere.example"]
    user = UserFactory(email="ada@example.org")
    verify_email(user)

    client.post(
        reverse("account_reset_password"), {"email": user.email}, HTTP_HOST="elsewhere.example"
    )

    [message] = mail.outbox
    assert "https://portal.example/accounts/password/reset/key/" in message.body
    assert "elsewhere.example" not in message.body


def test_a_verification_mail_has_the_layout_in_text_and_html_and_no_unsubscribe(client):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )

    [message] = mail.outbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert FOOTER in message.body and FOOTER in html
    assert "/accounts/confirm-email/" in message.body
    assert '<a href="http' in html
    assert "List-Unsubscribe" not in message.extra_headers
    assert "Choose which e-mails you receive" not in message.body
