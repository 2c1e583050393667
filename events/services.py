"""Every write to an event, its registrations, meeting requests and meetings.

Rules: check who acts (PermissionDenied), lock what the decision depends on, check the state
(ValidationError with one of the messages below, nothing changed), `full_clean()`, save, and
publish a domain event (core.domain_events) in the same transaction, so what reacts to it
(the notifications outbox) commits or rolls back with the change.

Every path that books a new meeting publishes `meeting.scheduled` (meeting=, actor=) once the
meeting is complete: the pair's accept here, and the organisers' auto-scheduler when it
publishes its schedule (the API's `meeting.scheduled` webhook listens to it).

No person and no table is ever booked twice: besides the checks, `MeetingSeat`'s unique
(registration, slot) and `Meeting`'s unique (slot, table) are enforced by the database, so of
two accepts racing for the same person or table one wins and the other gets
`MESSAGE_SLOT_TAKEN` (or the next free table).
"""

import datetime
import itertools
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from core.domain_events import publish
from core.locks import lock_and_reload
from opportunities.models import Opportunity, OpportunityStatus
from partners.models import Membership, Organization
from partners.roles import roles_of

from . import permissions
from .models import (
    MEETING_PEOPLE,
    Attendance,
    DeclineReason,
    Event,
    EventFormat,
    EventStatus,
    Meeting,
    MeetingFeedback,
    MeetingOutcome,
    MeetingRequest,
    MeetingSeat,
    MeetingSource,
    MeetingStatus,
    MeetingWindow,
    Registration,
    RegistrationStatus,
    RequestStatus,
    SchedulingMode,
    Slot,
)
from .times import Window, default_time_zone, slot_times

MESSAGE_NOT_DRAFT = _("Only a draft event can be published.")
MESSAGE_NOT_PUBLISHED = _("Only a published event can be closed.")
MESSAGE_NO_WINDOWS = _("Give the event at least one day with a meeting window.")
MESSAGE_WINDOWS_OVERLAP = _("Meeting windows of the same day must not overlap.")
MESSAGE_WINDOWS_BOOKED = _(
    "Meetings are already booked: the days and meeting windows can no longer be changed."
)
MESSAGE_NO_OWN_CLUSTER = _("One of the organising clusters must be your own.")
MESSAGE_DEADLINES = _("The request deadline cannot be before the registration deadline.")
MESSAGE_VIDEO_TEMPLATE = _("Online and hybrid events need a video-room link template.")
MESSAGE_TABLES = _("On-site and hybrid events need at least one table.")
MESSAGE_REGISTRATION_CLOSED = _("Registration for this event is closed.")
MESSAGE_NOBODY = _("Choose at least one person to register.")
MESSAGE_NOT_A_MEMBER = _("%(person)s does not speak for %(organization)s.")
MESSAGE_ALREADY_REGISTERED = _("%(person)s is already registered for this event.")
MESSAGE_ALREADY_DECIDED = _("This registration has already been approved or declined.")
MESSAGE_REQUESTS_CLOSED = _("Meeting requests for this event are closed.")
MESSAGE_NOT_APPROVED = _("Only approved participants can request and accept meetings.")
MESSAGE_SAME_ORGANIZATION = _("You cannot request a meeting with your own organization.")
MESSAGE_DUPLICATE_REQUEST = _("There is already an open request or a meeting between you two.")
MESSAGE_CAP = _(
    "You already have %(count)d unanswered requests, the most this event allows. Wait for "
    "answers or withdraw one."
)
MESSAGE_EMPTY_MESSAGE = _("Write a short message: who you are and what you would like to discuss.")
MESSAGE_ALREADY_ANSWERED = _("This request has already been answered.")
MESSAGE_EXPIRED = _("This request has expired.")
MESSAGE_BAD_SLOT = _("Choose one of the free times offered.")
MESSAGE_SLOT_TAKEN = _(
    "This time was just taken by another meeting of one of you. Choose another time."
)
MESSAGE_NO_TABLE = _("All tables are booked at this time. Choose another time.")
MESSAGE_DECLINE_REASON = _("Choose a reason, so that the requester knows why.")
MESSAGE_NOT_SCHEDULED = _("This meeting is not scheduled.")
MESSAGE_NOT_STARTED = _("A meeting can be marked held or no-show once its time has come.")
MESSAGE_BAD_OUTCOME = _("Choose held or no-show.")
MESSAGE_NOT_HELD = _("Only a held meeting can be answered about.")
MESSAGE_ALREADY_ANSWERED_FEEDBACK = _("You have already answered about this meeting.")
MESSAGE_NOT_PAST = _("Only a meeting whose time is over can be recorded afterwards.")
MESSAGE_NOT_ACCEPTED = _("Only an accepted request without a meeting can be recorded as a meeting.")

