"""What the follow-ups do when something happens elsewhere: a held partnering meeting
becomes something the follow-up tracks (services.follow_up_meeting_held)."""

import datetime
from typing import Any

from core.domain_events import subscribe

from .services import follow_up_meeting_held


@subscribe("meeting.held")
def meeting_held(
    *,
    meeting: Any,
    organization_ids: tuple[int, int],
    held_at: datetime.datetime,
    event_title: str,
    **payload: Any,
) -> None:
    follow_up_meeting_held(
        meeting=meeting,
        organization_ids=organization_ids,
        held_at=held_at,
        event_title=event_title,
    )
