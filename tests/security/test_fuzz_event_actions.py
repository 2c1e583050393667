"""Hostile input to the partnering-event actions added with the auto-scheduler (held /
no-show, check-in, lock, run, day, feedback): a clear answer, never HTTP 500, no change."""

import pytest
from django.urls import reverse

from events.models import Meeting, MeetingFeedback, Registration, ScheduleRun
from tests.security.objects import build_objects
from tests.security.payloads import NUL_PAYLOAD, PAYLOADS
from tests.security.walk import fresh_client

HOSTILE = [*PAYLOADS[:6], NUL_PAYLOAD, "", " ", "0" * 5000, "-1", "9" * 30, "held\x00"]


def _state(objects) -> tuple:
    e = objects.events
    return (
        list(Meeting.objects.order_by("pk").values()),
        list(Registration.objects.order_by("pk").values("pk", "checked_in_at")),
        ScheduleRun.objects.count(),
        MeetingFeedback.objects.count(),
        e.event.pk,
    )


@pytest.fixture
def objects(world):
    return build_objects(world)


@pytest.mark.parametrize(
    ("persona", "name", "attribute", "field"),
    [
        ("member_a", "meeting_outcome", "meeting", "outcome"),
        ("staff_x", "meeting_outcome", "meeting", "outcome"),
        ("staff_x", "schedule", None, "action"),
        ("member_a", "meeting_feedback", "meeting", "useful"),
    ],
)
def test_hostile_values_change_nothing(objects, persona_client, persona, name, attribute, field):
    client = fresh_client(persona_client(persona).cookies)
    e = objects.events
    args = [e.event.slug] + ([getattr(e, attribute).pk] if attribute else [])
    url = reverse(f"events:{name}", args=args)
    before = _state(objects)
    for value in HOSTILE:
        response = client.post(url, {field: value, "next": value})
        assert response.status_code in (200, 302, 400), (value, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/"), response["Location"]
            assert not response["Location"].startswith("//")
    assert _state(objects) == before


def test_hostile_day_and_next_values(objects, persona_client):
    client = fresh_client(persona_client("staff_x").cookies)
    e = objects.events
    day = reverse("events:day", args=[e.event.slug])
    for value in HOSTILE:
        # 400: the request guard refuses a NUL byte before the view.
        assert client.get(day, {"date": value}).status_code in (200, 400), value
    lock = reverse("events:meeting_lock", args=[e.event.slug, e.meeting.pk])
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        response = client.post(lock, {"locked": "1", "next": target})
        assert response.status_code == 302
        assert response["Location"] == day
