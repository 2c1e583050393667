"""Times of slots in a given time zone, for the event templates."""

from django import template

from events.times import format_range

register = template.Library()


@register.simple_tag
def time_range(slot, zone) -> str:
    """The slot's start and end in `zone` ("Fri 12 Mar 2027, 09:00-09:30 KST")."""
    return format_range(slot.starts_at, slot.ends_at, zone)
