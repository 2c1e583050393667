"""The transactional outbox: never for a rollback, never twice, never lost (eager Celery)."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import outbox
from notifications.models import Delivery, EmailStatus, Notification, NotificationKind
from notifications.tasks import outbox_sweep_task, send_notification_task
from opportunities.models import Opportunity

from .factories import AlertFactory, NotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def mailed_to(user) -> list:
    """E-mails to one person (publishing also tells the author the moderation result)."""
    return [message for message in mail.outbox if message.to == [user.email]]


class Boom(Exception):
    pass


def test_publishing_e_mails_the_alert_owner_after_the_commit(
    world, submitted, publish, django_capture_on_commit_callbacks
):
    AlertFactory(owner=world.partner, technology_areas=[world.ivd])
    opportunity = submitted()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(opportunity)
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    notification = Notification.objects.get(recipient=world.partner)
    assert notification.kind == NotificationKind.NEW_MATCH
    assert notification.email_status == EmailStatus.SENT
    assert len(mailed_to(world.partner)) == 1


def test_a_rolled_back_publication_notifies_nobody(
    world, submitted, publish, django_capture_on_commit_callbacks
):
    AlertFactory(owner=world.partner)
    opportunity = submitted()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        publish(opportunity)
        raise Boom

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []
    assert Opportunity.objects.get(pk=opportunity.pk).status == "submitted"


def test_running_the_send_task_twice_sends_one_e_mail():
    notification = NotificationFactory()

    first = send_notification_task.delay(notification.pk).get()
    second = send_notification_task.delay(notification.pk).get()

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert notification.emailed_at is not None


def test_a_row_claimed_by_another_worker_is_not_sent_again():
    notification = NotificationFactory(email_status=EmailStatus.SENDING)

    assert outbox.notification_send(notification_id=notification.pk) is False
    assert mail.outbox == []


def test_a_failed_send_releases_the_row_for_a_retry():
    notification = NotificationFactory()

    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=smtplib.SMTPServerDisconnected("gone"),
        ),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        outbox.notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert (notification.email_status, notification.attempts) == (EmailStatus.PENDING, 1)
    assert outbox.notification_send(notification_id=notification.pk) is True
    assert len(mail.outbox) == 1


def test_a_row_that_keeps_failing_is_given_up_after_the_last_attempt():
    notification = NotificationFactory(attempts=outbox.MAX_ATTEMPTS - 1)

    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")),
        pytest.raises(OSError),
    ):
        outbox.notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED


def test_a_broker_outage_at_commit_neither_fails_the_request_nor_loses_the_e_mail(
    world, submitted, publish, django_capture_on_commit_callbacks
):
    AlertFactory(owner=world.partner)
    opportunity = submitted()

    with (
        mock.patch.object(send_notification_task, "delay", side_effect=OperationalError("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        publish(opportunity)

    notification = Notification.objects.get(recipient=world.partner)
    assert notification.email_status == EmailStatus.PENDING
    assert mail.outbox == []

    assert outbox_sweep_task.delay(min_age_seconds=0).get() == 2  # the match + the author's
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert len(mailed_to(world.partner)) == 1


def test_the_sweep_leaves_fresh_rows_to_their_own_task():
    NotificationFactory()

    assert outbox.outbox_sweep() == 0
    assert mail.outbox == []


def test_the_sweep_releases_claims_of_dead_workers():
    notification = NotificationFactory(
        email_status=EmailStatus.SENDING,
        claimed_at=timezone.now() - outbox.STALE_CLAIM - datetime.timedelta(seconds=1),
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )

    assert outbox.outbox_sweep() == 1
    assert len(mail.outbox) == 1


def test_a_kind_turned_off_is_notified_in_app_but_not_e_mailed(
    world, submitted, publish, django_capture_on_commit_callbacks
):
    NotificationPreferenceFactory(user=world.partner, kind=NotificationKind.NEW_MATCH)
    AlertFactory(owner=world.partner)

    with django_capture_on_commit_callbacks(execute=True):
        publish(submitted())

    notification = Notification.objects.get(recipient=world.partner)
    assert notification.email_status == EmailStatus.SKIPPED
    assert mailed_to(world.partner) == []


def test_turning_a_kind_off_after_the_event_still_stops_its_e_mail():
    notification = NotificationFactory()
    NotificationPreferenceFactory(user=notification.recipient, kind=notification.kind)

    assert outbox.notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SKIPPED


def test_a_daily_alert_waits_for_the_digest(
    world, submitted, publish, django_capture_on_commit_callbacks
):
    AlertFactory(owner=world.partner, frequency="daily")

    with django_capture_on_commit_callbacks(execute=True):
        publish(submitted())

    notification = Notification.objects.get(recipient=world.partner)
    assert (notification.delivery, notification.email_status) == (
        Delivery.DAILY,
        EmailStatus.DIGEST,
    )
    assert mailed_to(world.partner) == []
