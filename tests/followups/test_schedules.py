"""The follow-up tasks are scheduled by a data migration (re-run here: transactional tests may
have flushed what migrations loaded)."""

import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

from followups.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def run_migration() -> None:
    importlib.import_module("followups.migrations.0002_beat_schedules").forwards(apps, None)


def test_the_migration_schedules_the_nudges_and_the_expiry_daily():
    PeriodicTask.objects.filter(task__startswith="followups.").delete()

    run_migration()
    run_migration()

    tasks = PeriodicTask.objects.filter(task__startswith="followups.")
    assert sorted(tasks.values_list("task", flat=True)) == sorted(s["task"] for s in SCHEDULES)
    nudges = tasks.get(task="followups.tasks.nudges_send_due_task")
    assert (nudges.crontab.hour, nudges.crontab.minute) == ("8", "0")
