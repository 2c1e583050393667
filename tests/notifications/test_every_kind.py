"""Every activity e-mail is a notifications-outbox row: one of each kind, made while the broker
is down, commits and waits; once the broker is back a real Celery worker on the real Redis
delivers each exactly once. allauth's security mails wait for no broker: they leave at once.
"""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction
from django.urls import reverse

from notifications.models import Delivery, EmailStatus, Notification, NotificationKind
from notifications.outbox import Draft, notifications_create
from notifications.tasks import outbox_sweep_task
from partners.models import MembershipRole
from partners.services import invitation_create, join_request_approve, join_request_create
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory, verify_email
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.worker import CLOSED_BROKER_URL, WORKER_REDIS_URL, celery_app_context

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]

# What every kind's e-mail needs to say something (each kind reads its own keys).
PAYLOAD = {
    "title": "Sepsis assay",
    "organization": "Osaka Diagnostics",
    "result": "changes_requested",
    "comment": "Please add the data.",
    "status": "accepted",
    "expires_on": "2030-01-31",
    "inviter": "Ada",
    "owner": "Osaka Diagnostics",  # an integration alert names the key's owner
}
# Made by the directory's services (partners), the others through the outbox's entry point
# that every other handler uses.
DIRECTORY_KINDS = {
    NotificationKind.INVITATION,
    NotificationKind.JOIN_REQUEST_RECEIVED,
    NotificationKind.JOIN_REQUEST_ANSWERED,
}


@pytest.fixture
def queue():
    return f"wlscc-test-{uuid.uuid4().hex}"


def one_of_each_kind() -> set[str]:
    """One notification of every kind; returns the addresses they go to."""
    organization = OrganizationFactory(name="Osaka Diagnostics")
    admin = MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user
    asking = UserFactory()
    invitation, _token = invitation_create(
        actor=admin, organization=organization, email="kenji@example.jp"
    )
    join_request = join_request_create(user=asking, organization=organization, message="Hi")
    join_request_approve(actor=admin, join_request=join_request)
    others = [UserFactory() for _ in range(len(NotificationKind.values) - len(DIRECTORY_KINDS))]
    kinds = sorted(set(NotificationKind.values) - DIRECTORY_KINDS)
    with transaction.atomic():
        notifications_create(
            [
                Draft(
                    recipient_id=user.pk,
                    kind=kind,
                    event_key=f"every-kind:{kind}",
                    payload=PAYLOAD,
                    url="/opportunities/1/",
                    delivery=Delivery.INSTANT,
                )
                for user, kind in zip(others, kinds, strict=True)
            ]
        )
    return {invitation.email, admin.email, asking.email} | {user.email for user in others}


def test_one_of_each_kind_made_while_the_broker_is_down_is_delivered_once_when_it_is_back(
    queue,
):
    with celery_app_context(CLOSED_BROKER_URL, queue):
        addresses = one_of_each_kind()  # every commit succeeds although queueing fails

    waiting = Notification.objects.all()
    assert sorted(waiting.values_list("kind", flat=True)) == sorted(NotificationKind.values)
    assert set(waiting.values_list("email_status", flat=True)) == {EmailStatus.PENDING}
    assert mail.outbox == []

    with (
        celery_app_context(WORKER_REDIS_URL, queue) as app,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
    ):
        sweeps = [outbox_sweep_task.delay(min_age_seconds=0) for _ in range(2)]
        sent = [sweep.get(timeout=60) for sweep in sweeps]
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)

    assert sent == [len(NotificationKind.values), 0]
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    for message in mail.outbox:
        assert message.subject
        assert "Sepsis assay" in message.body or "Osaka Diagnostics" in message.body


def test_security_mails_leave_at_once_while_the_broker_is_down(client, queue):
    user = UserFactory(email="ada@example.org")
    verify_email(user)

    with celery_app_context(CLOSED_BROKER_URL, queue):
        client.post(reverse("account_reset_password"), {"email": user.email})
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.org",
                "password1": DEFAULT_PASSWORD,
                "password2": DEFAULT_PASSWORD,
            },
        )

    assert [message.to for message in mail.outbox] == [["ada@example.org"], ["new@example.org"]]
    assert not Notification.objects.exists()
