"""A large partnering event in the bench database, for issue 18's page targets: 2,000
participants of the bench's organizations and 20,000 meeting requests at full scale (at least
`MIN_PARTICIPANTS` and ten requests each at small scales), two days of 14 slots, a hybrid
format with tables on site, meetings placed first-fit as the pairs would have chosen them.

Written with COPY in the caller's transaction (the section rolls it back, so the bench
database stays as built) and ANALYZEd there, so the planner sees the event as it would in
production. The busy user of the dataset is the busy participant: a full agenda and many
requests sent and received.
"""

import datetime as dt
import random
import secrets
import time
from collections import defaultdict

from bench.build_dataset import BUSY_ORG_ID, copy_rows

PARTICIPANTS = 2_000
REQUESTS_PER_PARTICIPANT = 10
MIN_PARTICIPANTS = 400
ONLINE_SHARE = 0.4
TABLES = 60
# Requests: accepted (a meeting when a slot is free for both), pending, declined, expired.
REQUEST_STATES = (("accepted", 40), ("pending", 30), ("declined", 20), ("expired", 10))
BUSY_REQUESTS = 60  # the busy participant's requests, sent and received (a full agenda)
SLUG = "bench-partnering-days"
TIME_ZONES = [
    "Asia/Shanghai",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Europe/London",
]
TABLES_ANALYZED = [
    "events_event",
    "events_slot",
    "events_registration",
    "events_registration_technology_areas",
    "events_registration_available_slots",
    "events_meetingrequest",
    "events_meeting",
    "events_meetingseat",
]


def sizes_for(scale: float) -> dict[str, int]:
    participants = max(MIN_PARTICIPANTS, int(PARTICIPANTS * scale))
    return {
        "participants": participants,
        "requests": participants * REQUESTS_PER_PARTICIPANT,
        "tables": max(10, int(TABLES * participants / PARTICIPANTS)),
    }


def _event(rng: random.Random, now: dt.datetime, tables: int):
    from django.db.models import Count

    from accounts.models import User
    from clusters.models import Cluster
    from events.models import Event, EventFormat, EventStatus, MeetingWindow, Slot
    from events.times import Window, slot_times

    organisers = list(Cluster.objects.annotate(n=Count("organizations")).order_by("-n")[:2])
    first_day = (now + dt.timedelta(days=14)).date()
    event = Event.objects.create(
        title="WLSCC partnering days (bench)",
        slug=SLUG,
        description="Two days of one-to-one partnering meetings.",
        format=EventFormat.HYBRID,
        venue="Expo centre",
        city="Taizhou",
        time_zone="Asia/Shanghai",
        meeting_minutes=30,
        tables=tables,
        video_link_template="https://meet.example.org/wlscc-{event}-{meeting}",
        registration_deadline=now + dt.timedelta(days=10),
        request_deadline=now + dt.timedelta(days=12),
        status=EventStatus.PUBLISHED,
        published_at=now,
        created_by=User.objects.filter(is_superuser=True).order_by("pk").first(),
    )
    event.organisers.set(organisers)
    slots = []
    for day in range(2):
        for start, end in ((dt.time(9), dt.time(12, 30)), (dt.time(14), dt.time(17, 30))):
            window = Window(first_day + dt.timedelta(days=day), start, end)
            row = MeetingWindow.objects.create(
                event=event, date=window.date, start_time=start, end_time=end
            )
            slots += [
                Slot(event=event, window=row, starts_at=starts_at, ends_at=ends_at)
                for starts_at, ends_at in slot_times(
                    window, zone=event.zone, meeting_minutes=30, break_minutes=0
                )
            ]
    Slot.objects.bulk_create(slots)
    event.starts_at, event.ends_at = slots[0].starts_at, slots[-1].ends_at
    event.save(update_fields=["starts_at", "ends_at"])
    return event, slots


def _people(rng: random.Random, count: int, busy_user_id: int) -> list[tuple[int, int]]:
    """(user, organization) of `count` distinct people, the busy user (for the busy
    organization) first."""
    from partners.models import Membership

    memberships = list(
        Membership.objects.filter(organization__is_active=True, user__is_active=True)
        .order_by("user_id", "organization_id")
        .values_list("user_id", "organization_id")
    )
    first: dict[int, int] = {}
    for user_id, organization_id in memberships:
        first.setdefault(user_id, organization_id)
    first[busy_user_id] = BUSY_ORG_ID
    others = sorted(user_id for user_id in first if user_id != busy_user_id)
    chosen = rng.sample(others, min(len(others), count - 1))
    return [(busy_user_id, BUSY_ORG_ID)] + [(user_id, first[user_id]) for user_id in chosen]