TABLE_CONSTRAINT = "one_meeting_per_table_and_slot"
EVENT_FIELDS = (
    "title",
    "description",
    "format",
    "venue",
    "city",
    "time_zone",
    "meeting_minutes",
    "break_minutes",
    "tables",
    "video_link_template",
    "registration_deadline",
    "request_deadline",
    "request_expiry_hours",
    "max_open_requests",
    "participant_visibility",
    "requires_approval",
    "scheduling",
)
PROFILE_FIELDS = ("attendance", "time_zone", "offer", "seek")
TABLE_ATTEMPTS = 3


def _now() -> datetime.datetime:
    return timezone.now()


def _full_clean(instance: Any, *relations: str) -> None:
    # The relations were set from loaded instances: no need to re-query that they exist.
    instance.full_clean(exclude=list(relations))


# --- Events ---------------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    if event.request_deadline < event.registration_deadline:
        raise ValidationError({"request_deadline": MESSAGE_DEADLINES})
    if event.has_video and not event.video_link_template:
        raise ValidationError({"video_link_template": MESSAGE_VIDEO_TEMPLATE})
    if event.has_tables and event.tables < 1:
        raise ValidationError({"tables": MESSAGE_TABLES})


def _check_organisers(actor: User, organisers: Iterable[Cluster]) -> list[Cluster]:
    organisers = list(organisers)
    roles = roles_of(actor)
    if not roles.is_consortium_admin and not any(
        roles.is_staff_of(cluster.pk) for cluster in organisers
    ):
        raise ValidationError({"organisers": MESSAGE_NO_OWN_CLUSTER})
    return organisers


def _set_windows(event: Event, windows: list[Window]) -> None:
    """Replace the days and windows and cut them into slots; only before any booking."""
    if not windows:
        raise ValidationError({"windows": MESSAGE_NO_WINDOWS})
    ordered = sorted(windows, key=lambda w: (w.date, w.start_time))
    for before, after in itertools.pairwise(ordered):
        if before.date == after.date and after.start_time < before.end_time:
            raise ValidationError({"windows": MESSAGE_WINDOWS_OVERLAP})
    if event.meetings.exists():
        raise ValidationError({"windows": MESSAGE_WINDOWS_BOOKED})
    event.windows.all().delete()
    slots = []
    for window in ordered:
        row = MeetingWindow(
            event=event, date=window.date, start_time=window.start_time, end_time=window.end_time
        )
        _full_clean(row, "event")
        row.save()
        for starts_at, ends_at in slot_times(
            window,
            zone=event.zone,
            meeting_minutes=event.meeting_minutes,
            break_minutes=event.break_minutes,
        ):
            slots.append(Slot(event=event, window=row, starts_at=starts_at, ends_at=ends_at))
    if not slots:
        raise ValidationError({"windows": MESSAGE_NO_WINDOWS})
    Slot.objects.bulk_create(slots)
    event.starts_at, event.ends_at = slots[0].starts_at, slots[-1].ends_at
    event.save(update_fields=["starts_at", "ends_at", "updated_at"])
    # Participants are available in every slot until they say otherwise.
    through = Registration.available_slots.through
    through.objects.bulk_create(
        through(registration_id=registration_id, slot_id=slot.pk)
        for registration_id in event.registrations.values_list("pk", flat=True)
        for slot in slots
    )


def _apply_event_fields(event: Event, data: dict[str, Any]) -> None:
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    if event.format == EventFormat.ONLINE:
        event.tables = 0


@transaction.atomic
def event_create(
    *,
    actor: User,
    slug: str,
    organisers: Iterable[Cluster],
    windows: list[Window],
    data: dict[str, Any],
) -> Event:
    if not permissions.can_create_event(actor):
        raise PermissionDenied
    organisers = _check_organisers(actor, organisers)
    event = Event(slug=slug, created_by=actor)
    _apply_event_fields(event, data)
    _full_clean(event, "created_by")
    _check_event(event)
    event.save()
    event.organisers.set(organisers)
    _set_windows(event, windows)
    publish("event.created", event=event, actor=actor)
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    organisers: Iterable[Cluster] | None = None,
    windows: list[Window] | None = None,
    data: dict[str, Any],
) -> Event:
    if not permissions.is_organiser(actor, event):
        raise PermissionDenied
    lock_and_reload(event)
    before = (event.time_zone, event.meeting_minutes, event.break_minutes)
    _apply_event_fields(event, data)
    _full_clean(event, "created_by")
    _check_event(event)
    event.save()
    organisers_removed: list[int] = []
    if organisers is not None:
        previous = set(event.organisers.values_list("pk", flat=True))
        chosen = _check_organisers(actor, organisers)
        event.organisers.set(chosen)
        organisers_removed = sorted(previous - {cluster.pk for cluster in chosen})
    current = [Window(w.date, w.start_time, w.end_time) for w in event.windows.all()]
    after = (event.time_zone, event.meeting_minutes, event.break_minutes)
    if windows is not None and (windows != current or before != after):
        _set_windows(event, windows)
    # A draft is seen by its organisers only: a cluster removed from them loses sight of it.
    publish("event.updated", event=event, actor=actor, organisers_removed=organisers_removed)
    return event


