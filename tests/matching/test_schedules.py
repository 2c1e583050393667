import pytest
from django_celery_beat.models import PeriodicTask

from matching.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def test_the_migration_creates_every_periodic_task():
    tasks = dict(PeriodicTask.objects.values_list("name", "task"))

    for spec in SCHEDULES:
        assert tasks[spec["name"]] == spec["task"]


def test_the_outbox_sweep_runs_every_minute():
    sweep = PeriodicTask.objects.get(task="matching.tasks.outbox_sweep_task")

    assert (sweep.interval.every, sweep.interval.period) == (60, "seconds")


def test_every_scheduled_task_is_registered():
    from wlscc.celery import app

    app.loader.import_default_modules()
    for spec in SCHEDULES:
        assert spec["task"] in app.tasks
