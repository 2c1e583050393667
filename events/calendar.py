"""iCalendar files of meetings (RFC 5545, built with `icalendar`).

Each meeting keeps one UID for its whole life; its SEQUENCE rises with every reschedule and
cancellation (the service does it), so a calendar that imported it updates the entry instead
of adding another. A single meeting's file says METHOD:REQUEST while it is scheduled and
METHOD:CANCEL once cancelled; the subscription feed is METHOD:PUBLISH and lists cancelled
meetings as STATUS:CANCELLED, so subscribed calendars drop them.

Calendar apps poll the feed (every few minutes, for each subscriber), so a feed is built once
and kept in the cache under a fingerprint of everything of the event and the meetings that it
shows (`agenda_feed_cached`): a changed, moved, added or cancelled meeting, or an edited event,
gives another key, so the next poll gets the new feed at once. Only what the counterparts'
profiles say (name, organization, offer and seek) may stay FEED_CACHE_SECONDS old.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.caching import cached

from .models import Meeting, MeetingStatus, Registration

PRODUCT_ID = "-//WLSCC Portal//Partnering events//EN"
FEED_CACHE_SECONDS = 10 * 60


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "wlscc.example"
    return f"meeting-{meeting.pk}@{host}"


def _person(registration: Registration) -> str:
    name = registration.user.get_full_name() or _("A participant")
    return f"{name} ({registration.organization.name})"


def _location(meeting: Meeting) -> str:
    if meeting.table:
        venue = ", ".join(part for part in (meeting.event.venue, meeting.event.city) if part)
        table = _("Table %(number)d") % {"number": meeting.table}
        return f"{table}, {venue}" if venue else table
    return meeting.video_url


def _vevent(meeting: Meeting, registration: Registration) -> icalendar.Event:
    counterpart = meeting.counterpart
    entry = icalendar.Event()
    entry.add("uid", meeting_uid(meeting))
    entry.add("sequence", meeting.sequence)
    entry.add("dtstamp", meeting.updated_at)
    entry.add("dtstart", meeting.slot.starts_at)
    entry.add("dtend", meeting.slot.ends_at)
    entry.add(
        "summary",
        _("Meeting with %(person)s · %(event)s")
        % {"person": _person(counterpart), "event": meeting.event.title},
    )
    entry.add("location", _location(meeting))
    lines = [meeting.event.title, _("With: %(person)s") % {"person": _person(counterpart)}]
    if counterpart.offer:
        lines.append(_("Offers: %(text)s") % {"text": counterpart.offer})
    if counterpart.seek:
        lines.append(_("Seeks: %(text)s") % {"text": counterpart.seek})
    if meeting.video_url:
        lines.append(_("Video link: %(url)s") % {"url": meeting.video_url})
    entry.add("description", "\n".join(lines))
    if meeting.video_url:
        entry.add("url", meeting.video_url)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("transp", "OPAQUE")
    return entry


def _calendar(method: str, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    return calendar


def meeting_calendar(meeting: Meeting, registration: Registration) -> bytes:
    """One meeting, for the participant `registration` (the other side is the counterpart)."""
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    calendar = _calendar(method, meeting.event.title)
    calendar.add_component(_vevent(meeting, registration))
    return calendar.to_ical()


def agenda_feed(registration: Registration, meetings: Iterable[Meeting]) -> bytes:
    """The participant's subscription feed: every meeting, cancelled ones marked so."""
    calendar = _calendar(
        "PUBLISH", _("%(event)s: my meetings") % {"event": registration.event.title}
    )
    for meeting in meetings:
        calendar.add_component(_vevent(meeting, registration))
    return calendar.to_ical()


def _feed_fingerprint(registration: Registration, meetings: Sequence[Meeting]) -> str:
    """Everything of the event, the participant and their meetings that a feed shows (the
    counterparts' profiles apart), hashed: any change gives another fingerprint."""
    event = registration.event
    parts: list = [
        registration.pk,
        registration.feed_key,
        get_language(),
        settings.SITE_URL,
        event.updated_at,
        event.title,
        event.venue,
        event.city,
    ]
    for meeting in meetings:
        parts.append(
            (
                meeting.pk,
                meeting.sequence,
                meeting.updated_at,
                meeting.status,
                meeting.slot.starts_at,
                meeting.slot.ends_at,
                meeting.table,
                meeting.video_url,
                meeting.request.sender_id,
                meeting.request.recipient_id,
            )
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def agenda_feed_cached(
    registration: Registration,
    meetings: Sequence[Meeting],
    counterparts: Callable[[], object],
) -> bytes:
    """`agenda_feed` of the participant's `meetings` (with their slots and requests), from the
    cache when nothing it shows has changed; else `counterparts()` is called to load the other
    sides and the feed is built and kept FEED_CACHE_SECONDS."""

    def build() -> bytes:
        counterparts()
        return agenda_feed(registration, meetings)

    key = f"events:feed:{registration.pk}:{_feed_fingerprint(registration, meetings)}"
    return cached(key, FEED_CACHE_SECONDS, build)
