"""What events does when something happens elsewhere, and what it adds to a person's data."""

from typing import Any

from django.db.models import Q

from accounts.models import User
from core.domain_events import subscribe
from core.personal_data import personal_data_section

from .models import Meeting, MeetingRequest, Registration
from .services import (
    registrations_copy_organization_name,
    registrations_copy_person_name,
    registrations_release_for_user,
)


@subscribe("account.deleting")
def release_registrations(*, user: User, **payload: Any) -> None:
    registrations_release_for_user(user=user)


@subscribe("organization.updated")
def copy_organization_name(*, organization_id: int, **payload: Any) -> None:
    registrations_copy_organization_name(organization_id=organization_id)


@subscribe("account.updated")
def copy_person_name(*, user: User, **payload: Any) -> None:
    registrations_copy_person_name(user=user)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@personal_data_section("event_registrations")
def registrations_of(user: User) -> list[dict]:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event", "organization")
        .prefetch_related("technology_areas", "opportunities")
        .order_by("pk")
    )
    return [
        {
            "event": registration.event.title,
            "organization": registration.organization.name,
            "status": registration.status,
            "attendance": registration.attendance,
            "time_zone": registration.time_zone,
            "offer": registration.offer,
            "seek": registration.seek,
            "technology_areas": [area.name for area in registration.technology_areas.all()],
            "opportunities": [item.title for item in registration.opportunities.all()],
            "registered_at": _iso(registration.created_at),
        }
        for registration in registrations
    ]


@personal_data_section("meeting_requests")
def requests_of(user: User) -> list[dict]:
    requests = (
        MeetingRequest.objects.filter(Q(sender__user=user) | Q(recipient__user=user))
        .select_related("event", "sender__organization", "recipient__organization")
        .order_by("pk")
    )
    return [
        {
            "event": request.event.title,
            "direction": "sent" if request.sender.user_id == user.pk else "received",
            "from": request.sender.organization.name,
            "to": request.recipient.organization.name,
            "message": request.message,
            "status": request.status,
            "decline_reason": request.decline_reason,
            "decline_message": request.decline_message,
            "sent_at": _iso(request.created_at),
            "answered_at": _iso(request.answered_at),
        }
        for request in requests
    ]


@personal_data_section("meetings")
def meetings_of(user: User) -> list[dict]:
    meetings = (
        Meeting.objects.filter(Q(request__sender__user=user) | Q(request__recipient__user=user))
        .select_related(
            "event", "slot", "request__sender__organization", "request__recipient__organization"
        )
        .order_by("pk")
    )
    return [
        {
            "event": meeting.event.title,
            "with": (
                meeting.request.recipient.organization.name
                if meeting.request.sender.user_id == user.pk
                else meeting.request.sender.organization.name
            ),
            "starts_at": _iso(meeting.slot.starts_at),
            "ends_at": _iso(meeting.slot.ends_at),
            "table": meeting.table,
            "video_url": meeting.video_url,
            "status": meeting.status,
        }
        for meeting in meetings
    ]
