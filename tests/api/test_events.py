"""Partnering events and meetings in the API: what the pages show the same person, incremental
sync with tombstones, and the `meeting.scheduled` webhook for both participants' sides."""

import datetime

import pytest
from django.utils import timezone
from rest_framework import serializers as drf

from accounts.services import user_delete
from api import selectors, serializers
from api.models import Tombstone, WebhookDelivery, WebhookEvent
from api.services import webhook_endpoint_create
from clusters.models import Cluster, TechnologyArea
from events.models import Event, Meeting, Registration
from events.services import (
    event_create,
    event_publish,
    event_update,
    meeting_cancel,
    meeting_request_accept,
    meeting_request_create,
)
from events.times import Window
from opportunities.models import ExpressionOfInterest
from tests.personas import PERSONAS, client_for
from tests.security.objects import build_objects

from .test_visibility import _api_client, _listed


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://portal.wlscc.example"


def _since(moment: datetime.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _ids(response) -> set:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def _draft(world, persona: str, cluster, slug: str) -> Event:
    now = timezone.now()
    day = timezone.localdate() + datetime.timedelta(days=30)
    return event_create(
        actor=world.user(persona),
        slug=slug,
        organisers=[cluster],
        windows=[Window(day, datetime.time(9), datetime.time(10))],
        data={
            "title": f"Draft {slug}",
            "format": "online",
            "time_zone": "Asia/Seoul",
            "video_link_template": "https://meet.example.org/{event}-{meeting}",
            "registration_deadline": now + datetime.timedelta(days=10),
            "request_deadline": now + datetime.timedelta(days=15),
        },
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_lists_exactly_the_events_the_pages_show(world, persona):
    build_objects(world)
    _draft(world, "staff_x", world.cluster_x, "draft-of-x")
    _draft(world, "staff_y", world.cluster_y, "draft-of-y")
    page_client, api_client = client_for(world, persona), _api_client(world, persona)

    on_pages = {
        event.slug
        for event in Event.objects.all()
        if page_client.get(f"/events/{event.slug}/").status_code == 200
    }

    assert on_pages
    assert _listed(api_client, "/api/v1/events/?page_size=1", "slug") == on_pages


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_lists_exactly_the_meetings_of_the_agendas_the_pages_open(world, persona):
    """A meeting is the reader's when they may open the agenda of one of its participants
    (their own, or as organising staff `?as=<registration>`)."""
    objects = build_objects(world)
    events = objects.events
    cancelled = meeting_request_accept(
        actor=events.registration_a2.user,
        request=meeting_request_create(
            actor=events.registration_b.user,
            sender=events.registration_b,
            recipient=events.registration_a2,
            message="Hello",
        ),
        slot=events.event.slots.order_by("starts_at")[2],
    )
    meeting_cancel(actor=events.registration_b.user, meeting=cancelled)
    page_client, api_client = client_for(world, persona), _api_client(world, persona)

    agendas = {
        registration.pk
        for registration in Registration.objects.all()
        if page_client.get(f"/events/{events.event.slug}/agenda/?as={registration.pk}").status_code
        == 200
    }
    on_pages = {
        meeting.pk
        for meeting in Meeting.objects.select_related("request")
        if {meeting.request.sender_id, meeting.request.recipient_id} & agendas
    }

    assert _listed(api_client, "/api/v1/meetings/?page_size=1", "id") == on_pages
    for meeting_id in on_pages:
        assert api_client.get(f"/api/v1/meetings/{meeting_id}/").status_code == 200
    for meeting in Meeting.objects.exclude(pk__in=on_pages):
        assert api_client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404


def test_an_event_shows_its_public_fields_with_stable_values_and_absolute_urls(world, client):
    objects = build_objects(world)

    body = client.get("/api/v1/events/walk-event/").json()

    assert body["status"] == "published"
    assert body["format"] == "hybrid"
    assert body["organisers"] == [world.cluster_x.slug]
    assert body["url"] == "https://portal.wlscc.example/events/walk-event/"
    assert body["api_url"] == "https://portal.wlscc.example/api/v1/events/walk-event/"
    assert "video_link_template" not in body
    assert body["starts_at"] == objects.events.event.starts_at.isoformat().replace("+00:00", "Z")


def test_a_meeting_names_both_organizations_and_its_time(world, api_key):
    objects = build_objects(world)
    meeting = objects.events.meeting

    body = api_key("staff_x").client().get(f"/api/v1/meetings/{meeting.pk}/").json()

    assert body["organizations"] == [world.org_b.slug, world.org_a.slug]
    assert body["event"] == "walk-event"
    assert body["status"] == "scheduled"
    assert body["source"] == "pair"
    assert body["url"] == "https://portal.wlscc.example/events/walk-event/agenda/"


def test_modified_since_lists_exactly_the_events_changed_after_it(world, client):
    build_objects(world)
    draft = _draft(world, "staff_x", world.cluster_x, "published-later")
    moment = timezone.now()

    assert _ids(client.get("/api/v1/events/", {"modified_since": _since(moment)})) == set()
    event_publish(actor=world.user("staff_x"), event=draft)

    assert _ids(client.get("/api/v1/events/", {"modified_since": _since(moment)})) == {draft.pk}


def test_modified_since_lists_a_cancelled_meeting(world, api_key):
    objects = build_objects(world)
    moment = timezone.now()
    meeting_cancel(actor=world.user("member_a"), meeting=objects.events.meeting)

    response = (
        api_key("staff_x").client().get("/api/v1/meetings/", {"modified_since": _since(moment)})
    )

    assert [(row["id"], row["status"]) for row in response.json()["results"]] == [
        (objects.events.meeting.pk, "cancelled")
    ]


def test_a_draft_whose_organisers_lost_a_cluster_is_removed_for_that_clusters_staff(world, api_key):
    draft = _draft(world, "staff_x", world.cluster_x, "shared-draft")
    event_update(
        actor=world.user("staff_x"),
        event=draft,
        organisers=[world.cluster_x, world.cluster_y],
        data={},
    )
    moment = timezone.now()
    staff_y = api_key("staff_y").client()
    assert draft.pk in _ids(staff_y.get("/api/v1/events/"))

    event_update(actor=world.user("staff_x"), event=draft, organisers=[world.cluster_x], data={})

    query = {"modified_since": _since(moment)}
    removed = staff_y.get("/api/v1/events/removed/", query).json()["results"]
    assert [(row["id"], row["reason"]) for row in removed] == [(draft.pk, "hidden")]
    assert draft.pk not in _ids(staff_y.get("/api/v1/events/"))
    assert _ids(api_key("staff_x").client().get("/api/v1/events/removed/", query)) == set()


def test_a_published_event_stays_listed_when_its_organisers_change(world, client):
    objects = build_objects(world)
    moment = timezone.now()

    event_update(
        actor=world.user("staff_x"),
        event=objects.events.event,
        organisers=[world.cluster_x, world.cluster_y],
        data={},
    )

    query = {"modified_since": _since(moment)}
    assert _ids(client.get("/api/v1/events/removed/", query)) == set()
    assert _ids(client.get("/api/v1/events/", query)) == {objects.events.event.pk}


def test_meetings_of_a_deleted_account_are_removed(world, api_key):
    objects = build_objects(world)
    meeting = objects.events.meeting
    moment = timezone.now()

    user_delete(user=objects.events.registration_b2.user)

    query = {"modified_since": _since(moment)}
    removed = api_key("staff_x").client().get("/api/v1/meetings/removed/", query)
    assert [(row["id"], row["reason"]) for row in removed.json()["results"]] == [
        (meeting.pk, "deleted")
    ]


def test_removed_meetings_need_modified_since(world, client):
    response = client.get("/api/v1/meetings/removed/")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


# --- meeting.scheduled ---------------------------------------------------------------------


def _hook(world, persona: str, **holder):
    return webhook_endpoint_create(
        actor=world.user(persona),
        url="https://hooks.example.org/wlscc",
        events=[WebhookEvent.MEETING_SCHEDULED],
        **holder,
    )


def test_a_scheduled_meeting_reaches_both_organizations_and_the_organising_cluster(
    world, monkeypatch
):
    monkeypatch.setattr("api.services.target_check", lambda url: ("hooks.example.org", 443, ""))
    objects = build_objects(world)
    events = objects.events
    hook_a = _hook(world, "org_admin_a", organization=world.org_a)
    hook_b = _hook(world, "org_admin_b", organization=world.org_b)
    hook_x = _hook(world, "staff_x", cluster=world.cluster_x)
    hook_y = _hook(world, "staff_y", cluster=world.cluster_y)  # Y does not organise the event

    request = meeting_request_create(
        actor=events.registration_b.user,
        sender=events.registration_b,
        recipient=events.registration_a2,
        message="Shall we meet?",
    )
    meeting = meeting_request_accept(
        actor=events.registration_a2.user,
        request=request,
        slot=events.event.slots.order_by("starts_at")[3],
    )

    deliveries = WebhookDelivery.objects.filter(event_type="meeting.scheduled")
    assert {delivery.endpoint_id for delivery in deliveries} == {hook_a.pk, hook_b.pk, hook_x.pk}
    assert hook_y.pk not in {delivery.endpoint_id for delivery in deliveries}
    data = deliveries.first().payload["data"]
    assert data["meeting"]["id"] == meeting.pk
    assert data["meeting"]["organizations"] == [world.org_b.slug, world.org_a.slug]
    assert data["meeting"]["source"] == "pair"
    assert (
        data["meeting"]["api_url"] == f"https://portal.wlscc.example/api/v1/meetings/{meeting.pk}/"
    )
    assert data["event"]["api_url"] == "https://portal.wlscc.example/api/v1/events/walk-event/"


def test_an_endpoint_not_subscribed_to_meetings_hears_nothing_of_them(world, monkeypatch):
    monkeypatch.setattr("api.services.target_check", lambda url: ("hooks.example.org", 443, ""))
    webhook_endpoint_create(
        actor=world.user("org_admin_a"),
        url="https://hooks.example.org/wlscc",
        events=[WebhookEvent.OPPORTUNITY_PUBLISHED],
        organization=world.org_a,
    )

    build_objects(world)  # schedules a meeting of A

    assert not WebhookDelivery.objects.filter(event_type="meeting.scheduled").exists()


# --- Queries: a page costs the same whatever its length ------------------------------------


@pytest.mark.parametrize("drafts", [1, 8])
def test_the_event_list_costs_a_fixed_number_of_queries(
    world, api_key, django_assert_num_queries, drafts
):
    for index in range(drafts):
        _draft(world, "staff_x", world.cluster_x, f"draft-{index}")
    client = api_key("staff_x").client()
    client.get("/api/v1/clusters/")  # last_used_at written: not part of the count below

    # the key with its owner's roles and TOTP (one query), events, their organisers
    with django_assert_num_queries(3):
        response = client.get("/api/v1/events/")

    assert len(response.json()["results"]) == drafts


@pytest.mark.parametrize("more", [0, 2])
def test_the_meeting_list_costs_a_fixed_number_of_queries(
    world, api_key, django_assert_num_queries, more
):
    events = build_objects(world).events
    slots = list(events.event.slots.order_by("starts_at"))
    if more:
        meeting_request_accept(
            actor=events.registration_a.user, request=events.request, slot=slots[2]
        )
        request = meeting_request_create(
            actor=events.registration_b.user,
            sender=events.registration_b,
            recipient=events.registration_a2,
            message="Hello",
        )
        meeting_request_accept(actor=events.registration_a2.user, request=request, slot=slots[3])
    client = api_key("staff_x").client()
    client.get("/api/v1/clusters/")

    # the key with its owner's roles and TOTP (one query), meetings with their event, slot,
    # participants and organizations
    with django_assert_num_queries(2):
        response = client.get("/api/v1/meetings/")

    assert len(response.json()["results"]) == 1 + more


# --- The fast representation is DRF's ------------------------------------------------------


def test_the_fast_representation_is_exactly_drfs(world, rf):
    """Every list serializer's `to_representation` (api.serializers.FastRepresentationMixin)
    gives what DRF's own gives, field for field, for every kind of row."""
    build_objects(world)
    request = rf.get("/api/v1/")
    request.user = world.user("staff_x")
    cases = [
        (serializers.ClusterSerializer, Cluster.objects.all()),
        (serializers.TechnologyAreaSerializer, TechnologyArea.objects.all()),
        (serializers.OrganizationSerializer, selectors.organization_api_list(user=request.user)),
        (serializers.OpportunitySerializer, selectors.opportunity_api_list(user=request.user)),
        (serializers.InterestSerializer, ExpressionOfInterest.objects.all()),
        (serializers.EventSerializer, selectors.event_api_list(user=request.user)),
        (serializers.MeetingSerializer, selectors.meeting_api_list(user=request.user)),
        (serializers.TombstoneSerializer, Tombstone.objects.all()),
    ]
    Tombstone.objects.create(kind="event", object_id=1, reason="hidden")
    for serializer_class, rows in cases:
        serializer = serializer_class(context={"request": request})
        rows = list(rows)
        assert rows, serializer_class
        for row in rows:
            fast = serializer.to_representation(row)
            drfs = drf.ModelSerializer.to_representation(serializer, row)
            assert fast == dict(drfs), serializer_class
