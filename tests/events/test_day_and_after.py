"""On the day and after: check-in, held / no-show with who and when, meetings recorded after
the event, both sides' answers, the follow-ups of held meetings, the cluster KPI's count and
the organisers' figures (page and downloads)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from events import services
from events.models import Meeting, MeetingFeedback, MeetingOutcome
from followups.models import FollowUp, FollowUpEvent, Stage
from notifications.models import Notification, NotificationKind
from stats.event_figures import event_figures
from stats.kpi import Period, cluster_kpis
from stats.selectors import ClusterRow


@pytest.fixture
def meeting(event, alice, bora):
    request = services.meeting_request_create(
        actor=bora.user, sender=bora, recipient=alice, message="Hello"
    )
    slot = event.slots.order_by("starts_at").first()
    return services.meeting_request_accept(actor=alice.user, request=request, slot=slot)


@pytest.fixture
def later(monkeypatch, event):
    """The services' clock moved to after the event."""
    when = event.ends_at + datetime.timedelta(hours=1)
    monkeypatch.setattr(services, "_now", lambda: when)
    return when


def test_check_in_is_recorded_with_who_and_when(site, alice):
    services.registration_check_in(actor=site.staff, registration=alice)
    alice.refresh_from_db()
    assert alice.checked_in_by == site.staff and alice.checked_in_at is not None
    services.registration_check_in(actor=site.staff, registration=alice, attended=False)
    alice.refresh_from_db()
    assert alice.checked_in_at is None and alice.checked_in_by is None
    with pytest.raises(PermissionDenied):
        services.registration_check_in(actor=site.seoul_staff, registration=alice)


def test_held_or_no_show_only_once_the_time_has_come(site, meeting, later):
    meeting.refresh_from_db()
    services.meeting_outcome_record(actor=site.staff, meeting=meeting, outcome="no_show")
    meeting.refresh_from_db()
    assert (meeting.outcome, meeting.outcome_by, meeting.outcome_at) == (
        MeetingOutcome.NO_SHOW,
        site.staff,
        later,
    )


def test_an_early_outcome_and_a_stranger_are_refused(site, meeting, kenji):
    with pytest.raises(ValidationError) as error:
        services.meeting_outcome_record(actor=site.staff, meeting=meeting, outcome="held")
    assert error.value.code == "not_started"
    with pytest.raises(PermissionDenied):
        services.meeting_outcome_record(actor=kenji.user, meeting=meeting, outcome="held")
    assert Meeting.objects.get(pk=meeting.pk).outcome == ""


def test_a_held_meeting_asks_both_sides_and_becomes_a_follow_up(site, meeting, alice, bora, later):
    services.meeting_outcome_record(actor=alice.user, meeting=meeting, outcome="held")
    asked = Notification.objects.filter(kind=NotificationKind.MEETING_FEEDBACK)
    assert {n.recipient_id for n in asked} == {alice.user_id, bora.user_id}
    follow_up = FollowUp.objects.get(source_id=meeting.pk)
    assert follow_up.stage == Stage.MEETING_HELD and follow_up.interest is None
    assert {follow_up.owner_organization_id, follow_up.interested_organization_id} == {
        alice.organization_id,
        bora.organization_id,
    }
    step = FollowUpEvent.objects.get(follow_up=follow_up)
    assert step.via == FollowUpEvent.Via.MEETING

    services.meeting_feedback_give(
        actor=bora.user, meeting=meeting, registration=bora, useful=True, follow_up_planned=False
    )
    answer = MeetingFeedback.objects.get()
    assert (answer.useful, answer.follow_up_planned, answer.answered_by) == (True, False, bora.user)
    with pytest.raises(ValidationError):
        services.meeting_feedback_give(
            actor=bora.user,
            meeting=meeting,
            registration=bora,
            useful=False,
            follow_up_planned=False,
        )
    with pytest.raises(PermissionDenied):
        services.meeting_feedback_give(
            actor=bora.user,
            meeting=meeting,
            registration=alice,
            useful=False,
            follow_up_planned=False,
        )


def test_kpi_counts_a_held_meeting_once(site, meeting, alice, later):
    services.meeting_outcome_record(actor=alice.user, meeting=meeting, outcome="held")
    slot_day = meeting.slot.starts_at.date()
    period = Period(start=slot_day - datetime.timedelta(days=1), end=slot_day)
    # The step the held meeting made in the follow-ups is on today's date: cover it too.
    period = Period(start=min(period.start, datetime.date.today()), end=period.end)
    row = ClusterRow(
        id=site.lyon.pk, name=site.lyon.name, slug=site.lyon.slug, short_name="", country="FR"
    )
    assert cluster_kpis(cluster=row, period=period).meetings_held == 1


def test_organisers_record_a_past_meeting(site, make_event, register, monkeypatch):
    event = make_event(scheduling="auto", slug="past-day")
    a = register(event, site.lyon_org)
    b = register(event, site.seoul_org, attendance="online")
    request = services.meeting_request_create(actor=a.user, sender=a, recipient=b, message="Hi")
    services.meeting_request_accept(actor=b.user, request=request)
    slot = event.slots.order_by("starts_at").first()
    with pytest.raises(ValidationError):  # not over yet
        services.meeting_record_past(actor=site.staff, request=request, slot=slot, outcome="held")
    after = event.ends_at + datetime.timedelta(days=1)
    monkeypatch.setattr(services, "_now", lambda: after)
    with pytest.raises(PermissionDenied):
        services.meeting_record_past(actor=a.user, request=request, slot=slot, outcome="held")
    meeting = services.meeting_record_past(
        actor=site.staff, request=request, slot=slot, outcome="held"
    )
    assert meeting.outcome == MeetingOutcome.HELD and meeting.video_url
    assert meeting.reminded_soon_at == after  # nobody is reminded of a past meeting
    assert FollowUp.objects.filter(source_id=meeting.pk).exists()
    figures = event_figures(event)
    assert figures.meetings["scheduled"] == 1 and figures.meetings["held"] == 1
    assert figures.cross_border == 1 and figures.pairs[("Lyonbiopôle", "Seoul Bio Hub")] == 1


def test_figures_page_and_downloads(site, client, meeting, django_assert_num_queries):
    client.force_login(site.staff)
    url = reverse("stats:event_figures", args=[meeting.event.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert "Lyonbiopôle" in response.content.decode()
    with django_assert_num_queries(11):
        client.get(url)
    csv = client.get(reverse("stats:event_figures_download", args=[meeting.event.slug, "csv"]))
    assert csv.status_code == 200 and b"Seoul Bio Hub" in b"".join(csv.streaming_content)
    xlsx = client.get(reverse("stats:event_figures_download", args=[meeting.event.slug, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_day_page_lists_the_days_people_and_tables(
    site, client, meeting, django_assert_num_queries
):
    client.force_login(site.staff)
    day = meeting.slot.starts_at.astimezone(meeting.event.zone).date()
    url = reverse("events:day", args=[meeting.event.slug]) + f"?date={day.isoformat()}"
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lyon Biotech" in page and "Seoul Devices" in page
    with django_assert_num_queries(11):
        client.get(url)
