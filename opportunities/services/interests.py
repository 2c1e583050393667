"""Expressions of interest and their answers; accepting one is an introduction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.locks import lock_and_reload
from opportunities import permissions
from opportunities.events import record_event
from opportunities.models import (
    DeclineReason,
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityEvent,
    OpportunityStatus,
)
from partners.models import Organization
from partners.roles import roles_of

from .lifecycle import _full_clean, _today

Action = OpportunityEvent.Action

MESSAGE_INTEREST_NOT_PUBLISHED = _("You can express interest only in a published opportunity.")
MESSAGE_INTEREST_OWN = _("An organization cannot express interest in its own opportunity.")
MESSAGE_INTEREST_DUPLICATE = _(
    "%(organization)s has already expressed interest in this opportunity."
)
MESSAGE_INTEREST_EMPTY = _("Write a short message: who you are and what interests you.")
MESSAGE_INTEREST_ANSWERED = _("This expression of interest has already been answered.")
MESSAGE_DECLINE_REASON = _("Choose why you decline: the interested organization sees it.")
MESSAGE_DECLINE_OTHER = _("Say in a few words why you decline.")
# Unanswered this long, an interest closes as expired and the interested side is told.
INTEREST_EXPIRES_AFTER = datetime.timedelta(days=30)


@transaction.atomic
def interest_express(
    *, actor: User, opportunity: Opportunity, organization: Organization, message: str
) -> ExpressionOfInterest:
    if not organization.is_active or not roles_of(actor).is_member_of(organization.pk):
        raise PermissionDenied
    message = (message or "").strip()
    lock_and_reload(opportunity)
    if opportunity.status != OpportunityStatus.PUBLISHED or (
        opportunity.expires_on is not None and opportunity.expires_on <= _today()
    ):
        raise ValidationError(MESSAGE_INTEREST_NOT_PUBLISHED, code="not_published")
    if organization.pk == opportunity.organization_id:
        raise ValidationError(MESSAGE_INTEREST_OWN, code="own")
    duplicate = ValidationError(
        MESSAGE_INTEREST_DUPLICATE, code="duplicate", params={"organization": organization.name}
    )
    if ExpressionOfInterest.objects.filter(
        opportunity=opportunity, organization=organization
    ).exists():
        raise duplicate
    if not message:
        raise ValidationError({"message": MESSAGE_INTEREST_EMPTY})
    interest = ExpressionOfInterest(
        opportunity=opportunity, organization=organization, author=actor, message=message
    )
    _full_clean(interest)
    try:
        # The constraint is the real guard against two colleagues sending at the same time.
        with transaction.atomic():
            interest.save()
    except IntegrityError as error:
        raise duplicate from error
    record_event(
        opportunity=opportunity,
        interest=interest,
        action=Action.INTEREST_SENT,
        actor=actor,
        to_status=InterestStatus.PENDING,
    )
    return interest


def _answer(
    *,
    actor: User | None,
    interest: ExpressionOfInterest,
    reply: str,
    status: str,
    action: str,
    decline_reason: str = "",
) -> ExpressionOfInterest:
    if actor is not None and not permissions.can_answer_interest(actor, interest):
        raise PermissionDenied
    ExpressionOfInterest.objects.select_for_update().filter(pk=interest.pk).values_list(
        "pk"
    ).first()
    interest.refresh_from_db()
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(MESSAGE_INTEREST_ANSWERED, code="answered")
    interest.status = status
    interest.reply = (reply or "").strip()
    interest.decline_reason = decline_reason
    interest.answered_by = actor
    interest.answered_at = timezone.now()
    _full_clean(interest)
    interest.save()
    record_event(
        opportunity=interest.opportunity,
        interest=interest,
        action=action,
        actor=actor,
        from_status=InterestStatus.PENDING,
        to_status=status,
        comment=interest.reply,
    )
    return interest


@transaction.atomic
def interest_accept(
    *, actor: User, interest: ExpressionOfInterest, reply: str = ""
) -> ExpressionOfInterest:
    """Accepting is an introduction: both sides now see each other's identity and contacts."""
    return _answer(
        actor=actor,
        interest=interest,
        reply=reply,
        status=InterestStatus.ACCEPTED,
        action=Action.INTEREST_ACCEPTED,
    )


@transaction.atomic
def interest_decline(
    *, actor: User, interest: ExpressionOfInterest, reply: str = "", reason: str = ""
) -> ExpressionOfInterest:
    """The reason (and the reply) are shown to the interested organization with the decline."""
    if reason and reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": MESSAGE_DECLINE_REASON})
    if reason == DeclineReason.OTHER and not (reply or "").strip():
        raise ValidationError({"reply": MESSAGE_DECLINE_OTHER})
    return _answer(
        actor=actor,
        interest=interest,
        reply=reply,
        status=InterestStatus.DECLINED,
        action=Action.INTEREST_DECLINED,
        decline_reason=reason,
    )


@transaction.atomic
def interest_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Close as expired every interest left unanswered for 30 days. Idempotent."""
    cutoff = (now or timezone.now()) - INTEREST_EXPIRES_AFTER
    due = ExpressionOfInterest.objects.filter(
        status=InterestStatus.PENDING, created_at__lte=cutoff
    ).select_related("opportunity")
    count = 0
    for interest in due.order_by("pk").iterator(chunk_size=500):
        _answer(
            actor=None,
            interest=interest,
            reply="",
            status=InterestStatus.EXPIRED,
            action=Action.INTEREST_EXPIRED,
        )
        count += 1
    return count
