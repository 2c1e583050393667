"""Event data as organisers enter it, shared by the events tests and the admin smoke test."""

import datetime

from django.utils import timezone

from events.models import EventFormat


def days_ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def event_data(**overrides) -> dict:
    now = timezone.now()
    data = {
        "title": "Lyon–Seoul partnering day",
        "description": "One-to-one meetings.",
        "format": EventFormat.HYBRID,
        "venue": "Centre de Congrès",
        "city": "Lyon",
        "time_zone": "Europe/Paris",
        "meeting_minutes": 30,
        "break_minutes": 0,
        "tables": 2,
        "video_link_template": "https://meet.example.org/{event}-{meeting}",
        "registration_deadline": now + datetime.timedelta(days=5),
        "request_deadline": now + datetime.timedelta(days=6),
        "request_expiry_hours": 48,
        "max_open_requests": 3,
        "participant_visibility": "participants",
        "requires_approval": False,
    }
    data.update(overrides)
    return data
