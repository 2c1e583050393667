"""Reminders through the real path: beat's task queued on the real Redis, a real Celery
worker runs it and sends the e-mails through the outbox; run again, nothing more is sent."""

import datetime
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from events.models import EventFormat
from events.services import meeting_request_accept, meeting_request_create
from events.tasks import meeting_reminders_send_task
from events.times import Window
from notifications.models import EmailStatus, Notification, NotificationKind
from tests.worker import WORKER_REDIS_URL, celery_app_context, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush, which also empties what migrations loaded (the
    taxonomy, the beat schedules). Put it back once this module is done."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (a thread of this process) on its own queue of the real Redis."""
    queue = f"wlscc-test-{uuid.uuid4().hex}"
    with (
        celery_app_context(WORKER_REDIS_URL, queue) as app,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
    ):
        yield app
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)


def _a_window_in_two_hours() -> Window:
    start = (timezone.now() + datetime.timedelta(hours=2)).replace(
        minute=0, second=0, microsecond=0
    )
    if start.hour == 23:  # the window must end on its own day
        start += datetime.timedelta(hours=1)
    return Window(start.date(), start.time(), (start + datetime.timedelta(minutes=30)).time())


def reminders_sent() -> int:
    return Notification.objects.filter(
        kind=NotificationKind.MEETING_REMINDER, email_status=EmailStatus.SENT
    ).count()


def test_the_reminder_task_sends_each_reminder_once(
    celery_worker,
    make_event,
    site,
    register,
):
    event = make_event(
        slug="soon", format=EventFormat.ONLINE, time_zone="UTC", windows=[_a_window_in_two_hours()]
    )
    alice = register(event, site.lyon_org)
    kenji = register(event, site.osaka_org)
    request = meeting_request_create(
        actor=alice.user, sender=alice, recipient=kenji, message="Shall we meet?"
    )
    meeting_request_accept(actor=kenji.user, request=request, slot=event.slots.get())

    meeting_reminders_send_task.delay()
    assert wait_for(lambda: reminders_sent() == 2)
    meeting_reminders_send_task.delay()
    meeting_reminders_send_task.delay()
    # The worker handles its queue in order: once a task queued after them has run, so have
    # the two repeats.
    done = meeting_reminders_send_task.delay()
    assert wait_for(lambda: done.ready())

    assert reminders_sent() == 2
    for person in (alice.user, kenji.user):
        mailed = [m.subject for m in mail.outbox if m.to == [person.email]]
        assert len([s for s in mailed if s.startswith("Tomorrow: meeting with")]) == 1
