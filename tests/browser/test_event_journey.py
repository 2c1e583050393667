"""The partnering journey in real browsers, each person in their own: staff create and publish
an event, members of two clusters register, one requests a meeting, the other accepts and
picks a time, both agendas show it in their own time zone, and the .ics downloads.
Every page passes axe (WCAG 2.1 AA) at phone and desktop widths."""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Meeting
from tests.browser.test_journeys import consortium, person  # noqa: F401 (fixtures)

SLUG = "lyon-osaka-day"


def test_staff_create_members_register_request_accept_and_download(person, consortium):  # noqa: F811
    day = timezone.localdate() + datetime.timedelta(days=10)
    deadline = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()

    # Cluster staff in Lyon create a hybrid event and publish it.
    staff_page, staff = person("lyon_staff")
    staff.open("/events/new/")
    staff.check_page("event-form")
    staff_page.get_by_label("Slug").fill(SLUG)
    staff_page.get_by_label("Title").fill("Lyon–Osaka diagnostics day")
    staff_page.get_by_label("Time zone of the event").select_option("Europe/Paris")
    staff_page.get_by_label("Tables on site").fill("4")
    staff_page.get_by_label("Video-room link template").fill(
        "https://meet.example.org/{event}-{meeting}"
    )
    staff_page.get_by_label("Registration deadline").fill(f"{deadline}T18:00")
    staff_page.get_by_label("Meeting request deadline").fill(f"{deadline}T20:00")
    staff_page.get_by_label("Days and meeting windows").fill(f"{day.isoformat()} 09:00-10:00")
    staff_page.get_by_role("button", name="Save").click()
    expect(staff_page).to_have_url(re.compile(rf"/events/{SLUG}/manage/$"))
    staff.check_page("event-manage")
    staff_page.get_by_role("button", name="Publish").click()
    expect(staff_page.get_by_text("The event is published")).to_be_visible()
    assert Event.objects.get(slug=SLUG).status == "published"

    # Members of two clusters register: Marie (Lyon) in person, Kenji (Osaka) online.
    marie_page, marie = person("lyon_member")
    marie.open(f"/events/{SLUG}/")
    marie.check_page("event-detail")
    marie_page.get_by_role("link", name="Register").click()
    marie.check_page("event-register")
    marie_page.get_by_label("In person").check()
    marie_page.get_by_label("What we offer").fill("A CE-marked sepsis assay")
    marie_page.get_by_role("button", name="Register").click()
    expect(marie_page.get_by_text("You are registered")).to_be_visible()

    kenji_page, kenji = person("osaka_member")
    kenji.open(f"/events/{SLUG}/register/")
    kenji_page.get_by_label("Online").check()
    kenji_page.get_by_label("What we seek").fill("Sepsis diagnostics to distribute in Japan")
    kenji_page.get_by_role("button", name="Register").click()
    expect(kenji_page.get_by_text("You are registered")).to_be_visible()

    # Marie finds Kenji in the catalogue and requests a meeting.
    marie.open(f"/events/{SLUG}/participants/")
    marie.check_page("event-participants")
    marie_page.get_by_role("link", name=re.compile("Request a meeting")).first.click()
    marie.check_page("event-participant")
    marie_page.get_by_label("Your message").fill("Shall we talk about distribution in Japan?")
    marie_page.get_by_role("button", name="Send the request").click()
    expect(marie_page.get_by_text("Your request has been sent.")).to_be_visible()
    marie.check_page("event-requests")

    # Kenji accepts and picks the first time free for both.
    kenji.open(f"/events/{SLUG}/requests/")
    kenji_page.get_by_role("link", name=re.compile("From ")).click()
    kenji.check_page("event-request")
    kenji_page.get_by_role("button", name="Accept and book this time").click()
    expect(kenji_page.get_by_text("Accepted: the meeting is in both agendas.")).to_be_visible()
    meeting = Meeting.objects.select_related("slot").get()

    # Both agendas show it in their own time zone (Tokyo for Kenji, Paris for Marie).
    tokyo = meeting.slot.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    expect(kenji_page.locator("[data-meeting-time]")).to_contain_text(
        f"{tokyo:%H:%M}–", use_inner_text=True
    )
    expect(kenji_page.locator("[data-meeting-time]")).to_contain_text("JST")
    kenji.check_page("event-agenda")
    marie.open(f"/events/{SLUG}/agenda/")
    expect(marie_page.locator("[data-meeting-time]")).to_contain_text("09:00–09:30")
    expect(marie_page.locator("[data-meeting-time]")).to_contain_text(re.compile("CES?T"))

    # The .ics downloads and carries the meeting's UTC instants.
    with marie_page.expect_download() as download_info:
        marie_page.get_by_role("link", name="Add to my calendar (.ics)").click()
    path = download_info.value.path()
    [entry] = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert entry.decoded("DTSTART") == meeting.slot.starts_at
    assert entry.decoded("DTEND") == meeting.slot.ends_at


@pytest.mark.parametrize("path", ["/events/"])
def test_the_event_list_is_accessible_to_visitors(page, checks, consortium, path):  # noqa: F811
    checks.open(path)
    checks.check_page("event-list")
