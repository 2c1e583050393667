"""A Celery worker killed in the middle of sending an e-mail: exactly one e-mail in the end.

Real processes: a private redis-server (broker and results), `celery worker` subprocesses on
the test database, SIGKILL while the e-mail backend is in its SMTP conversation. The message
was acknowledged late (acks_late), so Redis redelivers it to the next worker; the outbox's
claim makes that redelivery harmless, and the sweep sends the e-mail once the dead worker's
claim is stale.
"""

import datetime
import time

import pytest
from celery import Celery
from django.db import close_old_connections
from django.utils import timezone

from notifications.models import EmailStatus, Notification
from notifications.outbox import STALE_CLAIM
from tests.matching.factories import NotificationFactory
from tests.reliability.servers import wait_until
from tests.reliability.workers import VISIBILITY_TIMEOUT, Workers

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]


def status_of(notification: Notification) -> str:
    close_old_connections()
    return Notification.objects.get(pk=notification.pk).email_status


def kill_mid_send(workers: Workers, broker: Celery, notification: Notification):
    """Queue the e-mail, wait until the worker is inside the SMTP conversation, SIGKILL it."""
    first = workers.start(mail_delay=120)
    result = broker.send_task("notifications.tasks.send_notification_task", args=[notification.pk])
    assert wait_until(lambda: workers.sending(), timeout=60)
    first.kill()
    first.wait(timeout=10)
    return result


def test_a_worker_killed_mid_send_has_sent_nothing_and_left_its_claim(workers, broker):
    notification = NotificationFactory()

    kill_mid_send(workers, broker, notification)

    assert workers.delivered() == []
    assert status_of(notification) == EmailStatus.SENDING


def test_after_redelivery_and_the_sweep_exactly_one_e_mail_is_sent(workers, broker):
    notification = NotificationFactory()
    result = kill_mid_send(workers, broker, notification)
    # Redis hands an unacknowledged message out again once it is older than the visibility
    # timeout (VISIBILITY_TIMEOUT for the test workers); a worker checks at start-up.
    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    workers.start(mail_delay=0)

    # The redelivered task runs on the new worker: the dead worker's claim stops it.
    assert result.get(timeout=60) is False
    # Once the claim is older than any task may run, the sweep sends the e-mail, once.
    Notification.objects.filter(pk=notification.pk).update(
        claimed_at=timezone.now() - STALE_CLAIM - datetime.timedelta(minutes=1)
    )
    sweeps = [
        broker.send_task("notifications.tasks.outbox_sweep_task", kwargs={"min_age_seconds": 0})
        for _ in range(2)
    ]

    assert [sweep.get(timeout=60) for sweep in sweeps] == [1, 0]
    assert len(workers.delivered()) == 1
    assert status_of(notification) == EmailStatus.SENT
