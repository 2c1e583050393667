"""A partnering event organised by cluster X, for the walk and the IDOR tests.

    member_a (A) ── registration_a          org_admin_b (B) ── registration_b
    colleague of B ── registration_b2            colleague of A ── registration_a2
    request: B → A, waiting for A's answer; meeting: B2 ↔ A (scheduled); run: a failed
    auto-scheduler run
    org_admin_a and the staff are not registered

Objects.events.registration_a, .request, .meeting, .feed_token_a, ...
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from events.models import (
    Event,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Registration,
    RunStatus,
    ScheduleRun,
)
from events.selectors import feed_token
from events.services import (
    event_create,
    event_publish,
    meeting_request_accept,
    meeting_request_create,
    registration_create,
)
from events.times import Window
from tests.partners.factories import MembershipFactory
from tests.personas import World


@dataclass
class EventObjects:
    event: Event
    registration_a: Registration  # member_a's
    registration_b: Registration  # org_admin_b's
    registration_b2: Registration  # a colleague of B (not a persona)
    registration_a2: Registration  # a colleague of A (not a persona), no request yet
    request: MeetingRequest  # B → A, pending
    meeting: Meeting  # B2 ↔ A
    feed_token_a: str
    run: ScheduleRun  # a failed auto-scheduler run (publishing it is refused)
    feedback: MeetingFeedback  # A's answer about the meeting


def _register(event: Event, user, organization) -> Registration:
    [registration] = registration_create(
        actor=user, event=event, organization=organization, people=[user], data={}
    )
    return registration


def build_event_objects(world: World) -> EventObjects:
    now = timezone.now()
    day = timezone.localdate() + datetime.timedelta(days=20)
    event = event_create(
        actor=world.user("staff_x"),
        slug="walk-event",
        organisers=[world.cluster_x],
        windows=[Window(day, datetime.time(9), datetime.time(11))],
        data={
            "title": "Walk partnering day",
            "format": "hybrid",
            "time_zone": "Europe/Paris",
            "tables": 4,
            "video_link_template": "https://meet.example.org/{event}-{meeting}",
            "registration_deadline": now + datetime.timedelta(days=10),
            "request_deadline": now + datetime.timedelta(days=15),
        },
    )
    event_publish(actor=world.user("staff_x"), event=event)
    registration_a = _register(event, world.user("member_a"), world.org_a)
    registration_b = _register(event, world.user("org_admin_b"), world.org_b)
    colleague = MembershipFactory(organization=world.org_b, user__email="b2@persona.example").user
    registration_b2 = _register(event, colleague, world.org_b)
    colleague_a = MembershipFactory(organization=world.org_a, user__email="a2@persona.example")
    registration_a2 = _register(event, colleague_a.user, world.org_a)
    request = meeting_request_create(
        actor=registration_b.user, sender=registration_b, recipient=registration_a, message="Hi"
    )
    accepted = meeting_request_create(
        actor=colleague, sender=registration_b2, recipient=registration_a, message="Hello"
    )
    meeting = meeting_request_accept(
        actor=registration_a.user, request=accepted, slot=event.slots.order_by("starts_at")[1]
    )
    return EventObjects(
        event=event,
        registration_a=registration_a,
        registration_b=registration_b,
        registration_b2=registration_b2,
        registration_a2=registration_a2,
        request=request,
        meeting=meeting,
        feed_token_a=feed_token(registration_a),
        run=ScheduleRun.objects.create(
            event=event, status=RunStatus.FAILED, created_by=world.user("staff_x")
        ),
        # A's answer about the meeting (written directly: answering needs it held, later).
        feedback=MeetingFeedback.objects.create(
            meeting=meeting, registration=registration_a, useful=True, follow_up_planned=False
        ),
    )
