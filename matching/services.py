"""Matching and notifications. The marketplace calls `event_recorded` for every event."""

from opportunities.models import OpportunityEvent


def event_recorded(*, event: OpportunityEvent) -> None:
    """Hook called inside the transaction that recorded `event` (notifications land here)."""
