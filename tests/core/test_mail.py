"""Every e-mail carries a Message-ID on the portal's domain (core.mail.MessageIdBackend)."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from core.mail import message_id
from notifications import outbox
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.matching.factories import NotificationFactory

pytestmark = pytest.mark.django_db

DOMAIN = "portal.wlscc.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = f"https://{DOMAIN}/"


def sent_message_id(index: int = 0) -> str:
    return mail.outbox[index].message()["Message-ID"]


def test_an_activity_mail_has_a_message_id_on_the_portal_domain():
    notification = NotificationFactory()

    outbox.notification_send(notification_id=notification.pk)

    assert sent_message_id().endswith(f"@{DOMAIN}>")


def test_an_allauth_mail_has_a_message_id_on_the_portal_domain(client):
    client.post(
        reverse("account_signup"),
        {"email": "ada@example.org", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )

    assert mail.outbox[0].to == ["ada@example.org"]
    assert sent_message_id().endswith(f"@{DOMAIN}>")


def test_each_mail_gets_its_own_message_id():
    EmailMessage("One", "Body", to=["a@example.org"]).send()
    EmailMessage("Two", "Body", to=["b@example.org"]).send()

    assert sent_message_id(0) != sent_message_id(1)


def test_a_message_id_set_by_the_code_that_built_the_mail_is_kept():
    EmailMessage("Hi", "Body", to=["a@example.org"], headers={"message-id": "<x@wlscc>"}).send()

    assert mail.outbox[0].message().get_all("Message-ID") == ["<x@wlscc>"]


def test_without_the_portal_backend_django_uses_the_machine_name(settings):
    settings.EMAIL_BACKEND = settings.EMAIL_DELIVERY_BACKEND

    EmailMessage("Hi", "Body", to=["a@example.org"]).send()

    assert not sent_message_id().endswith(f"@{DOMAIN}>")


def test_the_domain_follows_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"

    assert message_id().endswith("@127.0.0.1>")
