"""Demo partnering events, seeded through the events services.

- An upcoming hybrid partnering day co-organised by China Medical City and Lyon, where every
  `member-<cluster>` and `orgadmin-<cluster>` demo account is registered, has meetings in its
  agenda and a request waiting for its answer (so a newcomer sees the feature at once).
- A past online day of Lyon, closed, whose requests were answered.

Running it again changes nothing: an event whose slug exists is left alone.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from clusters.models import Cluster
from demo.accounts import DEMO_DOMAIN
from demo.data import load
from events.models import Event, Registration
from events.selectors import free_slots_for_pair
from events.services import (
    EVENT_FIELDS,
    event_close,
    event_create,
    event_publish,
    event_update,
    meeting_request_accept,
    meeting_request_create,
    meeting_request_decline,
    registration_create,
)
from events.times import Window
from partners.models import Membership

# Each account's meetings: with the accounts this many places further in the ring.
MEETING_OFFSETS = (2, 5)
REQUEST_OFFSET = 7


def _windows(spec: dict, days: list[datetime.date]) -> list[Window]:
    return [
        Window(day, datetime.time.fromisoformat(start), datetime.time.fromisoformat(end))
        for day in days
        for start, end in spec["windows"]
    ]


def _event(spec: dict, *, days: list[datetime.date], deadline_days: int) -> tuple[Event, User]:
    organisers = list(Cluster.objects.filter(slug__in=spec["organisers"]).order_by("slug"))
    staff = User.objects.get(email=f"staff-{spec['organisers'][0]}@{DEMO_DOMAIN}")
    now = timezone.now()
    event = event_create(
        actor=staff,
        slug=spec["slug"],
        organisers=organisers,
        windows=_windows(spec, days),
        data={
            # The data file states the event itself; deadlines and visibility are set here.
            **{name: spec[name] for name in EVENT_FIELDS if name in spec},
            "registration_deadline": now + datetime.timedelta(days=deadline_days),
            "request_deadline": now + datetime.timedelta(days=deadline_days),
            "participant_visibility": "participants",
        },
    )
    event_publish(actor=staff, event=event)
    return Event.objects.prefetch_related("organisers").get(pk=event.pk), staff


def _demo_people() -> list[tuple[User, Membership]]:
    """Every member-<cluster> and orgadmin-<cluster> account with its organization."""
    memberships = (
        Membership.objects.filter(
            user__email__regex=rf"^(member|orgadmin)-.+@{DEMO_DOMAIN}$",
        )
        .select_related("user", "organization__cluster")
        .order_by("organization__cluster__slug", "user__email")
    )
    return [(membership.user, membership) for membership in memberships]


def _register_all(event: Event, people, spec: dict, rng: random.Random) -> list[Registration]:
    registrations = []
    in_person = set(spec.get("in_person_clusters", []))
    for user, membership in people:
        organization = membership.organization
        areas = list(organization.technology_areas.all()[:4])
        opportunities = list(organization.opportunities.filter(status="published")[:2])
        attendance = "in_person" if organization.cluster.slug in in_person else "online"
        [registration] = registration_create(
            actor=user,
            event=event,
            organization=organization,
            people=[user],
            data={
                "attendance": attendance,
                "offer": organization.capabilities[:2000],
                "seek": organization.needs[:2000],
            },
            areas=areas,
            opportunities=opportunities,
        )
        registration.event = event
        registrations.append(registration)
    rng.shuffle(registrations)
    return registrations


def _ring_pairs(registrations: list[Registration], offset: int):
    count = len(registrations)
    for index, registration in enumerate(registrations):
        other = registrations[(index + offset) % count]
        if other.organization_id != registration.organization_id:
            yield registration, other


def _seed_upcoming(spec: dict, rng: random.Random) -> str:
    today = timezone.localdate()
    days = [today + datetime.timedelta(days=offset) for offset in spec["days_ahead"]]
    event, _staff = _event(spec, days=days, deadline_days=spec["days_ahead"][0] - 1)
    registrations = _register_all(event, _demo_people(), spec, rng)
    meetings = requests = 0
    paired: set[frozenset[int]] = set()
    for offset in MEETING_OFFSETS:
        for sender, recipient in _ring_pairs(registrations, offset):
            pair = frozenset((sender.pk, recipient.pk))
            if pair in paired:
                continue
            free = free_slots_for_pair(event=event, a=sender, b=recipient)
            if not free:
                continue
            request = meeting_request_create(
                actor=sender.user, sender=sender, recipient=recipient, message=spec["message"]
            )
            meeting_request_accept(actor=recipient.user, request=request, slot=free[0])
            paired.add(pair)
            meetings += 1
    for sender, recipient in _ring_pairs(registrations, REQUEST_OFFSET):
        pair = frozenset((sender.pk, recipient.pk))
        if pair in paired:
            continue
        meeting_request_create(
            actor=sender.user, sender=sender, recipient=recipient, message=spec["message"]
        )
        paired.add(pair)
        requests += 1
    return (
        f"{event.title}: {len(registrations)} participants, {meetings} meetings, "
        f"{requests} open requests"
    )


def _seed_past(spec: dict, rng: random.Random) -> str:
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=offset) for offset in spec["days_ago"]]
    # Registered while it was open; then the deadlines are moved to where they were and the
    # day is closed (requests answered, as they were).
    event, staff = _event(spec, days=days, deadline_days=1)
    people = [(user, m) for user, m in _demo_people() if user.email.startswith("member-")]
    registrations = _register_all(event, people, spec, rng)
    answered = 0
    for sender, recipient in _ring_pairs(registrations, 1):
        request = meeting_request_create(
            actor=sender.user, sender=sender, recipient=recipient, message=spec["message"]
        )
        meeting_request_decline(
            actor=recipient.user,
            request=request,
            reason="no_time",
            message=spec["decline_message"],
        )
        answered += 1
    closed_at = timezone.now() - datetime.timedelta(days=spec["days_ago"][0] - 1)
    event_update(
        actor=staff,
        event=event,
        data={
            "registration_deadline": closed_at - datetime.timedelta(days=7),
            "request_deadline": closed_at - datetime.timedelta(days=2),
        },
    )
    event_close(actor=staff, event=event)
    return f"{event.title}: {len(registrations)} participants, {answered} answered requests"


@transaction.atomic
def seed(*, rng: random.Random) -> str:
    data = load("events")
    summaries = []
    for key, seeder in (("upcoming", _seed_upcoming), ("past", _seed_past)):
        spec = data[key]
        if Event.objects.filter(slug=spec["slug"]).exists():
            summaries.append(f"{spec['title']}: already there")
            continue
        summaries.append(seeder(spec, rng))
    return "; ".join(summaries)
