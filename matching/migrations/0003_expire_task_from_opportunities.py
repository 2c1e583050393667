from django.db import migrations

from ._beat_schedules import ensure_schedules


def forwards(apps, schema_editor):
    # The expiry schedule now runs the marketplace's own task; ensure_schedules is idempotent.
    ensure_schedules(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
        apps.get_model("django_celery_beat", "IntervalSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [("matching", "0002_beat_schedules")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
