"""Insecure direct object references on partnering events: registrations, requests, meetings
and agendas aimed at by id, as test_idor.py does for the rest of the portal.

Each attempt is refused (403/404) and changes nothing; the same request from the rightful
participant works, so the refusal is the permission check and not a form that fails anyway.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from events.models import Meeting, MeetingRequest, MeetingSeat, Registration
from tests.security.objects import Objects, build_objects
from tests.security.walk import fresh_client

REFUSED = (403, 404)
COUNTED = (Registration, MeetingRequest, Meeting, MeetingSeat)


def _state(objects: Objects) -> tuple:
    e = objects.events
    rows = [
        type(item).objects.filter(pk=item.pk).values().first()
        for item in (e.registration_a, e.registration_b, e.request, e.meeting)
    ]
    return rows, [model.objects.count() for model in COUNTED]


@pytest.fixture
def objects(world) -> Objects:
    return build_objects(world)


@pytest.fixture
def as_persona(persona_client):
    def make(persona: str):
        return fresh_client(persona_client(persona).cookies)

    return make


@dataclass(frozen=True)
class Attack:
    persona: str
    method: str
    url: Callable[[Objects], str]
    owner: str | None
    data: Callable[[Objects], dict] = lambda o: {}
    owner_status: int = 302


def _url(name: str, attribute: str | None = None, query: str = "") -> Callable[[Objects], str]:
    def url(o: Objects) -> str:
        args = [o.events.event.slug]
        if attribute:
            args.append(getattr(o.events, attribute).pk)
        return reverse(f"events:{name}", args=args) + query

    return url


def _as(attribute: str) -> Callable[[Objects], dict]:
    return lambda o: {"as": getattr(o.events, attribute).pk}


ATTACKS = {
    "edit A's event profile": Attack(
        "org_admin_b",
        "POST",
        _url("registration_edit", "registration_a"),
        owner="member_a",
        data=lambda o: {"attendance": "online", "time_zone": "Asia/Seoul", "offer": "pwned"},
    ),
    "answer the request to A": Attack(
        "org_admin_a",
        "POST",
        _url("request", "request"),
        owner="member_a",
        data=lambda o: {"decision": "decline", "reason": "no_time"},
    ),
    "accept the request to A as its sender": Attack(
        "org_admin_b",
        "POST",
        _url("request", "request"),
        owner="member_a",
        data=lambda o: {
            "decision": "accept",
            "slot": o.events.event.slots.order_by("starts_at").first().pk,
        },
    ),
    "accept the request to A, acting as A": Attack(
        "staff_y",
        "POST",
        _url("request", "request"),
        owner="staff_x",
        data=lambda o: {
            "decision": "accept",
            "as": o.events.registration_a.pk,
            "slot": o.events.event.slots.order_by("starts_at").first().pk,
        },
    ),
    "cancel A's meeting": Attack(
        "org_admin_b", "POST", _url("meeting_cancel", "meeting"), owner="member_a"
    ),
    "cancel A's meeting, acting as B's colleague": Attack(
        "staff_x",
        "POST",
        _url("meeting_cancel", "meeting"),
        owner="consortium_admin",
        data=_as("registration_b2"),
    ),
    "read A's agenda as A": Attack(
        "staff_y", "GET", _url("agenda", query="?as={a}"), owner="staff_x", owner_status=200
    ),
    "read A's meeting file": Attack(
        "org_admin_b", "GET", _url("meeting_ics", "meeting"), owner="member_a", owner_status=200
    ),
    "send a request as A's colleague": Attack(
        "org_admin_b",
        "POST",
        _url("participant", "registration_b"),
        owner="staff_x",
        data=lambda o: {"message": "Sent for A2", "as": o.events.registration_a2.pk},
    ),
    "check A in at cluster X's event": Attack(
        "staff_y", "POST", _url("check_in", "registration_a"), owner="staff_x"
    ),
    "unlock a meeting of cluster X's event": Attack(
        "staff_y",
        "POST",
        _url("meeting_lock", "meeting"),
        owner="staff_x",
        data=lambda o: {"locked": "0"},
    ),
    "mark A's meeting held": Attack(
        "org_admin_b",
        "POST",
        _url("meeting_outcome", "meeting"),
        owner=None,
        data=lambda o: {"outcome": "held"},
    ),
    "answer about A's meeting": Attack(
        "org_admin_b",
        "GET",
        _url("meeting_feedback", "meeting"),
        owner="member_a",
        owner_status=200,
    ),
    "run cluster X's auto-scheduler": Attack(
        "staff_y", "POST", _url("schedule"), owner=None, data=lambda o: {"action": "run"}
    ),
    "publish cluster X's run": Attack(
        "staff_y", "POST", _url("schedule_publish", "run"), owner=None
    ),
    "read cluster X's day list": Attack(
        "staff_y", "GET", _url("day"), owner="staff_x", owner_status=200
    ),
    "decide a registration of cluster X's event": Attack(
        "staff_y",
        "POST",
        _url("registration_decide", "registration_a"),
        owner=None,
        data=lambda o: {"decision": "decline"},
    ),
}


def _resolve(objects: Objects, attack: Attack) -> str:
    return attack.url(objects).replace("{a}", str(objects.events.registration_a.pk))


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_another_participants_object_is_out_of_reach(objects, as_persona, attack):
    client = as_persona(attack.persona)
    url, data = _resolve(objects, attack), attack.data(objects)
    before = _state(objects)

    response = client.get(url) if attack.method == "GET" else client.post(url, data)

    assert response.status_code in REFUSED, (url, response.status_code)
    assert _state(objects) == before


WITH_OWNER = {key: attack for key, attack in ATTACKS.items() if attack.owner}


@pytest.mark.parametrize("attack", WITH_OWNER.values(), ids=WITH_OWNER.keys())
def test_the_same_request_works_for_the_rightful_user(objects, as_persona, attack):
    client = as_persona(attack.owner)
    url, data = _resolve(objects, attack), attack.data(objects)
    before = _state(objects)

    response = client.get(url) if attack.method == "GET" else client.post(url, data)

    assert response.status_code == attack.owner_status, (url, response.status_code)
    if attack.method == "POST":
        assert _state(objects) != before


def test_a_calendar_feed_token_opens_only_its_own_agenda(objects, client):
    e = objects.events
    token = e.feed_token_a
    own = client.get(reverse("events:agenda_ics", args=[e.event.slug]), {"token": token})
    tampered = client.get(
        reverse("events:agenda_ics", args=[e.event.slug]), {"token": token[:-2] + "xx"}
    )

    assert own.status_code == 200 and b"BEGIN:VEVENT" in own.content
    assert tampered.status_code == 404


def test_a_rotated_feed_key_invalidates_the_old_link(objects, client):
    e = objects.events
    Registration.objects.filter(pk=e.registration_a.pk).update(feed_key="f" * 32)

    response = client.get(
        reverse("events:agenda_ics", args=[e.event.slug]), {"token": e.feed_token_a}
    )

    assert response.status_code == 404
