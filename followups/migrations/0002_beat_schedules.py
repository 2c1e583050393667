from django.db import migrations

# The follow-up work celery beat runs every day (UTC); as in matching/notifications, added by a
# data migration so every deployment has it.
SCHEDULES = [
    ("follow-ups: nudges (30, 90, 180 days)", "followups.tasks.nudges_send_due_task", "0", "8"),
    (
        "follow-ups: expire interests unanswered for 30 days",
        "followups.tasks.interest_expire_due_task",
        "15",
        "0",
    ),
]


def forwards(apps, schema_editor):
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    for name, task, minute, hour in SCHEDULES:
        fields = {"minute": minute, "hour": hour, "day_of_week": "*", "day_of_month": "*"}
        schedule = crontab.objects.filter(**fields, month_of_year="*", timezone="UTC").first()
        if schedule is None:
            schedule = crontab.objects.create(**fields, month_of_year="*", timezone="UTC")
        periodic_task.objects.update_or_create(
            name=name,
            defaults={"task": task, "kwargs": "{}", "enabled": True, "crontab": schedule},
        )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, *_rest in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