# An organiser's status change: the status it comes from, the field stamped with its time and
# the refusal from any other status.
_MOVES = {
    EventStatus.PUBLISHED: (EventStatus.DRAFT, "published_at", MESSAGE_NOT_DRAFT, "not_draft"),
    EventStatus.CLOSED: (
        EventStatus.PUBLISHED,
        "closed_at",
        MESSAGE_NOT_PUBLISHED,
        "not_published",
    ),
}


def _move(event: Event, *, actor: User, to: EventStatus) -> None:
    """Move the event to status `to` (see _MOVES), under the row lock."""
    if not permissions.is_organiser(actor, event):
        raise PermissionDenied
    lock_and_reload(event)
    allowed_from, stamp, message, code = _MOVES[to]
    if event.status != allowed_from:
        raise ValidationError(message, code=code)
    event.status = to
    setattr(event, stamp, _now())
    event.save(update_fields=["status", stamp, "updated_at"])


@transaction.atomic
def event_publish(*, actor: User, event: Event) -> Event:
    _move(event, actor=actor, to=EventStatus.PUBLISHED)
    publish("event.published", event=event, actor=actor)
    return event


@transaction.atomic
def event_close(*, actor: User, event: Event) -> Event:
    """Closed: no more registrations or requests; open requests are withdrawn."""
    _move(event, actor=actor, to=EventStatus.CLOSED)
    event.requests.filter(status=RequestStatus.PENDING).update(
        status=RequestStatus.WITHDRAWN, answered_at=event.closed_at
    )
    publish("event.closed", event=event, actor=actor)
    return event


# --- Registrations --------------------------------------------------------------------------


def registration_is_open(event: Event, now: datetime.datetime | None = None) -> bool:
    return event.status == EventStatus.PUBLISHED and (now or _now()) < event.registration_deadline


def requests_are_open(event: Event, now: datetime.datetime | None = None) -> bool:
    return event.status == EventStatus.PUBLISHED and (now or _now()) < event.request_deadline


def _attendance_for(event: Event, attendance: str) -> str:
    if event.format == EventFormat.ON_SITE:
        return Attendance.IN_PERSON
    if event.format == EventFormat.ONLINE:
        return Attendance.ONLINE
    return attendance


def _set_profile_relations(
    registration: Registration,
    *,
    areas: Iterable[TechnologyArea] | None,
    opportunities: Iterable[Opportunity] | None,
    slots: Iterable[Slot] | None,
) -> None:
    if areas is not None:
        registration.technology_areas.set(list(areas))
    if opportunities is not None:
        # Only the organization's own published opportunities can be linked.
        ids = [opportunity.pk for opportunity in opportunities]
        registration.opportunities.set(
            Opportunity.objects.filter(
                pk__in=ids,
                organization_id=registration.organization_id,
                status=OpportunityStatus.PUBLISHED,
            )
        )
    if slots is not None:
        ids = [slot.pk for slot in slots]
        registration.available_slots.set(
            Slot.objects.filter(pk__in=ids, event_id=registration.event_id)
        )


