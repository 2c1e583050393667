"""What the API layer does when the domain changes (core.domain_events), in the change's
own transaction: tombstones for incremental sync (and, in webhooks.py, deliveries).

What counts as removed (the README's API section lists the same):
- an organization unverified (hidden from all but its members and cluster staff) or
  deactivated in the admin (hidden from all but consortium admins); with a deactivation, its
  published opportunities too;
- an opportunity closed or expired (it stays visible to those who expressed interest, and the
  API does not list it as removed to them);
- a draft event whose organisers lost a cluster (that cluster's staff no longer see it),
  and the meetings of any event whose organisers lost a cluster (that cluster's staff no
  longer act for its participants); published and closed events stay public, events are not
  deleted;
- the meetings of a person whose account is deleted (cancelled first, then deleted with it).
"""

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from core.domain_events import subscribe
from core.mail import absolute_url
from events.models import Event, EventStatus, Meeting
from events.permissions import organiser_ids
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityEvent,
    OpportunityStatus,
)
from partners.models import Organization

from .models import TombstoneKind, TombstoneReason, WebhookEvent
from .services import tombstone_record, webhook_deliveries_queue
from .webhooks import endpoints_for


@subscribe("organization.hidden")
def organization_hidden(*, organization_id: int, reason: str, **payload) -> None:
    tombstone_record(kind=TombstoneKind.ORGANIZATION, object_ids=[organization_id], reason=reason)
    if reason == TombstoneReason.DEACTIVATED:
        published = Opportunity.objects.filter(
            organization_id=organization_id, status=OpportunityStatus.PUBLISHED
        ).values_list("pk", flat=True)
        tombstone_record(kind=TombstoneKind.OPPORTUNITY, object_ids=list(published), reason=reason)


@subscribe("event.updated")
def event_updated(*, event: Event, organisers_removed: list[int] | None = None, **payload) -> None:
    if not organisers_removed:
        return
    hidden = TombstoneReason.HIDDEN
    if event.status == EventStatus.DRAFT:
        tombstone_record(kind=TombstoneKind.EVENT, object_ids=[event.pk], reason=hidden)
    meetings = list(Meeting.objects.filter(event=event).values_list("pk", flat=True))
    tombstone_record(kind=TombstoneKind.MEETING, object_ids=meetings, reason=hidden)


@subscribe("account.deleting")
def account_deleting(*, user: User, **payload) -> None:
    meetings = Meeting.objects.filter(
        Q(request__sender__user=user) | Q(request__recipient__user=user)
    ).values_list("pk", flat=True)
    tombstone_record(
        kind=TombstoneKind.MEETING, object_ids=list(meetings), reason=TombstoneReason.DELETED
    )


def _opportunity_gone(event: OpportunityEvent, reason: TombstoneReason) -> None:
    tombstone_record(
        kind=TombstoneKind.OPPORTUNITY, object_ids=[event.opportunity_id], reason=reason
    )


@subscribe("opportunity.closed")
def opportunity_closed(*, event: OpportunityEvent, **payload) -> None:
    _opportunity_gone(event, TombstoneReason.CLOSED)


@subscribe("opportunity.expired")
def opportunity_expired(*, event: OpportunityEvent, **payload) -> None:
    _opportunity_gone(event, TombstoneReason.EXPIRED)


# --- Webhooks: which domain events reach which endpoints --------------------------------------
# Payloads are thin (ids, stable states, links): the receiver reads the rest through the API
# with its key, so a webhook never shows more than the key would.


def _opportunity_data(opportunity: Opportunity) -> dict:
    return {
        "opportunity": {
            "id": opportunity.pk,
            "status": opportunity.status,
            "url": absolute_url(reverse("opportunities:detail", kwargs={"pk": opportunity.pk})),
            "api_url": absolute_url(
                reverse("api:opportunity-detail", kwargs={"pk": opportunity.pk})
            ),
        }
    }


def _send(event_type: str, data: dict, organizations: list[Organization]) -> None:
    endpoints = endpoints_for(
        event_type=event_type,
        organization_ids=[organization.pk for organization in organizations],
        cluster_ids=[organization.cluster_id for organization in organizations],
    )
    if endpoints:
        webhook_deliveries_queue(event_type=event_type, data=data, endpoints=endpoints)


def _opportunity(opportunity_id: int) -> Opportunity:
    return Opportunity.objects.select_related("organization").get(pk=opportunity_id)


