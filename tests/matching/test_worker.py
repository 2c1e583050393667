"""The real path: a Celery worker consuming from the real Redis, the real commit, the outbox.

These tests commit for real (transactional), so the worker thread, on its own database
connection, sees exactly what a worker in production would see.
"""

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import EmailStatus, Notification, NotificationKind
from notifications.tasks import outbox_sweep_task, send_notification_task
from tests.worker import CLOSED_BROKER_URL, WORKER_REDIS_URL, celery_app_context, wait_for

from .factories import AlertFactory, NotificationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush, which also empties what migrations loaded (the
    taxonomy, the beat schedules). Put it back once this module is done, so the tests that
    run after these, and a reused test database, still have it."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


class Boom(Exception):
    pass


def sent(user) -> bool:
    return Notification.objects.filter(
        recipient=user, kind=NotificationKind.NEW_MATCH, email_status=EmailStatus.SENT
    ).exists()


def mailed_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_publishing_delivers_the_match_e_mail_through_the_worker(
    celery_worker, world, submitted, publish
):
    AlertFactory(owner=world.partner, technology_areas=[world.ivd])

    publish(submitted(title="Licensable sepsis assay"))

    assert wait_for(lambda: sent(world.partner))
    notification = Notification.objects.get(recipient=world.partner)
    assert notification.payload["title"] == "Licensable sepsis assay"
    [message] = mailed_to(world.partner)
    assert message.subject == "New opportunity for you: Licensable sepsis assay"
    assert "List-Unsubscribe" in message.extra_headers


def test_a_rolled_back_publication_sends_nothing_through_the_worker(
    celery_worker, world, submitted, publish
):
    AlertFactory(owner=world.partner)
    rolled_back = submitted(title="Rolled back")
    committed = submitted(title="Committed")

    with pytest.raises(Boom), transaction.atomic():
        publish(rolled_back)
        raise Boom
    publish(committed)

    # The worker handles its queue in order: once the committed one is sent, anything the
    # rolled-back one could have queued would have been handled too.
    assert wait_for(lambda: sent(world.partner))
    assert [message.subject for message in mailed_to(world.partner)] == [
        "New opportunity for you: Committed"
    ]
    assert Notification.objects.filter(recipient=world.partner).count() == 1


def test_the_send_task_run_twice_by_the_worker_sends_one_e_mail(celery_worker):
    notification = NotificationFactory()

    results = [send_notification_task.delay(notification.pk) for _ in range(2)]

    assert sorted(result.get(timeout=30) for result in results) == [False, True]
    assert len(mail.outbox) == 1


def test_with_the_broker_down_at_publication_the_sweep_delivers_once_it_is_back(
    transactional_db, worker_queue, world, submitted, publish
):
    from celery.contrib.testing.worker import start_worker

    AlertFactory(owner=world.partner)
    with celery_app_context(CLOSED_BROKER_URL, worker_queue):
        publish(submitted())  # the commit succeeds although queueing the e-mail fails

    notification = Notification.objects.get(recipient=world.partner)
    assert notification.email_status == EmailStatus.PENDING
    assert mail.outbox == []

    with (
        celery_app_context(WORKER_REDIS_URL, worker_queue) as app,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
    ):
        outbox_sweep_task.delay(min_age_seconds=0).get(timeout=30)
        outbox_sweep_task.delay(min_age_seconds=0).get(timeout=30)

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert len(mailed_to(world.partner)) == 1
