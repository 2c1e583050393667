"""What the follow-ups hold about a person, for the personal-data download (core.personal_data).

Registered in FollowupsConfig.ready(). On account deletion the statements and feedback stay
(they are the organizations' record) and lose the link to the person (SET_NULL).
"""

from typing import Any

from core.personal_data import personal_data_section

from .models import FollowUpEvent, OpportunityFeedback


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@personal_data_section("follow_up_statements")
def follow_up_statements(user) -> list[dict[str, Any]]:
    events = FollowUpEvent.objects.filter(actor=user).select_related(
        "follow_up__owner_organization", "follow_up__interested_organization"
    )
    return [
        {
            "between": [
                event.follow_up.owner_organization.name,
                event.follow_up.interested_organization.name,
            ],
            "side": event.side,
            "action": event.action,
            "from": event.from_stage,
            "to": event.to_stage,
            "agreement_type": event.agreement_type,
            "comment": event.comment,
            "via": event.via,
            "at": _iso(event.created_at),
        }
        for event in events.order_by("created_at", "pk")
    ]


@personal_data_section("opportunity_feedback_given")
def feedback_given(user) -> list[dict[str, Any]]:
    feedback = OpportunityFeedback.objects.filter(author=user).select_related(
        "opportunity", "organization"
    )
    return [
        {
            "opportunity": item.opportunity.title,
            "organization": item.organization.name,
            "reason": item.reason,
            "text": item.text,
            "name_shown": item.show_name,
            "at": _iso(item.created_at),
        }
        for item in feedback.order_by("created_at", "pk")
    ]
