"""The beat schedules, and reminders: due once per meeting and kind, never again."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.domain_events import subscribe
from events.models import Meeting
from events.schedules import SCHEDULES
from events.services import (
    REMINDER_DAY_BEFORE,
    REMINDER_SOON,
    meeting_reminders_send,
    meeting_request_accept,
    meeting_request_create,
    meeting_reschedule,
)

pytestmark = pytest.mark.django_db


def test_the_migration_creates_both_periodic_tasks():
    PeriodicTask.objects.filter(name__in=[spec["name"] for spec in SCHEDULES]).delete()

    importlib.import_module("events.migrations.0002_beat_schedules").forwards(apps, None)

    tasks = dict(
        PeriodicTask.objects.filter(task__startswith="events.").values_list("name", "task")
    )
    assert tasks == {spec["name"]: spec["task"] for spec in SCHEDULES}


published = []


@subscribe("meeting.reminder")
def _record(*, meeting, which, **payload):
    published.append((meeting.pk, which))


@pytest.fixture
def meeting(alice, kenji, event):
    published.clear()
    request = meeting_request_create(
        actor=alice.user, sender=alice, recipient=kenji, message="Shall we meet?"
    )
    return meeting_request_accept(
        actor=kenji.user, request=request, slot=event.slots.order_by("starts_at").first()
    )


def test_the_day_before_reminder_is_published_once(meeting):
    starts = meeting.slot.starts_at
    day_before = starts - datetime.timedelta(hours=20)

    assert meeting_reminders_send(now=day_before) == 1
    assert meeting_reminders_send(now=day_before + datetime.timedelta(minutes=5)) == 0
    assert published == [(meeting.pk, REMINDER_DAY_BEFORE)]


def test_the_short_reminder_follows_and_is_published_once(meeting):
    starts = meeting.slot.starts_at
    meeting_reminders_send(now=starts - datetime.timedelta(hours=20))

    for minutes in (25, 20, 10):
        meeting_reminders_send(now=starts - datetime.timedelta(minutes=minutes))

    assert published == [(meeting.pk, REMINDER_DAY_BEFORE), (meeting.pk, REMINDER_SOON)]


def test_nothing_is_due_for_a_meeting_days_ahead_or_cancelled(meeting):
    assert meeting_reminders_send(now=timezone.now()) == 0
    Meeting.objects.filter(pk=meeting.pk).update(status="cancelled")

    assert meeting_reminders_send(now=meeting.slot.starts_at - datetime.timedelta(hours=2)) == 0


def test_a_rescheduled_meeting_is_reminded_again_for_its_new_time(meeting, event, site):
    meeting_reminders_send(now=meeting.slot.starts_at - datetime.timedelta(hours=20))
    later = event.slots.order_by("starts_at")[3]

    meeting_reschedule(actor=site.staff, meeting=meeting, slot=later)
    meeting_reminders_send(now=later.starts_at - datetime.timedelta(hours=20))

    assert published == [(meeting.pk, REMINDER_DAY_BEFORE)] * 2
