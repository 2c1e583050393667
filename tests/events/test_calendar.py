"""Every .ics parses back with icalendar and carries the right UTC instants."""

import datetime
from unittest.mock import patch

import icalendar
import pytest
from django.urls import reverse

from events.calendar import agenda_feed, meeting_calendar
from events.models import Event
from events.selectors import agenda, feed_token
from events.services import (
    meeting_cancel,
    meeting_request_accept,
    meeting_request_create,
    meeting_reschedule,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(alice, kenji, event):
    request = meeting_request_create(
        actor=alice.user, sender=alice, recipient=kenji, message="Shall we meet?"
    )
    slot = event.slots.order_by("starts_at").first()
    meeting_request_accept(actor=kenji.user, request=request, slot=slot)
    return request.meeting


def parsed_meeting(registration) -> tuple[icalendar.Calendar, icalendar.Event]:
    [meeting] = agenda(registration=registration, include_cancelled=True)
    calendar = icalendar.Calendar.from_ical(meeting_calendar(meeting, registration))
    [entry] = calendar.walk("VEVENT")
    return calendar, entry


def test_a_meeting_file_carries_its_utc_times_and_the_counterpart(meeting, alice):
    calendar, entry = parsed_meeting(alice)

    assert calendar["METHOD"] == "REQUEST"
    assert entry.decoded("DTSTART") == meeting.slot.starts_at
    assert entry.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert entry.decoded("DTEND") == meeting.slot.ends_at
    assert "Osaka Labs" in str(entry["SUMMARY"])
    assert str(entry["LOCATION"]) == meeting.video_url
    assert entry["SEQUENCE"] == 0


def test_a_cancellation_keeps_the_uid_raises_the_sequence_and_says_cancel(meeting, alice):
    _calendar, before = parsed_meeting(alice)

    meeting_cancel(actor=alice.user, meeting=meeting)

    calendar, after = parsed_meeting(alice)
    assert calendar["METHOD"] == "CANCEL"
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == 1
    assert str(after["STATUS"]) == "CANCELLED"


def test_a_reschedule_moves_the_instants_under_the_same_uid(meeting, alice, event, site):
    _calendar, before = parsed_meeting(alice)
    later = event.slots.order_by("starts_at")[3]

    meeting_reschedule(actor=site.staff, meeting=meeting, slot=later)

    calendar, after = parsed_meeting(alice)
    assert calendar["METHOD"] == "REQUEST"
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == 1
    assert after.decoded("DTSTART") == later.starts_at


def test_the_feed_lists_every_meeting_with_cancelled_ones_marked(meeting, alice, bora, event):
    request = meeting_request_create(
        actor=bora.user, sender=bora, recipient=alice, message="Coffee?"
    )
    second_slot = event.slots.order_by("starts_at")[1]
    meeting_request_accept(actor=alice.user, request=request, slot=second_slot)
    meeting_cancel(actor=alice.user, meeting=meeting)

    feed = icalendar.Calendar.from_ical(
        agenda_feed(alice, agenda(registration=alice, include_cancelled=True))
    )

    assert feed["METHOD"] == "PUBLISH"
    entries = {str(e["STATUS"]): e for e in feed.walk("VEVENT")}
    assert set(entries) == {"CANCELLED", "CONFIRMED"}
    assert entries["CONFIRMED"].decoded("DTSTART") == second_slot.starts_at
    assert entries["CONFIRMED"]["LOCATION"].startswith("Table 1")


def _feed(client, registration) -> icalendar.Calendar:
    url = reverse("events:agenda_ics", args=[registration.event.slug])
    response = client.get(url, {"token": feed_token(registration)})
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def test_a_rescheduled_meeting_is_in_the_next_feed(meeting, alice, event, site, client):
    [before] = _feed(client, alice).walk("VEVENT")
    later = event.slots.order_by("starts_at")[3]
    assert before.decoded("DTSTART") == meeting.slot.starts_at != later.starts_at

    meeting_reschedule(actor=site.staff, meeting=meeting, slot=later)

    [after] = _feed(client, alice).walk("VEVENT")
    assert after.decoded("DTSTART") == later.starts_at
    assert after["SEQUENCE"] == 1


def test_a_cancelled_or_new_meeting_is_in_the_next_feed(meeting, alice, bora, event, client):
    assert [str(e["STATUS"]) for e in _feed(client, alice).walk("VEVENT")] == ["CONFIRMED"]

    meeting_cancel(actor=alice.user, meeting=meeting)
    request = meeting_request_create(actor=bora.user, sender=bora, recipient=alice, message="Hi")
    meeting_request_accept(
        actor=alice.user, request=request, slot=event.slots.order_by("starts_at")[1]
    )

    statuses = sorted(str(e["STATUS"]) for e in _feed(client, alice).walk("VEVENT"))
    assert statuses == ["CANCELLED", "CONFIRMED"]


def test_an_edited_event_is_in_the_next_feed(meeting, alice, event, client):
    _feed(client, alice)

    Event.objects.filter(pk=event.pk).update(title="Renamed partnering day")

    [entry] = _feed(client, alice).walk("VEVENT")
    assert "Renamed partnering day" in str(entry["SUMMARY"])


def test_the_feed_is_built_once_until_something_changes(meeting, alice, client):
    first = _feed(client, alice).to_ical()

    with patch("events.calendar.agenda_feed") as build:
        second = _feed(client, alice).to_ical()

    build.assert_not_called()
    assert second == first
