"""Demo partnering events, seeded through the events services.

- An upcoming hybrid partnering day co-organised by China Medical City and Lyon, where every
  `member-<cluster>` and `orgadmin-<cluster>` demo account is registered, has meetings in its
  agenda and a request waiting for its answer (so a newcomer sees the feature at once). Its
  meeting times come from the organisers' auto-scheduler: accepted requests, one run, its
  published schedule.
- A past online day of Lyon, closed, whose requests were answered: the meetings that took
  place were recorded by the organisers afterwards (held, and a few no-shows), and both
  sides of most held meetings answered "useful? follow-up planned?".

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
from events.autoschedule import schedule_publish, schedule_run_start
from events.models import Event, Registration
from events.services import (
    EVENT_FIELDS,
    event_close,
    event_create,
    event_publish,
    event_update,
    meeting_feedback_give,
    meeting_record_past,
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


def _accepted_ring(registrations, offsets, message: str, paired: set) -> list:
    """Requests along the ring at these offsets (one per pair), each accepted: at an event
    with the auto-scheduler, accepting books nothing yet."""
    accepted = []
    for offset in offsets:
        for sender, recipient in _ring_pairs(registrations, offset):
            pair = frozenset((sender.pk, recipient.pk))
            if pair in paired:
                continue
            request = meeting_request_create(
                actor=sender.user, sender=sender, recipient=recipient, message=message
            )
            meeting_request_accept(actor=recipient.user, request=request)
            paired.add(pair)
            accepted.append(request)
    return accepted


def _seed_upcoming(spec: dict, rng: random.Random) -> str:
    today = timezone.localdate()
    days = [today + datetime.timedelta(days=offset) for offset in spec["days_ahead"]]
    event, staff = _event(spec, days=days, deadline_days=spec["days_ahead"][0] - 1)
    registrations = _register_all(event, _demo_people(), spec, rng)
    paired: set[frozenset[int]] = set()
    accepted = len(_accepted_ring(registrations, MEETING_OFFSETS, spec["message"], paired))
    requests = 0
    run = schedule_run_start(actor=staff, event=event)
    schedule_publish(actor=staff, run=run)
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
        f"{event.title}: {len(registrations)} participants, {run.figures['scheduled']} of "
        f"{accepted} accepted meetings in the published schedule (upper bound "
        f"{run.figures['upper_bound']}), {requests} open requests"
    )


# The past event: every request of one ring offset declined, of two others accepted; of the
# accepted ones, every NO_SHOW_EVERY-th was missed, and one side in FEEDBACK_SKIP_EVERY did
# not answer afterwards.
PAST_ACCEPTED_OFFSETS = (2, 3)
NO_SHOW_EVERY = 5
FEEDBACK_SKIP_EVERY = 4


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
    accepted = _accepted_ring(registrations, PAST_ACCEPTED_OFFSETS, spec["message"], set())
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
    held, no_shows = _record_past_meetings(event, staff, accepted)
    return (
        f"{event.title}: {len(registrations)} participants, {answered} declined requests, "
        f"{held} meetings held, {no_shows} no-shows"
    )


def _record_past_meetings(event: Event, staff: User, accepted) -> tuple[int, int]:
    """The organisers record, after the day, the meetings that took place (each pair in the
    first slot both were free), and the two sides answer for most held ones."""
    slots = list(event.slots.order_by("starts_at"))
    busy: set[tuple[int, int]] = set()
    held = no_shows = 0
    for number, request in enumerate(accepted):
        pair = (request.sender_id, request.recipient_id)
        slot = next(
            (s for s in slots if (pair[0], s.pk) not in busy and (pair[1], s.pk) not in busy),
            None,
        )
        if slot is None:
            continue
        busy.update({(pair[0], slot.pk), (pair[1], slot.pk)})
        outcome = "no_show" if number % NO_SHOW_EVERY == NO_SHOW_EVERY - 1 else "held"
        request.event = event
        meeting = meeting_record_past(actor=staff, request=request, slot=slot, outcome=outcome)
        if outcome == "no_show":
            no_shows += 1
            continue
        held += 1
        for side, registration in enumerate((request.sender, request.recipient)):
            if (number + side) % FEEDBACK_SKIP_EVERY == 0:
                continue
            registration.event = event
            meeting_feedback_give(
                actor=registration.user,
                meeting=meeting,
                registration=registration,
                useful=(number + side) % 3 != 0,
                follow_up_planned=(number + side) % 2 == 0,
            )
    return held, no_shows


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
