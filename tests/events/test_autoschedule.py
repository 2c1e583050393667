"""The auto-scheduler on a real event: run (a preview that changes nothing), publish (meetings
booked, agendas sent), locked meetings kept, unlocked ones free to move, a stale run refused,
large events in the worker; every result passes the independent validator."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events import autoschedule
from events.models import Meeting, MeetingSeat, MeetingSource, RunStatus, ScheduleRun
from events.scheduling import validate
from events.scheduling.instance import Schedule
from events.services import meeting_cancel, meeting_request_accept, meeting_request_create
from events.tasks import schedule_run_task
from notifications.models import Notification, NotificationKind


@pytest.fixture
def auto_event(make_event):
    return make_event(scheduling="auto", max_open_requests=10)


@pytest.fixture
def people(auto_event, site, register):
    return {
        "alice": register(auto_event, site.lyon_org, attendance="in_person"),
        "bora": register(auto_event, site.seoul_org, attendance="in_person"),
        "kenji": register(auto_event, site.osaka_org, attendance="online"),
        "bruno": register(auto_event, site.seoul_org, attendance="in_person"),
    }


def accept(sender, recipient):
    request = meeting_request_create(
        actor=sender.user, sender=sender, recipient=recipient, message="Hello"
    )
    assert meeting_request_accept(actor=recipient.user, request=request) is None
    return request


@pytest.fixture
def accepted(people):
    p = people
    return [
        accept(p["alice"], p["bora"]),
        accept(p["alice"], p["kenji"]),
        accept(p["kenji"], p["bora"]),
        accept(p["bruno"], p["alice"]),
        accept(p["kenji"], p["bruno"]),
    ]


def check_valid(run):
    basis = autoschedule.read_basis(run.event)
    schedule = Schedule({rid: (slot, table) for rid, slot, table in run.assignments})
    assert validate.problems(basis.instance, schedule) == []


def test_accepting_at_an_auto_event_books_nothing_and_tells_the_sender(accepted, people):
    assert not Meeting.objects.exists()
    notices = Notification.objects.filter(
        recipient=people["alice"].user, kind=NotificationKind.MEETING_REQUEST_ANSWERED
    )
    assert len(notices) == 2
    assert all("starts_at" not in notice.payload for notice in notices)


def test_a_run_is_a_preview_until_published(site, auto_event, accepted, people):
    notifications = Notification.objects.count()
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.figures["scheduled"] == 5 == run.figures["accepted"]
    assert run.figures["upper_bound"] >= run.figures["scheduled"]
    assert run.figures["first_fit"] <= run.figures["scheduled"]
    check_valid(run)
    # Nothing changed: no meeting, no seat, no notification.
    assert not Meeting.objects.exists() and not MeetingSeat.objects.exists()
    assert Notification.objects.count() == notifications

    autoschedule.schedule_publish(actor=site.staff, run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED and run.published_by == site.staff
    meetings = list(Meeting.objects.filter(event=auto_event))
    assert len(meetings) == 5
    assert all(m.source == MeetingSource.ORGANISERS and m.locked for m in meetings)
    assert MeetingSeat.objects.count() == 10
    for meeting in meetings:
        in_person = meeting.request.sender.attendance == meeting.request.recipient.attendance
        assert (meeting.table is not None) == (
            in_person and meeting.request.sender.attendance == "in_person"
        )
        assert bool(meeting.video_url) == (meeting.table is None)
    agendas = Notification.objects.filter(kind=NotificationKind.MEETING_AGENDA)
    assert {n.recipient_id for n in agendas} == {r.user_id for r in people.values()}
    alice = agendas.get(recipient=people["alice"].user)
    assert len(alice.payload["meetings"]) == 3
    assert "agenda.ics?token=" in alice.payload["feed_url"]


def test_publishing_announces_each_new_meeting_as_scheduled(site, auto_event, accepted):
    # The API's meeting.scheduled webhook listens to this, as it does to a pair's accept.
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    with mock.patch("events.autoschedule.publish", wraps=autoschedule.publish) as published:
        autoschedule.schedule_publish(actor=site.staff, run=run)

    announced = [
        call.kwargs["meeting"].pk
        for call in published.call_args_list
        if call.args == ("meeting.scheduled",)
    ]
    assert sorted(announced) == sorted(Meeting.objects.values_list("pk", flat=True))
    assert len(announced) == 5


def test_rerun_keeps_published_meetings_unless_unlocked(site, auto_event, accepted, people):
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    autoschedule.schedule_publish(actor=site.staff, run=run)
    before = {m.pk: (m.slot_id, m.table) for m in Meeting.objects.all()}
    with pytest.raises(ValidationError):  # nothing left to place
        autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    assert autoschedule.meetings_unlock_all(actor=site.staff, event=auto_event) == 5
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    run.refresh_from_db()
    check_valid(run)
    assert run.figures["locked"] == 0
    autoschedule.schedule_publish(actor=site.staff, run=run)
    assert Meeting.objects.filter(status="scheduled").count() == 5
    assert all(m.locked for m in Meeting.objects.all())
    for meeting in Meeting.objects.all():
        if (meeting.slot_id, meeting.table) != before[meeting.pk]:
            assert meeting.sequence == 1


def test_locked_meetings_stay_where_they_are(site, auto_event, accepted, people):
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    autoschedule.schedule_publish(actor=site.staff, run=run)
    kept = Meeting.objects.first()
    autoschedule.meetings_unlock_all(actor=site.staff, event=auto_event)
    autoschedule.meeting_lock_set(actor=site.staff, meeting=kept, locked=True)
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    run.refresh_from_db()
    assert run.figures["locked"] == 1
    assert [kept.request_id, kept.slot_id, kept.table] in run.assignments


def test_a_stale_run_is_refused(site, auto_event, accepted, people):
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    autoschedule.schedule_publish(actor=site.staff, run=run)
    autoschedule.meetings_unlock_all(actor=site.staff, event=auto_event)
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    # Meanwhile a meeting is cancelled: the run's schedule no longer fits the event.
    meeting = Meeting.objects.select_related(
        "event", "request__sender", "request__recipient"
    ).first()
    meeting_cancel(actor=site.staff, meeting=meeting)
    with pytest.raises(ValidationError) as error:
        autoschedule.schedule_publish(actor=site.staff, run=run)
    assert error.value.code == "stale"
    assert Meeting.objects.filter(status="scheduled").count() == 4


def test_only_the_latest_run_can_be_published(site, auto_event, accepted):
    first = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    first.status = RunStatus.DONE
    first.save()
    ScheduleRun.objects.create(event=auto_event, status=RunStatus.FAILED, created_by=site.staff)
    with pytest.raises(ValidationError) as error:
        autoschedule.schedule_publish(actor=site.staff, run=first)
    assert error.value.code == "not_preview"


def test_only_organisers_run_and_publish(site, auto_event, accepted, people):
    for outsider in (site.seoul_staff, people["alice"].user):
        with pytest.raises(PermissionDenied):
            autoschedule.schedule_run_start(actor=outsider, event=auto_event)
    run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    with pytest.raises(PermissionDenied):
        autoschedule.schedule_publish(actor=site.seoul_staff, run=run)


def test_a_pair_chosen_event_has_no_auto_scheduler(site, event):
    with pytest.raises(ValidationError) as error:
        autoschedule.schedule_run_start(actor=site.staff, event=event)
    assert error.value.code == "not_auto"


def test_a_large_event_is_solved_by_the_worker_task(
    site, auto_event, accepted, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(autoschedule, "INLINE_MEETINGS", 2)
    queued = []
    monkeypatch.setattr(
        autoschedule.current_app.tasks[autoschedule.RUN_TASK], "delay", queued.append
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = autoschedule.schedule_run_start(actor=site.staff, event=auto_event)
    assert queued == [run.pk]
    assert ScheduleRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    assert schedule_run_task(run.pk) == run.pk
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.figures["scheduled"] == 5
    check_valid(run)
    assert schedule_run_task(run.pk) is None  # a second delivery finds it done
