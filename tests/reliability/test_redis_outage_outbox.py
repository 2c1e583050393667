"""Redis down (cache and broker): state changes still commit and write their notifications
to the outbox; once Redis is back, a worker delivers each e-mail exactly once.

The whole request runs with the production cache configuration pointed at a private
redis-server and the Celery app pointed at the same (stopped) server.
"""

import pytest
from django.db import close_old_connections

from notifications.models import EmailStatus, Notification, NotificationKind
from opportunities.models import OpportunityStatus
from tests.opportunities.factories import OpportunityFactory
from tests.worker import celery_app_context

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]


def publish_while_redis_is_down(world, persona_client, redis):
    opportunity = OpportunityFactory(
        organization=world.org_a,
        author=world.user("org_admin_a"),
        title="Published during the outage",
        status=OpportunityStatus.SUBMITTED,
        collaboration_types=["licence"],
        target_countries=["JP"],
    )
    redis.stop()
    with celery_app_context(redis.url, "celery"):
        response = persona_client("staff_x").post(
            f"/opportunities/{opportunity.pk}/review/", {"decision": "publish", "comment": ""}
        )
    assert response.status_code == 302
    return opportunity


def test_a_publication_commits_with_its_notification_waiting_while_redis_is_down(
    world, persona_client, outage_tolerant_cache
):
    opportunity = publish_while_redis_is_down(world, persona_client, outage_tolerant_cache)

    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED
    waiting = Notification.objects.get(recipient=world.user("org_admin_a"))
    assert (waiting.kind, waiting.email_status) == (
        NotificationKind.MODERATION_RESULT,
        EmailStatus.PENDING,
    )


def test_the_waiting_e_mail_is_delivered_once_when_redis_is_back(
    world, persona_client, outage_tolerant_cache, workers, broker
):
    publish_while_redis_is_down(world, persona_client, outage_tolerant_cache)

    outage_tolerant_cache.start()
    workers.start()
    sweeps = [
        broker.send_task("notifications.tasks.outbox_sweep_task", kwargs={"min_age_seconds": 0})
        for _ in range(2)
    ]

    assert [sweep.get(timeout=60) for sweep in sweeps] == [1, 0]
    [message] = workers.delivered()
    assert b"Published during the outage" in message.read_bytes()
    close_old_connections()
    assert Notification.objects.get(recipient=world.user("org_admin_a")).email_status == (
        EmailStatus.SENT
    )
