"""The single place where an opportunity's history is written and notifications are hooked."""

from django.db import transaction

from accounts.models import User

from .models import ExpressionOfInterest, Opportunity, OpportunityEvent


def record_event(
    *,
    opportunity: Opportunity,
    action: str,
    actor: User | None,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    interest: ExpressionOfInterest | None = None,
) -> OpportunityEvent:
    """Save the event, then let matching/notifications react inside the same transaction.

    Running the hook in the caller's transaction means a rolled-back change leaves neither an
    event nor a notification behind.
    """
    from matching.services import event_recorded

    with transaction.atomic():
        event = OpportunityEvent(
            opportunity=opportunity,
            interest=interest,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
        )
        # The related rows were just loaded or saved by the caller: no need to re-query them.
        event.full_clean(exclude=["opportunity", "interest", "actor"])
        event.save()
        event_recorded(event=event)
    return event
