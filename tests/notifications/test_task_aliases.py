"""Tasks queued under their names of the last release (`matching.tasks.*`) still run."""

import pytest
from celery import current_app
from django.core import mail

from notifications.models import EmailStatus
from tests.matching.factories import NotificationFactory

pytestmark = pytest.mark.django_db

OLD_NAMES = [
    "matching.tasks.send_notification_task",
    "matching.tasks.send_digest_task",
    "matching.tasks.send_digests_task",
    "matching.tasks.outbox_sweep_task",
    "matching.tasks.expiry_warnings_create_task",
    "matching.tasks.interest_reminders_create_task",
]


@pytest.mark.parametrize("old_name", OLD_NAMES)
def test_the_old_name_runs_the_same_task(old_name):
    new_name = old_name.replace("matching.", "notifications.", 1)

    old, new = current_app.tasks[old_name], current_app.tasks[new_name]

    assert old.__wrapped__ is new.__wrapped__
    assert (old.max_retries, old.acks_late) == (new.max_retries, new.acks_late)


def test_a_send_queued_under_the_old_name_delivers_once():
    notification = NotificationFactory()

    current_app.tasks["matching.tasks.send_notification_task"].delay(notification.pk).get()
    current_app.tasks["matching.tasks.send_notification_task"].delay(notification.pk).get()

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 1
