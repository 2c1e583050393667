"""A database migrated from the schema before the notifications app existed (matching 0004)
keeps its notifications, preferences, beat schedules and the unsubscribe links already mailed.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_celery_beat.models import PeriodicTask

from matching.migrations._beat_schedules import ensure_schedules
from notifications.models import Delivery, EmailStatus, Notification, NotificationPreference

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]

BEFORE = [("matching", "0004_perf_claim_index"), ("notifications", None)]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def old_unsubscribe_token(user_id: int, scope: str) -> str:
    """What matching/emails.py put in the e-mails it sent."""
    return signing.dumps({"u": user_id, "s": scope}, salt="matching.unsubscribe", compress=True)


@pytest.fixture
def old_world():
    """Rows written through the historical models of the old schema."""
    graph = migrate(BEFORE).loader.graph
    # The models as they were: matching before the move, with the apps its rows refer to.
    nodes = [
        BEFORE[0],
        *(n for n in graph.leaf_nodes() if n[0] in ("accounts", "django_celery_beat")),
    ]
    old = graph.make_state(nodes=nodes).apps
    user = old.get_model("accounts", "User").objects.create(
        email="kept@example.org", password="!", is_active=True
    )
    old.get_model("matching", "Notification").objects.create(
        recipient_id=user.pk,
        kind="new_match",
        event_key="match:7",
        payload={"title": "Kept"},
        url="/opportunities/7/",
        delivery="daily",
        email_status="digest",
    )
    old.get_model("matching", "Notification").objects.create(
        email="invited@example.org", kind="invitation", event_key="invitation:3"
    )
    old.get_model("matching", "NotificationPreference").objects.create(
        user_id=user.pk, kind="eoi_received", delivery="weekly"
    )
    tasks = old.get_model("django_celery_beat", "PeriodicTask")
    # The rows matching's migrations 0002/0003 wrote; an earlier transactional test's flush
    # may have emptied them (the order of the whole suite), so write them as those did.
    ensure_schedules(
        tasks,
        old.get_model("django_celery_beat", "CrontabSchedule"),
        old.get_model("django_celery_beat", "IntervalSchedule"),
    )
    custom = tasks.objects.create(
        name="operators: extra digest", task="matching.tasks.send_digests_task"
    )
    yield {
        "user_id": user.pk,
        "custom_id": custom.pk,
        "beat": dict(tasks.objects.values_list("name", "task")),
    }
    migrate_forward()


def migrate_forward() -> None:
    """To the latest migrations (nothing to do when already there)."""
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_the_old_schema_named_the_matching_tasks(old_world):
    assert old_world["beat"]["matching: outbox sweep"] == "matching.tasks.outbox_sweep_task"


def test_notification_rows_and_preferences_are_kept(old_world):
    migrate_forward()

    digest = Notification.objects.get(recipient_id=old_world["user_id"])
    assert (digest.event_key, digest.payload, digest.delivery, digest.email_status) == (
        "match:7",
        {"title": "Kept"},
        Delivery.DAILY,
        EmailStatus.DIGEST,
    )
    assert Notification.objects.filter(email="invited@example.org").exists()
    preference = NotificationPreference.objects.get(user_id=old_world["user_id"])
    assert (preference.kind, preference.delivery) == ("eoi_received", Delivery.WEEKLY)


def test_beat_rows_name_the_notifications_tasks(old_world):
    migrate_forward()

    beat = dict(PeriodicTask.objects.values_list("name", "task"))
    assert beat["notifications: outbox sweep"] == "notifications.tasks.outbox_sweep_task"
    assert beat["notifications: daily digest"] == "notifications.tasks.send_digests_task"
    assert not [task for task in beat.values() if task.startswith("matching.")]
    custom = PeriodicTask.objects.get(pk=old_world["custom_id"])
    assert custom.task == "notifications.tasks.send_digests_task"


def test_the_content_types_move_with_their_permissions(old_world):
    migrate_forward()

    assert ContentType.objects.get_for_model(Notification).app_label == "notifications"
    assert not ContentType.objects.filter(app_label="matching", model="notification").exists()


def test_an_unsubscribe_link_mailed_before_the_move_still_works(old_world, client):
    token = old_unsubscribe_token(old_world["user_id"], "new_match")
    migrate_forward()

    response = client.post(f"/notifications/unsubscribe/{token}/")

    assert response.status_code == 200
    assert NotificationPreference.objects.get(
        user_id=old_world["user_id"], kind="new_match"
    ).delivery == (Delivery.OFF)