@transaction.atomic
def registration_create(
    *,
    actor: User,
    event: Event,
    organization: Organization,
    people: Iterable[User],
    data: dict[str, Any],
    areas: Iterable[TechnologyArea] = (),
    opportunities: Iterable[Opportunity] = (),
    slots: Iterable[Slot] | None = None,
) -> list[Registration]:
    """Register people of the actor's organization, with one shared event profile.

    Each person gets the time zone chosen here, or the default of the organization's country.
    Without a choice of slots, everyone is available in every slot.
    """
    if not roles_of(actor).is_member_of(organization.pk) or not organization.is_active:
        raise PermissionDenied
    lock_and_reload(event)
    if not registration_is_open(event):
        raise ValidationError(MESSAGE_REGISTRATION_CLOSED, code="closed")
    people = list(dict.fromkeys(people))
    if not people:
        raise ValidationError({"people": MESSAGE_NOBODY})
    members = set(
        Membership.objects.filter(
            organization=organization, user__in=people, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    already = set(event.registrations.filter(user__in=people).values_list("user_id", flat=True))
    for person in people:
        params = {"person": str(person), "organization": organization.name}
        if person.pk not in members:
            raise ValidationError({"people": ValidationError(MESSAGE_NOT_A_MEMBER, params=params)})
        if person.pk in already:
            raise ValidationError(
                {"people": ValidationError(MESSAGE_ALREADY_REGISTERED, params=params)}
            )
    status = RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.APPROVED
    time_zone = data.get("time_zone") or default_time_zone(organization.country, event.time_zone)
    slots = list(event.slots.all()) if slots is None else list(slots)
    areas, opportunities = list(areas), list(opportunities)
    registrations = []
    for person in people:
        registration = Registration(
            event=event,
            user=person,
            organization=organization,
            status=status,
            attendance=_attendance_for(event, data.get("attendance", Attendance.IN_PERSON)),
            time_zone=time_zone,
            offer=data.get("offer", ""),
            seek=data.get("seek", ""),
            registered_by=actor,
            feed_key=secrets.token_hex(16),
            organization_name=organization.name,
            first_name=person.first_name,
            last_name=person.last_name,
        )
        _full_clean(registration, "event", "user", "organization", "registered_by")
        registration.save()
        _set_profile_relations(registration, areas=areas, opportunities=opportunities, slots=slots)
        registrations.append(registration)
        publish("registration.created", registration=registration, actor=actor)
    return registrations


@transaction.atomic
def registration_update(
    *,
    actor: User,
    registration: Registration,
    data: dict[str, Any],
    areas: Iterable[TechnologyArea] | None = None,
    opportunities: Iterable[Opportunity] | None = None,
    slots: Iterable[Slot] | None = None,
) -> Registration:
    if not permissions.can_edit_registration(actor, registration):
        raise PermissionDenied
    lock_and_reload(registration)
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(registration, name, data[name])
    registration.attendance = _attendance_for(registration.event, registration.attendance)
    _full_clean(registration, "event", "user", "organization", "registered_by", "decided_by")
    registration.save()
    _set_profile_relations(registration, areas=areas, opportunities=opportunities, slots=slots)
    return registration


def registrations_copy_organization_name(*, organization_id: int) -> int:
    """After an organization changed: its name onto its registrations (the catalogue's order
    and search read the copy). How many registrations changed."""
    name = Organization.objects.filter(pk=organization_id).values_list("name", flat=True).first()
    if name is None:
        return 0
    return (
        Registration.objects.filter(organization_id=organization_id)
        .exclude(organization_name=name)
        .update(organization_name=name)
    )


def registrations_copy_person_name(*, user: User) -> int:
    """After a person changed their account: their names onto their registrations."""
    return (
        Registration.objects.filter(user=user)
        .exclude(first_name=user.first_name, last_name=user.last_name)
        .update(first_name=user.first_name, last_name=user.last_name)
    )


@transaction.atomic
def registration_decide(*, actor: User, registration: Registration, approve: bool) -> Registration:
    if not permissions.is_organiser(actor, registration.event):
        raise PermissionDenied
    lock_and_reload(registration)
    if registration.status != RegistrationStatus.PENDING:
        raise ValidationError(MESSAGE_ALREADY_DECIDED, code="decided")
    registration.status = RegistrationStatus.APPROVED if approve else RegistrationStatus.DECLINED
    registration.decided_by, registration.decided_at = actor, _now()
    registration.save(update_fields=["status", "decided_by", "decided_at"])
    publish("registration.decided", registration=registration, actor=actor)
    return registration


# --- Meeting requests -----------------------------------------------------------------------


def open_request_count(registration: Registration, now: datetime.datetime) -> int:
    return registration.sent_requests.filter(
        status=RequestStatus.PENDING, expires_at__gt=now
    ).count()


@transaction.atomic
def meeting_request_create(
    *, actor: User, sender: Registration, recipient: Registration, message: str
) -> MeetingRequest:
    if not permissions.can_act_for(actor, sender):
        raise PermissionDenied
    event = sender.event
    now = _now()
    # The sender's row is the lock that makes the cap hold under concurrent sends.
    lock_and_reload(sender)
    if not requests_are_open(event, now):
        raise ValidationError(MESSAGE_REQUESTS_CLOSED, code="closed")
    if recipient.event_id != sender.event_id:
        raise PermissionDenied
    if sender.status != RegistrationStatus.APPROVED or (
        recipient.status != RegistrationStatus.APPROVED
    ):
        raise ValidationError(MESSAGE_NOT_APPROVED, code="not_approved")
    if recipient.organization_id == sender.organization_id:
        raise ValidationError(MESSAGE_SAME_ORGANIZATION, code="same_organization")
    if not message.strip():
        raise ValidationError({"message": MESSAGE_EMPTY_MESSAGE})
    pair = Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender)
    if (
        MeetingRequest.objects.filter(pair)
        .filter(
            Q(status=RequestStatus.PENDING, expires_at__gt=now)
            | Q(status=RequestStatus.ACCEPTED, meeting__status=MeetingStatus.SCHEDULED)
            | Q(status=RequestStatus.ACCEPTED, meeting__isnull=True)
        )
        .exists()
    ):
        raise ValidationError(MESSAGE_DUPLICATE_REQUEST, code="duplicate")
    count = open_request_count(sender, now)
    if count >= event.max_open_requests:
        raise ValidationError(MESSAGE_CAP, code="cap", params={"count": count})
    # Expired-but-not-yet-swept requests of this pair make room for the new one.
    MeetingRequest.objects.filter(
        sender=sender, recipient=recipient, status=RequestStatus.PENDING, expires_at__lte=now
    ).update(status=RequestStatus.EXPIRED)
    request = MeetingRequest(
        event=event,
        sender=sender,
        recipient=recipient,
        message=message.strip(),
        expires_at=now + datetime.timedelta(hours=event.request_expiry_hours),
        created_by=actor,
        sent_on_behalf=actor.pk != sender.user_id,
    )
    _full_clean(request, "event", "sender", "recipient", "created_by")
    request.save()
    publish("meeting_request.sent", request=request, actor=actor)
    return request


def _check_answerable(actor: User, request: MeetingRequest, now: datetime.datetime) -> None:
    if not permissions.can_act_for(actor, request.recipient):
        raise PermissionDenied
    lock_and_reload(request)
    if request.status != RequestStatus.PENDING:
        raise ValidationError(MESSAGE_ALREADY_ANSWERED, code="answered")
    if request.expires_at <= now:
        raise ValidationError(MESSAGE_EXPIRED, code="expired")


def meets_in_person(event: Event, a: Registration, b: Registration) -> bool:
    return event.has_tables and a.attendance == b.attendance == Attendance.IN_PERSON


def video_url_for(event: Event, meeting: Meeting) -> str:
    return event.video_link_template.replace("{event}", event.slug).replace(
        "{meeting}", str(meeting.pk)
    )


def _free_table(slot: Slot, tables: int) -> int | None:
    taken = set(
        Meeting.objects.filter(
            slot=slot, status=MeetingStatus.SCHEDULED, table__isnull=False
        ).values_list("table", flat=True)
    )
    return next((table for table in range(1, tables + 1) if table not in taken), None)


def _constraint_of(error: IntegrityError) -> str:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", "") or ""


def _check_slot_for(
    event: Event, slot: Slot, pair: tuple[Registration, Registration], now: datetime.datetime
) -> None:
    """The slot is the event's, still ahead, and both are available and not booked in it."""
    if slot.event_id != event.pk or slot.starts_at <= now:
        raise ValidationError({"slot": MESSAGE_BAD_SLOT})
    ids = [registration.pk for registration in pair]
    available = Registration.available_slots.through.objects.filter(
        slot_id=slot.pk, registration_id__in=ids
    ).count()
    if available != len(ids):
        raise ValidationError({"slot": MESSAGE_BAD_SLOT})
    if MeetingSeat.objects.filter(slot=slot, registration_id__in=ids).exists():
        raise ValidationError({"slot": MESSAGE_SLOT_TAKEN})


def _book(meeting: Meeting, pair: tuple[Registration, Registration], in_person: bool) -> None:
    """Save the meeting and its seats; the database refuses a double booking.

    A table taken by a concurrent accept is retried with the next free one; a person taken
    is the loser's message.
    """
    event = meeting.event
    is_new = meeting._state.adding
    for attempt in range(TABLE_ATTEMPTS):
        if in_person:
            meeting.table = _free_table(meeting.slot, event.tables)
            if meeting.table is None:
                raise ValidationError({"slot": MESSAGE_NO_TABLE})
        try:
            with transaction.atomic():
                meeting.save()
                MeetingSeat.objects.filter(meeting=meeting).delete()
                MeetingSeat.objects.bulk_create(
                    MeetingSeat(meeting=meeting, registration=registration, slot=meeting.slot)
                    for registration in pair
                )
            return
        except IntegrityError as error:
            if is_new:  # the savepoint took the row back: insert it anew
                meeting.pk, meeting._state.adding = None, True
            if _constraint_of(error) == TABLE_CONSTRAINT and attempt + 1 < TABLE_ATTEMPTS:
                continue
            if _constraint_of(error) == TABLE_CONSTRAINT:
                raise ValidationError({"slot": MESSAGE_NO_TABLE}) from error
            raise ValidationError({"slot": MESSAGE_SLOT_TAKEN}) from error


@transaction.atomic
def meeting_request_accept(
    *, actor: User, request: MeetingRequest, slot: Slot | None = None
) -> Meeting | None:
    """The accepting side picks a time free for both; the meeting is booked in it.

    At an event with the organisers' auto-scheduler there is no time to pick: the request is
    accepted and waits for the published schedule (returns None).
    """
    now = _now()
    _check_answerable(actor, request, now)
    event = request.event
    pair = (request.sender, request.recipient)
    meeting = None
    if event.scheduling != SchedulingMode.AUTO:
        if slot is None:
            raise ValidationError({"slot": MESSAGE_BAD_SLOT})
        _check_slot_for(event, slot, pair, now)
        in_person = meets_in_person(event, *pair)
        meeting = Meeting(event=event, request=request, slot=slot, scheduled_by=actor)
        _full_clean(meeting, "event", "request", "slot", "scheduled_by", "table", "video_url")
        _book(meeting, pair, in_person)
        if not in_person:
            meeting.video_url = video_url_for(event, meeting)
            meeting.save(update_fields=["video_url"])
    request.status, request.answered_at, request.answered_by = RequestStatus.ACCEPTED, now, actor
    request.answered_on_behalf = actor.pk != request.recipient.user_id
    request.save(update_fields=["status", "answered_at", "answered_by", "answered_on_behalf"])
    publish("meeting_request.accepted", request=request, meeting=meeting, actor=actor)
    publish("meeting.scheduled", meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_request_decline(
    *, actor: User, request: MeetingRequest, reason: str, message: str = ""
) -> MeetingRequest:
    now = _now()
    _check_answerable(actor, request, now)
    if reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": MESSAGE_DECLINE_REASON})
    request.status, request.answered_at, request.answered_by = RequestStatus.DECLINED, now, actor
    request.decline_reason, request.decline_message = reason, message.strip()
    request.answered_on_behalf = actor.pk != request.recipient.user_id
    _full_clean(request, "event", "sender", "recipient", "created_by", "answered_by")
    request.save()
    publish("meeting_request.declined", request=request, actor=actor)
    return request


@transaction.atomic
def meeting_request_withdraw(*, actor: User, request: MeetingRequest) -> MeetingRequest:
    if not permissions.can_act_for(actor, request.sender):
        raise PermissionDenied
    lock_and_reload(request)
    if request.status != RequestStatus.PENDING:
        raise ValidationError(MESSAGE_ALREADY_ANSWERED, code="answered")
    request.status, request.answered_at = RequestStatus.WITHDRAWN, _now()
    request.save(update_fields=["status", "answered_at"])
    publish("meeting_request.withdrawn", request=request, actor=actor)
    return request


EXPIRY_BATCH = 500


@transaction.atomic
def meeting_requests_expire(*, now: datetime.datetime | None = None) -> int:
    """Unanswered requests past their time expire, freeing the sender's quota (beat task).

    Rows locked by a concurrent answer are skipped: they are answered, or the next run
    expires them.
    """
    now = now or _now()
    due = list(
        MeetingRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=RequestStatus.PENDING, expires_at__lte=now)
        .select_related(
            "event",
            "sender__user",
            "sender__organization",
            "recipient__user",
            "recipient__organization",
        )
        .order_by("expires_at")[:EXPIRY_BATCH]
    )
    for request in due:
        request.status, request.answered_at = RequestStatus.EXPIRED, now
        request.save(update_fields=["status", "answered_at"])
        publish("meeting_request.expired", request=request)
    return len(due)


# --- Meetings -------------------------------------------------------------------------------


def _participants(meeting: Meeting) -> tuple[Registration, Registration]:
    return meeting.request.sender, meeting.request.recipient


def _check_meeting_side_or_organiser(
    actor: User, meeting: Meeting
) -> tuple[Registration, Registration]:
    """Either side (or staff acting for one) or the organisers; the two sides."""
    pair = _participants(meeting)
    if not (
        any(permissions.can_act_for(actor, registration) for registration in pair)
        or permissions.is_organiser(actor, meeting.event)
    ):
        raise PermissionDenied
    return pair


def _lock_scheduled(meeting: Meeting) -> None:
    lock_and_reload(meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(MESSAGE_NOT_SCHEDULED, code="not_scheduled")


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    """Either side (or staff acting for one, or the organisers) cancels; the slot is freed."""
    _check_meeting_side_or_organiser(actor, meeting)
    _lock_scheduled(meeting)
    meeting.status, meeting.cancelled_at, meeting.cancelled_by = (
        MeetingStatus.CANCELLED,
        _now(),
        actor,
    )
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancelled_at", "cancelled_by", "sequence", "updated_at"])
    meeting.seats.all().delete()
    publish("meeting.cancelled", meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_reschedule(*, actor: User, meeting: Meeting, slot: Slot) -> Meeting:
    """Move a meeting to another slot free for both (the organisers, or either side)."""
    pair = _check_meeting_side_or_organiser(actor, meeting)
    _lock_scheduled(meeting)
    now = _now()
    # Its own seats do not count against the new slot: they move with it.
    meeting.seats.all().delete()
    _check_slot_for(meeting.event, slot, pair, now)
    meeting.slot = slot
    meeting.sequence += 1
    meeting.reminded_day_before_at = meeting.reminded_soon_at = None
    _book(meeting, pair, meets_in_person(meeting.event, *pair))
    publish("meeting.rescheduled", meeting=meeting, actor=actor)
    return meeting


# --- On the day and after -------------------------------------------------------------------


@transaction.atomic
def registration_check_in(
    *, actor: User, registration: Registration, attended: bool = True
) -> Registration:
    """At the desk: the participant is here (or the mark is taken back), with who and when."""
    if not permissions.is_organiser(actor, registration.event):
        raise PermissionDenied
    lock_and_reload(registration)
    if registration.status != RegistrationStatus.APPROVED:
        raise ValidationError(MESSAGE_NOT_APPROVED, code="not_approved")
    if attended:
        registration.checked_in_at, registration.checked_in_by = _now(), actor
    else:
        registration.checked_in_at, registration.checked_in_by = None, None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


@transaction.atomic
def meeting_outcome_record(*, actor: User, meeting: Meeting, outcome: str) -> Meeting:
    """Held or no-show, once the meeting's time has come: by the organisers or either side,
    with who and when. A held meeting is told to the follow-ups and both sides are asked
    how it went."""
    _check_meeting_side_or_organiser(actor, meeting)
    if outcome not in MeetingOutcome.values:
        raise ValidationError({"outcome": MESSAGE_BAD_OUTCOME})
    _lock_scheduled(meeting)
    if meeting.slot.starts_at > _now():
        raise ValidationError(MESSAGE_NOT_STARTED, code="not_started")
    was_held = meeting.outcome == MeetingOutcome.HELD
    meeting.outcome, meeting.outcome_by, meeting.outcome_at = outcome, actor, _now()
    meeting.save(update_fields=["outcome", "outcome_by", "outcome_at", "updated_at"])
    if outcome == MeetingOutcome.HELD and not was_held:
        _publish_held(meeting, actor)
    return meeting


def _publish_held(meeting: Meeting, actor: User | None) -> None:
    sender, recipient = _participants(meeting)
    publish(
        "meeting.held",
        meeting=meeting,
        actor=actor,
        organization_ids=(sender.organization_id, recipient.organization_id),
        held_at=meeting.slot.starts_at,
        event_title=meeting.event.title,
    )


@transaction.atomic
def meeting_record_past(
    *, actor: User, request: MeetingRequest, slot: Slot, outcome: str
) -> Meeting:
    """After the event, the organisers record a meeting that took place (or was missed) for an
    accepted request that had none in the portal: the time is over, so nobody is booked and
    nobody is reminded; it counts in the figures and, held, goes to the follow-ups."""
    event = request.event
    if not permissions.is_organiser(actor, event):
        raise PermissionDenied
    lock_and_reload(request)
    if request.status != RequestStatus.ACCEPTED or Meeting.objects.filter(request=request).exists():
        raise ValidationError(MESSAGE_NOT_ACCEPTED, code="not_accepted")
    if slot.event_id != event.pk or slot.ends_at > _now():
        raise ValidationError({"slot": MESSAGE_NOT_PAST})
    if outcome not in MeetingOutcome.values:
        raise ValidationError({"outcome": MESSAGE_BAD_OUTCOME})
    pair = (request.sender, request.recipient)
    in_person = meets_in_person(event, *pair)
    now = _now()
    meeting = Meeting(
        event=event,
        request=request,
        slot=slot,
        source=MeetingSource.ORGANISERS,
        scheduled_by=actor,
        outcome=outcome,
        outcome_by=actor,
        outcome_at=now,
        # Past: no reminder is due any more.
        reminded_day_before_at=now,
        reminded_soon_at=now,
    )
    _full_clean(
        meeting, "event", "request", "slot", "scheduled_by", "outcome_by", "table", "video_url"
    )
    _book(meeting, pair, in_person)
    if not in_person:
        meeting.video_url = video_url_for(event, meeting)
        meeting.save(update_fields=["video_url"])
    if outcome == MeetingOutcome.HELD:
        _publish_held(meeting, actor)
    return meeting


@transaction.atomic
def meeting_feedback_give(
    *,
    actor: User,
    meeting: Meeting,
    registration: Registration,
    useful: bool,
    follow_up_planned: bool,
) -> MeetingFeedback:
    """One side's answer after a held meeting: useful? follow-up planned? (once per side)."""
    if registration.pk not in (meeting.request.sender_id, meeting.request.recipient_id):
        raise PermissionDenied
    if not permissions.can_act_for(actor, registration):
        raise PermissionDenied
    lock_and_reload(meeting)
    if meeting.outcome != MeetingOutcome.HELD:
        raise ValidationError(MESSAGE_NOT_HELD, code="not_held")
    if MeetingFeedback.objects.filter(meeting=meeting, registration=registration).exists():
        raise ValidationError(MESSAGE_ALREADY_ANSWERED_FEEDBACK, code="answered")
    feedback = MeetingFeedback(
        meeting=meeting,
        registration=registration,
        useful=useful,
        follow_up_planned=follow_up_planned,
        answered_by=actor,
    )
    _full_clean(feedback, "meeting", "registration", "answered_by")
    feedback.save()
    publish("meeting.feedback", feedback=feedback, meeting=meeting, actor=actor)
    return feedback


# The reminders: the day before, and shortly before. Each is marked on the meeting when it is
# published, and the outbox's (recipient, event_key) uniqueness makes a second one impossible.
REMINDER_DAY_BEFORE = "day_before"
REMINDER_SOON = "soon"
REMINDERS = (
    (REMINDER_SOON, "reminded_soon_at", datetime.timedelta(minutes=30)),
    (REMINDER_DAY_BEFORE, "reminded_day_before_at", datetime.timedelta(hours=24)),
)
REMINDER_BATCH = 500


@transaction.atomic
def meeting_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Publish each due reminder once (beat task); returns how many meetings were reminded."""
    now = now or _now()
    sent = 0
    soon_lead = REMINDERS[0][2]
    for which, field, lead in REMINDERS:
        window = Q(slot__starts_at__gt=now, slot__starts_at__lte=now + lead)
        if which == REMINDER_DAY_BEFORE:
            # Within the last half hour the short reminder says it all.
            window &= Q(slot__starts_at__gt=now + soon_lead)
        due = list(
            Meeting.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(window, status=MeetingStatus.SCHEDULED, **{f"{field}__isnull": True})
            .select_related(*MEETING_PEOPLE)
            .order_by("slot__starts_at")[:REMINDER_BATCH]
        )
        for meeting in due:
            setattr(meeting, field, now)
            meeting.save(update_fields=[field])
            publish("meeting.reminder", meeting=meeting, which=which)
        sent += len(due)
    return sent


# --- Accounts ------------------------------------------------------------------------------


@transaction.atomic
def registrations_release_for_user(*, user: User) -> int:
    """Before an account is deleted: cancel its meetings and withdraw its open requests, so
    the other side is told and their calendars update; the rows then go with the account."""
    meetings = Meeting.objects.filter(
        Q(request__sender__user=user) | Q(request__recipient__user=user),
        status=MeetingStatus.SCHEDULED,
    ).select_related("event", "request__sender", "request__recipient")
    count = 0
    for meeting in meetings:
        lock_and_reload(meeting)
        meeting.status, meeting.cancelled_at = MeetingStatus.CANCELLED, _now()
        meeting.sequence += 1
        meeting.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
        meeting.seats.all().delete()
        publish("meeting.cancelled", meeting=meeting, actor=None)
        count += 1
    MeetingRequest.objects.filter(
        Q(sender__user=user) | Q(recipient__user=user), status=RequestStatus.PENDING
    ).update(status=RequestStatus.WITHDRAWN, answered_at=_now())
    return count
