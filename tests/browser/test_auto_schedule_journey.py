"""The organisers' auto-scheduler in real browsers: with accepted requests at an event that
uses it, cluster staff run it, see the preview (nothing booked yet), publish; a participant's
agenda then shows the new time in their own time zone and their calendar feed carries it.
Every page passes axe (WCAG 2.1 AA)."""

import datetime

import icalendar
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Meeting
from events.services import (
    event_create,
    event_publish,
    meeting_request_accept,
    meeting_request_create,
    registration_create,
)
from events.times import Window
from tests.browser.test_journeys import consortium, person  # noqa: F401 (fixtures)

SLUG = "lyon-osaka-auto"


def _event(consortium) -> Event:  # noqa: F811
    staff = consortium.users["lyon_staff"]
    now = timezone.now()
    day = timezone.localdate() + datetime.timedelta(days=10)
    event = event_create(
        actor=staff,
        slug=SLUG,
        organisers=[consortium.clusters["RAB"]],
        windows=[Window(day, datetime.time(9), datetime.time(10))],
        data={
            "title": "Lyon–Osaka scheduled day",
            "format": "hybrid",
            "time_zone": "Europe/Paris",
            "tables": 2,
            "video_link_template": "https://meet.example.org/{event}-{meeting}",
            "registration_deadline": now + datetime.timedelta(days=5),
            "request_deadline": now + datetime.timedelta(days=6),
            "scheduling": "auto",
        },
    )
    event_publish(actor=staff, event=event)
    marie, kenji = consortium.users["lyon_member"], consortium.users["osaka_member"]
    [a] = registration_create(
        actor=marie,
        event=event,
        organization=consortium.organizations["lyon"],
        people=[marie],
        data={"attendance": "in_person"},
    )
    [b] = registration_create(
        actor=kenji,
        event=event,
        organization=consortium.organizations["osaka"],
        people=[kenji],
        data={"attendance": "online", "time_zone": "Asia/Tokyo"},
    )
    request = meeting_request_create(actor=marie, sender=a, recipient=b, message="Shall we?")
    meeting_request_accept(actor=kenji, request=request)
    return event


def test_organisers_run_preview_and_publish_and_the_agenda_follows(person, consortium):  # noqa: F811
    _event(consortium)

    staff_page, staff = person("lyon_staff")
    staff.open(f"/events/{SLUG}/schedule/")
    staff.check_page("event-schedule")
    staff_page.get_by_role("button", name="Run the auto-scheduler").click()
    expect(staff_page.get_by_text("The preview is ready: nothing is booked yet.")).to_be_visible()
    expect(staff_page.locator("#schedule-scheduled")).to_contain_text("Kenji")
    staff.check_page("event-schedule-preview")
    assert not Meeting.objects.exists()  # a preview books nothing

    staff_page.get_by_role("button", name="Publish this schedule").click()
    expect(staff_page.get_by_text("The schedule is published")).to_be_visible()
    meeting = Meeting.objects.select_related("slot").get()
    assert meeting.source == "organisers"

    # Kenji (Tokyo) sees it in his time zone, and his calendar feed carries it.
    kenji_page, kenji = person("osaka_member")
    kenji.open(f"/events/{SLUG}/agenda/")
    tokyo = meeting.slot.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    expect(kenji_page.locator("[data-meeting-time]")).to_contain_text(
        f"{tokyo:%H:%M}–", use_inner_text=True
    )
    expect(kenji_page.locator("[data-meeting-time]")).to_contain_text("JST")
    kenji.check_page("event-agenda-scheduled")
    feed_url = kenji_page.locator("#feed-url").input_value()
    assert "/agenda.ics?token=" in feed_url
    response = kenji_page.request.get(feed_url)
    assert response.ok
    [entry] = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert entry.decoded("DTSTART") == meeting.slot.starts_at
    assert entry.decoded("DTEND") == meeting.slot.ends_at
