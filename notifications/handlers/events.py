"""Partnering-event happenings turned into notifications: every step of a meeting request
(received, accepted with its time, declined with its reason, expired), a cancelled or moved
meeting, and the reminders the day before and shortly before.

Each notification goes to the participant concerned, even when organising staff acted for the
other side; never to the person who acted. Event keys make each step notify a person once;
a reminder's key carries the meeting's revision, so a moved meeting is reminded again.
"""

from dataclasses import replace

from django.urls import reverse

from core.domain_events import subscribe
from core.mail import absolute_url
from events.models import (
    MEETING_PEOPLE,
    Event,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Registration,
    ScheduleRun,
)
from events.selectors import feed_token

from ..models import Delivery, NotificationKind
from ..outbox import Draft, drafts_for, notifications_create

MESSAGE_EXCERPT = 300


def _counterpart(registration: Registration) -> dict:
    return {
        "person": registration.user.get_full_name() or registration.organization.name,
        "organization": registration.organization.name,
    }


def _base(request: MeetingRequest, recipient: Registration, other: Registration) -> dict:
    event = request.event
    return {
        "event_slug": event.slug,
        "title": event.title,
        "time_zone": recipient.time_zone,
        "event_time_zone": event.time_zone,
        "request_id": request.pk,
        **_counterpart(other),
    }


def _meeting_place_and_time(meeting: Meeting) -> dict:
    return {
        "starts_at": meeting.slot.starts_at.isoformat(),
        "ends_at": meeting.slot.ends_at.isoformat(),
        "table": meeting.table,
        "video_url": meeting.video_url,
    }


def _meeting_facts(meeting: Meeting) -> dict:
    return {"meeting_id": meeting.pk, **_meeting_place_and_time(meeting)}


def _path(name: str, slug: str, *args) -> str:
    return reverse(f"events:{name}", args=[slug, *args])


def _unless_actor(registration: Registration, actor) -> bool:
    return actor is None or registration.user_id != actor.pk


def _tell(
    request: MeetingRequest,
    to: Registration,
    other: Registration,
    actor,
    *,
    kind: str,
    step: str,
    extra: dict,
    url: str,
) -> None:
    """One step of a request, to the participant `to` (unless they took it themselves)."""
    if not _unless_actor(to, actor):
        return
    notifications_create(
        drafts_for(
            [to.user_id],
            kind=kind,
            event_key=f"meeting-request:{request.pk}:{step}",
            payload={**_base(request, to, other), **extra},
            url=url,
        )
    )


@subscribe("meeting_request.sent")
def request_received(*, request: MeetingRequest, actor=None, **payload) -> None:
    _tell(
        request,
        request.recipient,
        request.sender,
        actor,
        kind=NotificationKind.MEETING_REQUEST_RECEIVED,
        step="received",
        extra={"message": request.message[:MESSAGE_EXCERPT]},
        url=_path("request", request.event.slug, request.pk),
    )


def _answered(request: MeetingRequest, actor, status: str, extra: dict, url: str) -> None:
    _tell(
        request,
        request.sender,
        request.recipient,
        actor,
        kind=NotificationKind.MEETING_REQUEST_ANSWERED,
        step="answered",
        extra={"status": status, **extra},
        url=url,
    )


@subscribe("meeting_request.accepted")
def request_accepted(
    *, request: MeetingRequest, meeting: Meeting | None, actor=None, **payload
) -> None:
    # At an event with the auto-scheduler the time comes with the organisers' schedule.
    url = _path("agenda", request.event.slug)
    facts = _meeting_facts(meeting) if meeting is not None else {}
    _answered(request, actor, "accepted", facts, url)


@subscribe("meeting_request.declined")
def request_declined(*, request: MeetingRequest, actor=None, **payload) -> None:
    extra = {
        "reason": request.decline_reason,
        "message": request.decline_message[:MESSAGE_EXCERPT],
    }
    _answered(request, actor, "declined", extra, _path("requests", request.event.slug))


