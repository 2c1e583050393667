"""Every .ics parses back with icalendar and carries the right UTC instants."""

import datetime

import icalendar
import pytest

from events.calendar import agenda_feed, meeting_calendar
from events.selectors import agenda
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