def build(*, scale: float, busy_user_id: int, now: dt.datetime | None = None) -> dict:
    """Write the event; returns its size and what the pages are measured with."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from bench import vocab
    from events.models import Meeting, MeetingRequest, MeetingSeat, Registration
    from partners.models import Organization

    began = time.perf_counter()
    rng = random.Random(18)
    now = now or timezone.now()
    sizes = sizes_for(scale)
    event, slots = _event(rng, now, sizes["tables"])
    people = _people(rng, sizes["participants"], busy_user_id)

    # Registrations: approved but a few, 40 % online, each in a time zone of their own; with
    # the names the catalogue orders and searches by, as registration_create copies them.
    organization_names = dict(
        Organization.objects.filter(pk__in={org for _user, org in people}).values_list("pk", "name")
    )
    person_names = {
        pk: (first, last)
        for pk, first, last in User.objects.filter(
            pk__in={user for user, _org in people}
        ).values_list("pk", "first_name", "last_name")
    }

    def registration_rows():
        for index, (user_id, organization_id) in enumerate(people):
            theme = vocab.Theme(rng)
            yield (
                event.pk,
                user_id,
                organization_id,
                "approved" if index == 0 or rng.random() < 0.97 else "pending",
                "online" if index and rng.random() < ONLINE_SHARE else "in_person",
                rng.choice(TIME_ZONES),
                theme.offer(),
                theme.seek(),
                user_id,
                now - dt.timedelta(days=rng.uniform(1, 30)),
                secrets.token_hex(16),
                organization_names[organization_id],
                *person_names[user_id],
            )

    copy_rows(
        Registration,
        [
            "event_id", "user_id", "organization_id", "status", "attendance", "time_zone",
            "offer", "seek", "registered_by_id", "created_at", "feed_key",
            "organization_name", "first_name", "last_name",
        ],
        registration_rows(),
    )  # fmt: skip
    rows = list(
        Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list("pk", "user_id", "organization_id", "status", "attendance")
    )
    by_user = {row[1]: row for row in rows}
    busy = by_user[busy_user_id][0]
    approved = [row for row in rows if row[3] == "approved"]
    organization_of = {row[0]: row[2] for row in rows}
    in_person = {row[0] for row in rows if row[4] == "in_person"}

    # Technology areas: those of the organization (one to three of them), else none.
    through = Organization.technology_areas.through
    org_areas: dict[int, list[int]] = defaultdict(list)
    for organization_id, area_id in through.objects.filter(
        organization_id__in={row[2] for row in rows}
    ).values_list("organization_id", "technologyarea_id"):
        org_areas[organization_id].append(area_id)
    area_rows = []
    for pk, _user, organization_id, _status, _attendance in rows:
        areas = org_areas.get(organization_id, [])
        area_rows += [(pk, a) for a in rng.sample(areas, min(len(areas), rng.randint(1, 3)))]
    copy_rows(
        Registration.technology_areas.through, ["registration_id", "technologyarea_id"], area_rows
    )

    # Availability: every slot, except for three in ten who miss one half-day.
    half = len(slots) // 4
    available: dict[int, set[int]] = {}
    for pk, *_rest in rows:
        ids = [slot.pk for slot in slots]
        if pk != busy and rng.random() < 0.3:
            part = rng.randrange(4)
            ids = ids[:part * half] + ids[(part + 1) * half:]  # fmt: skip
        available[pk] = set(ids)
    copy_rows(
        Registration.available_slots.through,
        ["registration_id", "slot_id"],
        ((pk, slot_id) for pk, ids in available.items() for slot_id in sorted(ids)),
    )

    # Requests: ten per participant, a few people asked by many; the busy participant's first.
    ids = [row[0] for row in approved]
    weights = [rng.paretovariate(2.5) for _ in ids]
    pairs: dict[tuple[int, int], None] = {}
    others = [pk for pk in ids if organization_of[pk] != organization_of[busy]]
    for index, other in enumerate(rng.sample(others, min(len(others), BUSY_REQUESTS))):
        pairs[(busy, other) if index % 2 else (other, busy)] = None
    while len(pairs) < sizes["requests"]:
        sender = rng.choice(ids)
        recipient = rng.choices(ids, weights)[0]
        if organization_of[sender] != organization_of[recipient]:
            pairs.setdefault((sender, recipient), None)
    states, state_weights = zip(*REQUEST_STATES, strict=True)
    by_pk_user = {row[0]: row[1] for row in rows}
    reasons = ["not_relevant", "no_time", "already_in_contact", "wrong_person"]

    def request_rows():
        for sender, recipient in pairs:
            busy_pair = busy in (sender, recipient)
            status = "accepted" if busy_pair else rng.choices(states, state_weights)[0]
            created = now - dt.timedelta(days=rng.uniform(0.5, 9))
            answered = created + dt.timedelta(hours=rng.uniform(1, 48))
            expires = created + dt.timedelta(hours=72)
            if status == "pending":
                created = now - dt.timedelta(hours=rng.uniform(1, 60))
                expires = created + dt.timedelta(hours=72)
            yield (
                event.pk,
                sender,
                recipient,
                "We would like to meet you about your offer.",
                status,
                rng.choice(reasons) if status == "declined" else "",
                expires,
                created,
                answered if status in ("accepted", "declined") else None,
                by_pk_user[sender],
                by_pk_user[recipient] if status in ("accepted", "declined") else None,
            )

    copy_rows(
        MeetingRequest,
        [
            "event_id", "sender_id", "recipient_id", "message", "status", "decline_reason",
            "expires_at", "created_at", "answered_at", "created_by_id", "answered_by_id",
        ],
        request_rows(),
    )  # fmt: skip

    # Meetings: each accepted request in the first slot free for both (and with a table left
    # when both are on site), the busy participant's first; the rest wait unscheduled.
    accepted = list(
        MeetingRequest.objects.filter(event=event, status="accepted")
        .order_by("pk")
        .values_list("pk", "sender_id", "recipient_id")
    )
    accepted.sort(key=lambda row: busy not in (row[1], row[2]))
    booked: dict[int, set[int]] = defaultdict(set)
    tables_used: dict[int, int] = defaultdict(int)
    placed = []
    for request_id, sender, recipient in accepted:
        both_on_site = sender in in_person and recipient in in_person
        for slot in slots:
            if slot.pk not in available[sender] or slot.pk not in available[recipient]:
                continue
            if slot.pk in booked[sender] or slot.pk in booked[recipient]:
                continue
            table = None
            if both_on_site:
                if tables_used[slot.pk] >= sizes["tables"]:
                    continue
                tables_used[slot.pk] += 1
                table = tables_used[slot.pk]
            booked[sender].add(slot.pk)
            booked[recipient].add(slot.pk)
            placed.append((request_id, sender, recipient, slot.pk, table))
            break
    copy_rows(
        Meeting,
        [
            "event_id", "request_id", "slot_id", "table", "video_url", "status", "source",
            "scheduled_by_id", "created_at", "updated_at",
        ],
        (
            (
                event.pk,
                request_id,
                slot_id,
                table,
                "" if table else f"https://meet.example.org/wlscc-{SLUG}-{request_id}",
                "scheduled",
                "pair",
                by_pk_user[recipient],
                now,
                now,
            )
            for request_id, _sender, recipient, slot_id, table in placed
        ),
    )  # fmt: skip
    meeting_of = dict(Meeting.objects.filter(event=event).values_list("request_id", "pk"))
    copy_rows(
        MeetingSeat,
        ["meeting_id", "registration_id", "slot_id"],
        (
            (meeting_of[request_id], person, slot_id)
            for request_id, sender, recipient, slot_id, _table in placed
            for person in (sender, recipient)
        ),
    )
    with connection.cursor() as cursor:
        for table in TABLES_ANALYZED:
            cursor.execute(f'ANALYZE "{table}"')
    busy_registration = Registration.objects.get(pk=busy)
    return {
        "slug": SLUG,
        "participants": len(rows),
        "approved": len(approved),
        "requests": len(pairs),
        "accepted": len(accepted),
        "meetings": len(placed),
        "slots": len(slots),
        "tables": sizes["tables"],
        "busy_registration_id": busy,
        "busy_meetings": len(booked[busy]),
        "busy_registration": busy_registration,
        "seconds": round(time.perf_counter() - began, 1),
    }