@subscribe("meeting_request.expired")
def request_expired(*, request: MeetingRequest, **payload) -> None:
    _answered(request, None, "expired", {}, _path("participants", request.event.slug))


def _meeting_drafts(meeting: Meeting, *, kind: str, key: str, extra: dict, actor=None, **draft):
    request = meeting.request
    request.event = meeting.event
    pair = (request.sender, request.recipient)
    drafts = []
    for registration, other in (pair, pair[::-1]):
        if not _unless_actor(registration, actor):
            continue
        drafts.append(
            Draft(
                recipient_id=registration.user_id,
                kind=kind,
                event_key=key,
                payload={
                    **_base(request, registration, other),
                    **_meeting_facts(meeting),
                    **extra,
                },
                url=_path("agenda", meeting.event.slug),
                **draft,
            )
        )
    return drafts


@subscribe("meeting.cancelled")
@subscribe("meeting.rescheduled")
def meeting_changed(*, meeting: Meeting, actor=None, **payload) -> None:
    change = "cancelled" if meeting.status == "cancelled" else "rescheduled"
    notifications_create(
        _meeting_drafts(
            meeting,
            kind=NotificationKind.MEETING_CHANGED,
            key=f"meeting:{meeting.pk}:changed:{meeting.sequence}",
            extra={"change": change},
            actor=actor,
        )
    )


@subscribe("meeting.reminder")
def meeting_reminder(*, meeting: Meeting, which: str, **payload) -> None:
    # A reminder in a digest would come too late: always at once (unless turned off).
    notifications_create(
        _meeting_drafts(
            meeting,
            kind=NotificationKind.MEETING_REMINDER,
            key=f"meeting:{meeting.pk}:reminder:{which}:{meeting.sequence}",
            extra={"which": which},
            delivery=Delivery.INSTANT,
        )
    )


@subscribe("schedule.published")
def agenda_published(*, event: Event, run: ScheduleRun, **payload) -> None:
    """Every participant with meetings gets their whole agenda, and their calendar feed's
    link (the feed carries the new times and revisions)."""
    meetings = (
        Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED)
        .select_related(*MEETING_PEOPLE)
        .order_by("slot__starts_at", "pk")
    )
    agendas: dict[int, tuple[Registration, list[dict]]] = {}
    for meeting in meetings:
        pair = (meeting.request.sender, meeting.request.recipient)
        for registration, other in (pair, pair[::-1]):
            _, items = agendas.setdefault(registration.pk, (registration, []))
            items.append({**_counterpart(other), **_meeting_place_and_time(meeting)})
    drafts = []
    feed = _path("agenda_ics", event.slug)
    for registration, items in agendas.values():
        drafts.append(
            Draft(
                recipient_id=registration.user_id,
                kind=NotificationKind.MEETING_AGENDA,
                event_key=f"schedule:{run.pk}:agenda",
                payload={
                    "event_slug": event.slug,
                    "title": event.title,
                    "time_zone": registration.time_zone,
                    "event_time_zone": event.time_zone,
                    "meetings": items,
                    "feed_url": absolute_url(f"{feed}?token={feed_token(registration)}"),
                },
                url=_path("agenda", event.slug),
                delivery=Delivery.INSTANT,
            )
        )
    notifications_create(drafts)


@subscribe("meeting.held")
def meeting_held(*, meeting: Meeting, **payload) -> None:
    """Both sides are asked after the meeting: useful? follow-up planned?"""
    notifications_create(
        [
            replace(draft, url=_path("meeting_feedback", meeting.event.slug, meeting.pk))
            for draft in _meeting_drafts(
                meeting,
                kind=NotificationKind.MEETING_FEEDBACK,
                key=f"meeting:{meeting.pk}:feedback",
                extra={},
            )
        ]
    )
