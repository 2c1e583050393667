"""The single place where an opportunity's history is written and its domain events published."""

from django.db import transaction

from accounts.models import User
from core.audit import acting_user, current_via
from core.domain_events import publish

from .models import ExpressionOfInterest, Opportunity, OpportunityEvent

Action = OpportunityEvent.Action

# The domain event each recorded action publishes (core.domain_events); the payload is
# always `event=<the OpportunityEvent>`.
EVENT_NAMES = {
    Action.CREATED: "opportunity.created",
    Action.EDITED: "opportunity.edited",
    Action.SUBMITTED: "opportunity.submitted",
    Action.PUBLISHED: "opportunity.published",
    Action.CHANGES_REQUESTED: "opportunity.changes_requested",
    Action.REJECTED: "opportunity.rejected",
    Action.RENEWED: "opportunity.renewed",
    Action.CLOSED: "opportunity.closed",
    Action.EXPIRED: "opportunity.expired",
    Action.INTEREST_SENT: "interest.sent",
    Action.INTEREST_ACCEPTED: "interest.answered",
    Action.INTEREST_DECLINED: "interest.answered",
    Action.INTEREST_EXPIRED: "interest.expired",
}


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
    """Save the event, then publish it so matching and notifications react in the same
    transaction: a rolled-back change leaves neither an event nor a notification behind.
    """
    with transaction.atomic():
        event = OpportunityEvent(
            opportunity=opportunity,
            interest=interest,
            actor=acting_user(actor),
            action=action,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
            via=current_via(),
        )
        # The related rows were just loaded or saved by the caller: no need to re-query them.
        event.full_clean(exclude=["opportunity", "interest", "actor"])
        event.save()
        publish(EVENT_NAMES[event.action], event=event)
    return event
