from django.db import migrations
from django.utils import timezone

# The beat schedules and tasks that moved from the matching app (matching/migrations/
# _beat_schedules.py created them); the task names keep aliases for one release
# (notifications/tasks.py).
NAMES = {
    "matching: outbox sweep": "notifications: outbox sweep",
    "matching: daily digest": "notifications: daily digest",
    "matching: weekly digest": "notifications: weekly digest",
    "matching: expiry warnings (14 days)": "notifications: expiry warnings (14 days)",
    "matching: unanswered interest reminders (14 days)": (
        "notifications: unanswered interest reminders (14 days)"
    ),
}
TASKS = {
    f"matching.tasks.{name}": f"notifications.tasks.{name}"
    for name in (
        "send_notification_task",
        "send_digest_task",
        "send_digests_task",
        "outbox_sweep_task",
        "expiry_warnings_create_task",
        "interest_reminders_create_task",
    )
}
MODELS = ("notification", "notificationpreference")


def _rename(apps, names: dict, tasks: dict, from_app: str, to_app: str) -> None:
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in names.items():
        if periodic_task.objects.filter(name=new).exists():
            periodic_task.objects.filter(name=old).delete()
        else:
            periodic_task.objects.filter(name=old).update(name=new)
    # Any row naming a moved task, the operators' own schedules included.
    for old, new in tasks.items():
        periodic_task.objects.filter(task=old).update(task=new)
    # Bulk updates send no signal: tell a running beat that its schedule changed.
    apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )
    # Keep the content types (and so the staff's permissions and the admin's history).
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=to_app, model=model).exists():
            content_type.objects.filter(app_label=from_app, model=model).update(app_label=to_app)


def forwards(apps, schema_editor):
    _rename(apps, NAMES, TASKS, "matching", "notifications")


def backwards(apps, schema_editor):
    _rename(
        apps,
        {new: old for old, new in NAMES.items()},
        {new: old for old, new in TASKS.items()},
        "notifications",
        "matching",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("matching", "0005_notifications_moved"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
