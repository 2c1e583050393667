"""The beat schedules, created by a data migration (re-run here: transactional tests elsewhere
in the suite may have flushed what migrations loaded into a reused test database)."""

import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

from notifications.schedules import SCHEDULES

pytestmark = pytest.mark.django_db

MIGRATIONS = [
    "matching.migrations.0002_beat_schedules",
    "matching.migrations.0003_expire_task_from_opportunities",
    "notifications.migrations.0002_beat_schedules_and_content_types",
]


def run_migrations() -> None:
    for name in MIGRATIONS:
        importlib.import_module(name).forwards(apps, None)


def test_the_migrations_create_every_periodic_task():
    PeriodicTask.objects.all().delete()

    run_migrations()

    tasks = dict(PeriodicTask.objects.values_list("name", "task"))
    assert tasks == {spec["name"]: spec["task"] for spec in SCHEDULES}


def test_creating_the_schedules_again_changes_nothing():
    run_migrations()
    before = list(PeriodicTask.objects.order_by("name").values_list("name", "task", "kwargs"))

    run_migrations()

    after = list(PeriodicTask.objects.order_by("name").values_list("name", "task", "kwargs"))
    assert after == before


def test_the_outbox_sweep_runs_every_minute():
    run_migrations()

    sweep = PeriodicTask.objects.get(task="notifications.tasks.outbox_sweep_task")

    assert (sweep.interval.every, sweep.interval.period) == (60, "seconds")


def test_the_digests_run_daily_and_on_mondays():
    run_migrations()

    daily = PeriodicTask.objects.get(name="notifications: daily digest")
    weekly = PeriodicTask.objects.get(name="notifications: weekly digest")

    assert (daily.crontab.hour, daily.crontab.day_of_week, daily.kwargs) == (
        "7",
        "*",
        '{"frequency": "daily"}',
    )
    assert (weekly.crontab.day_of_week, weekly.kwargs) == ("1", '{"frequency": "weekly"}')


def test_every_scheduled_task_is_registered():
    from wlscc.celery import app

    app.loader.import_default_modules()
    for spec in SCHEDULES:
        assert spec["task"] in app.tasks