@subscribe("opportunity.published")
def webhook_opportunity_published(*, event: OpportunityEvent, **payload) -> None:
    opportunity = _opportunity(event.opportunity_id)
    _send(
        WebhookEvent.OPPORTUNITY_PUBLISHED,
        _opportunity_data(opportunity),
        [opportunity.organization],
    )


@subscribe("opportunity.closed")
@subscribe("opportunity.expired")
def webhook_opportunity_closed(*, event: OpportunityEvent, **payload) -> None:
    opportunity = _opportunity(event.opportunity_id)
    _send(
        WebhookEvent.OPPORTUNITY_CLOSED, _opportunity_data(opportunity), [opportunity.organization]
    )


def _interest_data(interest: ExpressionOfInterest) -> dict:
    return {
        **_opportunity_data(interest.opportunity),
        "interest": {
            "id": interest.pk,
            "status": interest.status,
            "organization": interest.organization.slug,
            "api_url": absolute_url(reverse("api:interest-detail", kwargs={"pk": interest.pk})),
        },
    }


def _interest(interest_id: int) -> ExpressionOfInterest:
    return ExpressionOfInterest.objects.select_related(
        "organization", "opportunity", "opportunity__organization"
    ).get(pk=interest_id)


@subscribe("interest.sent")
def webhook_interest_received(*, event: OpportunityEvent, **payload) -> None:
    interest = _interest(event.interest_id)
    owner = interest.opportunity.organization
    _send(WebhookEvent.INTEREST_RECEIVED, _interest_data(interest), [owner])


@subscribe("interest.answered")
def webhook_interest_answered(*, event: OpportunityEvent, **payload) -> None:
    interest = _interest(event.interest_id)
    data = _interest_data(interest)
    _send(WebhookEvent.INTEREST_ANSWERED, data, [interest.organization])
    if interest.status == InterestStatus.ACCEPTED:
        both = [interest.organization, interest.opportunity.organization]
        _send(WebhookEvent.INTRODUCTION, data, both)


@subscribe("organization.created")
@subscribe("organization.updated")
def webhook_organization_updated(*, organization_id: int, **payload) -> None:
    organization = Organization.objects.get(pk=organization_id)
    data = {
        "organization": {
            "id": organization.pk,
            "slug": organization.slug,
            "external_id": organization.external_id,
            "url": absolute_url(reverse("partners:detail", kwargs={"slug": organization.slug})),
            "api_url": absolute_url(
                reverse("api:organization-detail", kwargs={"slug": organization.slug})
            ),
        }
    }
    _send(WebhookEvent.ORGANIZATION_UPDATED, data, [organization])


@subscribe("meeting.scheduled")
def webhook_meeting_scheduled(*, meeting: Meeting | None, **payload) -> None:
    """To both participants' organizations, and to their home clusters when these organise the
    event (the clusters whose staff may act for them, events.permissions.can_act_for)."""
    if meeting is None:  # an accepted request waiting for the organisers' schedule
        return
    meeting = Meeting.objects.select_related(
        "event", "slot", "request__sender__organization", "request__recipient__organization"
    ).get(pk=meeting.pk)
    organizations = [
        meeting.request.sender.organization,
        meeting.request.recipient.organization,
    ]
    organisers = organiser_ids(meeting.event)
    event_slug = meeting.event.slug
    data = {
        "meeting": {
            "id": meeting.pk,
            "status": meeting.status,
            "source": meeting.source,
            "starts_at": meeting.slot.starts_at.isoformat(),
            "ends_at": meeting.slot.ends_at.isoformat(),
            "organizations": [organization.slug for organization in organizations],
            "api_url": absolute_url(reverse("api:meeting-detail", kwargs={"pk": meeting.pk})),
        },
        "event": {
            "slug": event_slug,
            "url": absolute_url(reverse("events:detail", kwargs={"slug": event_slug})),
            "api_url": absolute_url(reverse("api:event-detail", kwargs={"slug": event_slug})),
        },
    }
    endpoints = endpoints_for(
        event_type=WebhookEvent.MEETING_SCHEDULED,
        organization_ids=[organization.pk for organization in organizations],
        cluster_ids=[o.cluster_id for o in organizations if o.cluster_id in organisers],
    )
    if endpoints:
        webhook_deliveries_queue(
            event_type=WebhookEvent.MEETING_SCHEDULED, data=data, endpoints=endpoints
        )
