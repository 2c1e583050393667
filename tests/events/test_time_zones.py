"""An event in Boston across the start of daylight-saving time, seen from Seoul."""

import datetime
import zoneinfo

import pytest

from events.services import registration_create
from events.times import Window, default_time_zone, slot_times
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db

BOSTON = zoneinfo.ZoneInfo("America/New_York")
# US daylight-saving time starts on Sunday 14 March 2027.
FRIDAY, MONDAY = datetime.date(2027, 3, 12), datetime.date(2027, 3, 15)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def test_a_window_keeps_its_local_start_on_both_sides_of_the_change():
    before = slot_times(
        Window(FRIDAY, datetime.time(9), datetime.time(10)),
        zone=BOSTON,
        meeting_minutes=25,
        break_minutes=5,
    )
    after = slot_times(
        Window(MONDAY, datetime.time(9), datetime.time(10)),
        zone=BOSTON,
        meeting_minutes=25,
        break_minutes=5,
    )

    assert before == [
        (utc(2027, 3, 12, 14, 0), utc(2027, 3, 12, 14, 25)),
        (utc(2027, 3, 12, 14, 30), utc(2027, 3, 12, 14, 55)),
    ]
    assert after[0] == (utc(2027, 3, 15, 13, 0), utc(2027, 3, 15, 13, 25))


def test_the_event_stores_its_boston_slots_in_utc(make_event):
    event = make_event(
        slug="boston",
        time_zone="America/New_York",
        windows=[
            Window(FRIDAY, datetime.time(9), datetime.time(10)),
            Window(MONDAY, datetime.time(9), datetime.time(10)),
        ],
    )

    starts = list(event.slots.order_by("starts_at").values_list("starts_at", flat=True))

    assert starts == [
        utc(2027, 3, 12, 14, 0),
        utc(2027, 3, 12, 14, 30),
        utc(2027, 3, 15, 13, 0),
        utc(2027, 3, 15, 13, 30),
    ]
    assert [s.astimezone(BOSTON).hour for s in starts] == [9, 9, 9, 9]
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    assert [s.astimezone(seoul).strftime("%d %H:%M") for s in starts] == [
        "12 23:00",
        "12 23:30",
        "15 22:00",
        "15 22:30",
    ]


def test_a_person_gets_the_time_zone_of_their_country_by_default(make_event, site):
    event = make_event(slug="boston", time_zone="America/New_York")
    person = MembershipFactory(organization=site.seoul_org).user

    [registration] = registration_create(
        actor=person, event=event, organization=site.seoul_org, people=[person], data={}
    )

    assert registration.time_zone == "Asia/Seoul"


def test_a_country_without_a_default_starts_with_the_event_time_zone():
    assert default_time_zone("BR", "America/New_York") == "America/New_York"
