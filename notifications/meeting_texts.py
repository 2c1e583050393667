"""What the partnering-meeting notifications say, from their payload, in the active language.

Times are stored as UTC instants with the recipient's and the event's time zones, and shown
in both (events.times), so an e-mail read in Seoul says 23:00 KST for a 09:00 Boston meeting.
"""

import datetime
import zoneinfo

from django.utils.translation import gettext

from events.models import DeclineReason
from events.times import format_in_zones

from .models import NotificationKind

MEETING_KINDS = frozenset(
    {
        NotificationKind.MEETING_REQUEST_RECEIVED,
        NotificationKind.MEETING_REQUEST_ANSWERED,
        NotificationKind.MEETING_CHANGED,
        NotificationKind.MEETING_REMINDER,
        NotificationKind.MEETING_AGENDA,
        NotificationKind.MEETING_FEEDBACK,
    }
)
AGENDA_LINES = 40


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def meeting_time(payload: dict) -> str:
    """The meeting's time in the recipient's and the event's time zones ("" without one)."""
    return _time(payload, payload)


def _time(item: dict, payload: dict) -> str:
    try:
        starts_at = datetime.datetime.fromisoformat(item["starts_at"])
        ends_at = datetime.datetime.fromisoformat(item["ends_at"])
    except (KeyError, TypeError, ValueError):
        return ""
    return format_in_zones(
        starts_at,
        ends_at,
        _zone(payload.get("time_zone", "")),
        _zone(payload.get("event_time_zone", "")),
    )


def _reason(code: str) -> str:
    return str(DeclineReason(code).label) if code in DeclineReason.values else ""


def headline(kind: str, p: dict) -> str:
    names = {
        "person": p.get("person", ""),
        "organization": p.get("organization", ""),
        "title": p.get("title", ""),
        "time": meeting_time(p),
    }
    if kind == NotificationKind.MEETING_REQUEST_RECEIVED:
        return gettext("%(person)s (%(organization)s) asks to meet you at %(title)s") % names
    if kind == NotificationKind.MEETING_AGENDA:
        return gettext("Your agenda at %(title)s: %(count)s meetings") % {
            **names,
            "count": len(p.get("meetings", [])),
        }
    if kind == NotificationKind.MEETING_FEEDBACK:
        return gettext("Your meeting with %(organization)s at %(title)s: how was it?") % names
    if kind == NotificationKind.MEETING_REQUEST_ANSWERED:
        if p.get("status") == "accepted" and not p.get("starts_at"):
            return (
                gettext(
                    "%(organization)s accepted your meeting request: the organisers will "
                    "schedule it"
                )
                % names
            )
        if p.get("status") == "accepted":
            return gettext("%(organization)s accepted your meeting request: %(time)s") % names
        if p.get("status") == "declined":
            return gettext("%(organization)s declined your meeting request at %(title)s") % names
        return gettext("Your meeting request to %(organization)s at %(title)s expired") % names
    if kind == NotificationKind.MEETING_CHANGED:
        if p.get("change") == "cancelled":
            return gettext("Your meeting with %(organization)s at %(title)s is cancelled") % names
        return gettext("Your meeting with %(organization)s moved to %(time)s") % names
    if p.get("which") == "soon":
        return gettext("Soon: meeting with %(organization)s, %(time)s") % names
    return gettext("Tomorrow: meeting with %(organization)s, %(time)s") % names


def detail_lines(kind: str, p: dict) -> list[str]:
    """The meeting's facts under the headline: time, place, reason, message."""
    if kind == NotificationKind.MEETING_AGENDA:
        return _agenda_lines(p)
    if kind == NotificationKind.MEETING_FEEDBACK:
        return [
            gettext("When: %(time)s") % {"time": meeting_time(p)},
            gettext(
                "Two questions for the organisers: was the meeting useful, and is a follow-up "
                "planned? Answer with the link below."
            ),
        ]
    lines = []
    time = meeting_time(p)
    if time and kind != NotificationKind.MEETING_REQUEST_RECEIVED:
        lines.append(gettext("When: %(time)s") % {"time": time})
    if p.get("table"):
        lines.append(gettext("Where: table %(table)s") % {"table": p["table"]})
    elif p.get("video_url"):
        lines.append(gettext("Video link: %(url)s") % {"url": p["video_url"]})
    if p.get("status") == "declined" and _reason(p.get("reason", "")):
        lines.append(gettext("Reason: %(reason)s") % {"reason": _reason(p["reason"])})
    if p.get("message"):
        lines.append(p["message"])
    return lines


def _agenda_lines(p: dict) -> list[str]:
    """One line per meeting, in the recipient's time zone (and the event's)."""
    lines = []
    for item in p.get("meetings", [])[:AGENDA_LINES]:
        place = (
            gettext("table %(table)s") % {"table": item["table"]}
            if item.get("table")
            else item.get("video_url", "")
        )
        lines.append(
            gettext("%(time)s: %(person)s (%(organization)s), %(place)s")
            % {
                "time": _time(item, p),
                "person": item.get("person", ""),
                "organization": item.get("organization", ""),
                "place": place,
            }
        )
    if p.get("feed_url"):
        lines.append(
            gettext("Your calendar feed carries the new times: %(url)s") % {"url": p["feed_url"]}
        )
    return lines
