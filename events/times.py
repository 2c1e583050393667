"""Time zones and slots. Everything is stored in UTC; windows are the event's local times."""

import datetime
import functools
import zoneinfo
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The time zone a person gets by default, from the country of their organization (they may
# choose another). The consortium's countries; any other country starts with the event's zone.
COUNTRY_TIME_ZONES = {
    "CA": "America/Toronto",
    "CH": "Europe/Zurich",
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
    "SG": "Asia/Singapore",
    "US": "America/New_York",
}


def default_time_zone(country: str, fallback: str) -> str:
    return COUNTRY_TIME_ZONES.get(str(country), fallback)


@dataclass(frozen=True)
class Window:
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time


def slot_times(
    window: Window, *, zone: zoneinfo.ZoneInfo, meeting_minutes: int, break_minutes: int
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The (start, end) UTC instants of the slots that fit in a window.

    Counted on the local wall clock, so a 09:00 window starts at 09:00 local on both sides of
    a daylight-saving change.
    """
    length = datetime.timedelta(minutes=meeting_minutes)
    step = length + datetime.timedelta(minutes=break_minutes)
    start = datetime.datetime.combine(window.date, window.start_time)
    end = datetime.datetime.combine(window.date, window.end_time)
    slots = []
    while start + length <= end:
        slots.append(
            (
                start.replace(tzinfo=zone).astimezone(datetime.UTC),
                (start + length).replace(tzinfo=zone).astimezone(datetime.UTC),
            )
        )
        start += step
    return slots


def format_range(starts_at: datetime.datetime, ends_at: datetime.datetime, zone) -> str:
    """A time range in `zone`, e.g. "Fri 12 Mar 2027, 09:00-09:30 EST" (names in the language)."""
    return _format_range(starts_at, ends_at, zone, get_language())


# An event has a few dozen slots shown in a few time zones and languages: each range is
# converted and localized once per process, not once per meeting on every agenda.
@functools.lru_cache(maxsize=4096)
def _format_range(
    starts_at: datetime.datetime, ends_at: datetime.datetime, zone, language: str | None
) -> str:
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    day = date_format(start, "D j M Y")
    return f"{day}, {start:%H:%M}–{end:%H:%M} {start.tzname()}"


def format_in_zones(starts_at, ends_at, zone, event_zone) -> str:
    """A time range in the viewer's time zone, then in the event's when that differs."""
    own = format_range(starts_at, ends_at, zone)
    if str(zone) == str(event_zone):
        return own
    local = format_range(starts_at, ends_at, event_zone)
    return _("%(own)s (event time: %(local)s)") % {"own": own, "local": local}


def format_slot(slot, zone, event_zone) -> str:
    return format_in_zones(slot.starts_at, slot.ends_at, zone, event_zone)


def format_window(window, zone, event_zone) -> str:
    starts_at = datetime.datetime.combine(window.date, window.start_time, tzinfo=event_zone)
    ends_at = datetime.datetime.combine(window.date, window.end_time, tzinfo=event_zone)
    return format_in_zones(starts_at, ends_at, zone, event_zone)
