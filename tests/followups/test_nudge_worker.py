"""Nudges through the real path: the daily task on a Celery worker consuming from the real
Redis, the real commit, the outbox. Each nudge is e-mailed exactly once per due date, however
many times the task runs."""

import datetime
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from followups.models import FollowUp
from followups.tasks import nudges_send_due_task
from notifications.models import EmailStatus, Notification, NotificationKind
from opportunities.models import ExpressionOfInterest
from tests.followups.factories import IntroductionFactory
from tests.partners.factories import MembershipFactory
from tests.worker import WORKER_REDIS_URL, celery_app_context, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush; put back what migrations loaded (as in
    tests/matching/test_worker.py)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (a thread of this process) on the real Redis, a queue of its own."""
    queue = f"wlscc-test-{uuid.uuid4().hex}"
    with (
        celery_app_context(WORKER_REDIS_URL, queue) as app,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
    ):
        yield app
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)


def _introduced(days_ago: int):
    introduction = IntroductionFactory()
    owner = MembershipFactory(organization=introduction.opportunity.organization).user
    partner = MembershipFactory(organization=introduction.organization).user
    ExpressionOfInterest.objects.filter(pk=introduction.pk).update(
        author=partner,
        answered_by=owner,
        answered_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    return owner, partner


def _sent() -> int:
    return Notification.objects.filter(
        kind=NotificationKind.FOLLOW_UP_NUDGE, email_status=EmailStatus.SENT
    ).count()


def test_the_daily_task_e_mails_each_due_nudge_once(celery_worker):
    due_owner, due_partner = _introduced(days_ago=31)
    _introduced(days_ago=10)  # not due yet
    second_owner, _second_partner = _introduced(days_ago=95)

    for _ in range(3):
        nudges_send_due_task.delay().get(timeout=60)

    assert wait_for(lambda: _sent() == 4)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [due_owner.email, due_partner.email, second_owner.email, _second_partner.email]
    )
    assert sorted(FollowUp.objects.values_list("nudges_sent", flat=True)) == [1, 2]
