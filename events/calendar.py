"""iCalendar files of meetings (RFC 5545, built with `icalendar`).

Each meeting keeps one UID for its whole life; its SEQUENCE rises with every reschedule and
cancellation (the service does it), so a calendar that imported it updates the entry instead
of adding another. A single meeting's file says METHOD:REQUEST while it is scheduled and
METHOD:CANCEL once cancelled; the subscription feed is METHOD:PUBLISH and lists cancelled
meetings as STATUS:CANCELLED, so subscribed calendars drop them.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from .models import Meeting, MeetingStatus, Registration

PRODUCT_ID = "-//WLSCC Portal//Partnering events//EN"


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
