import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import EmailStatus
from tests.accounts.factories import UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    admin = UserFactory(is_staff=True, totp=True)  # the admin requires TOTP (partners.mfa)
    client.force_login(admin)
    return admin


def test_the_outbox_is_listed_for_the_secretariat(client, secretariat):
    NotificationFactory(email_status=EmailStatus.FAILED)

    response = client.get(reverse("admin:notifications_notification_changelist"))

    assert response.status_code == 200


def test_resending_a_failed_e_mail(client, secretariat, django_capture_on_commit_callbacks):
    failed = NotificationFactory(email_status=EmailStatus.FAILED, attempts=5)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "resend", "_selected_action": [failed.pk]},
        )

    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 1
