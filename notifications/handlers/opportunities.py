"""Marketplace events turned into notifications: the moderator's verdict, interests sent and
answered (and the introduction they make)."""

from typing import Any

from django.db.models import Q

from clusters.models import ClusterStaff
from core.domain_events import subscribe
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityEvent,
)
from opportunities.selectors import opportunity_versions

from ..models import NotificationKind
from ..outbox import Draft, drafts_for, notifications_create
from ..paths import opportunity_path
from ..recipients import admins_of, organization_side, people

Action = OpportunityEvent.Action

MESSAGE_EXCERPT = 300


def opportunity_payload(opportunity: Opportunity, **more: Any) -> dict[str, Any]:
    """What every notification about an opportunity names: it, and its title in each language."""
    return {
        "opportunity_id": opportunity.pk,
        "title": opportunity.title,
        "versions": opportunity_versions(opportunity_id=opportunity.pk),
        **more,
    }


@subscribe("opportunity.published")
@subscribe("opportunity.changes_requested")
@subscribe("opportunity.rejected")
def moderation_result(*, event: OpportunityEvent) -> None:
    """The author (or, without one, the organization's admins) hears the moderator's verdict."""
    opportunity = Opportunity.objects.select_related("organization").get(pk=event.opportunity_id)
    if opportunity.author_id:
        recipients = people(Q(pk=opportunity.author_id), exclude=event.actor_id)
    else:
        recipients = people(admins_of(opportunity.organization_id), exclude=event.actor_id)
    payload = opportunity_payload(
        opportunity,
        result=event.action,
        comment=(event.comment or opportunity.moderation_comment)[:2000],
    )
    notifications_create(
        drafts_for(
            recipients,
            kind=NotificationKind.MODERATION_RESULT,
            event_key=f"moderation:{event.pk}",
            payload=payload,
            url=opportunity_path(opportunity.pk),
        )
    )


def _interest_of(event: OpportunityEvent, owner: str) -> ExpressionOfInterest | None:
    """The interest the event is about, with its organization and `owner` (a related path)."""
    if event.interest_id is None:
        return None
    return ExpressionOfInterest.objects.select_related("organization", owner).get(
        pk=event.interest_id
    )


@subscribe("interest.sent")
def interest_received(*, event: OpportunityEvent) -> None:
    interest = _interest_of(event, "opportunity__organization")
    if interest is None:
        return
    opportunity = interest.opportunity
    payload = opportunity_payload(
        opportunity,
        interest_id=interest.pk,
        organization=interest.organization.name,
        message=interest.message[:MESSAGE_EXCERPT],
    )
    owner_side = organization_side(
        organization_id=opportunity.organization_id,
        author_id=opportunity.author_id,
        exclude=event.actor_id,
    )
    notifications_create(
        drafts_for(
            owner_side,
            kind=NotificationKind.EOI_RECEIVED,
            event_key=f"interest:{interest.pk}:received",
            payload=payload,
            url=opportunity_path(opportunity.pk),
        )
    )


@subscribe("interest.answered")
def interest_answered(*, event: OpportunityEvent) -> None:
    """The interested side hears the answer; on acceptance (an introduction) the staff of
    both home clusters are told too."""
    interest = _interest_of(event, "opportunity__organization__cluster")
    if interest is None:
        return
    opportunity = interest.opportunity
    accepted = event.action == Action.INTEREST_ACCEPTED
    revealed = accepted or not opportunity.is_anonymous
    payload = opportunity_payload(
        opportunity,
        interest_id=interest.pk,
        status=InterestStatus.ACCEPTED if accepted else InterestStatus.DECLINED,
        organization=opportunity.organization.name if revealed else "",
        reply=interest.reply[:MESSAGE_EXCERPT],
        decline_reason=interest.decline_reason,
    )
    url = opportunity_path(opportunity.pk)
    interested_side = organization_side(
        organization_id=interest.organization_id,
        author_id=interest.author_id,
        exclude=event.actor_id,
    )
    drafts = drafts_for(
        interested_side,
        kind=NotificationKind.EOI_ANSWERED,
        event_key=f"interest:{interest.pk}:answered",
        payload=payload,
        url=url,
    )
    if accepted:
        drafts += _introduction_drafts(interest=interest, url=url)
    notifications_create(drafts)


def _introduction_drafts(*, interest: ExpressionOfInterest, url: str) -> list[Draft]:
    opportunity = interest.opportunity
    owner_cluster_id = opportunity.organization.cluster_id
    staff = ClusterStaff.objects.filter(
        cluster_id__in={interest.organization.cluster_id, owner_cluster_id},
        user__is_active=True,
    ).values_list("user_id", "cluster_id")
    owner_staff = {user_id for user_id, cluster_id in staff if cluster_id == owner_cluster_id}
    introduction = opportunity_payload(
        opportunity,
        interest_id=interest.pk,
        introduction=True,
        interested=interest.organization.name,
        owner=opportunity.organization.name,
    )
    # An anonymous owner stays anonymous to the other cluster's staff: only its own
    # cluster's staff (and the introduced parties) learn who it is.
    masked = {
        **introduction,
        "owner": "",
        "owner_cluster": opportunity.organization.cluster.name,
    }
    return [
        Draft(
            recipient_id=user_id,
            kind=NotificationKind.EOI_ANSWERED,
            event_key=f"interest:{interest.pk}:introduction",
            payload=(
                introduction if user_id in owner_staff or not opportunity.is_anonymous else masked
            ),
            url=url,
        )
        for user_id in {user_id for user_id, _ in staff}
    ]
