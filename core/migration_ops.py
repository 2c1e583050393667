from django.db import migrations

from core.schedules import ensure_schedules


class PostgresOnlySQL(migrations.RunSQL):
    """Raw SQL that only makes sense on Postgres (triggers, GIN indexes).

    The zero-setup demo runs on SQLite, where these operations are skipped: search falls back
    to `icontains` there.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def run_schedules(schedules: list[dict]) -> migrations.RunPython:
    """Create (forwards) or delete (backwards) celery beat's periodic tasks `schedules`
    (core.schedules format) with the migration's historical models."""

    def forwards(apps, schema_editor):
        ensure_schedules(
            schedules,
            apps.get_model("django_celery_beat", "PeriodicTask"),
            apps.get_model("django_celery_beat", "CrontabSchedule"),
            apps.get_model("django_celery_beat", "IntervalSchedule"),
        )

    def backwards(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
            name__in=[spec["name"] for spec in schedules]
        ).delete()

    return migrations.RunPython(forwards, backwards)
