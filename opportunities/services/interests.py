"""Expressions of interest and their answers; accepting one is an introduction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from opportunities import permissions
from opportunities.events import record_event
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityEvent,
    OpportunityStatus,
)
from partners.models import Organization
from partners.roles import roles_of

from .lifecycle import _full_clean, _lock, _today

Action = OpportunityEvent.Action

MESSAGE_INTEREST_NOT_PUBLISHED = _("You can express interest only in a published opportunity.")
MESSAGE_INTEREST_OWN = _("An organization cannot express interest in its own opportunity.")
MESSAGE_INTEREST_DUPLICATE = _(
    "%(organization)s has already expressed interest in this opportunity."
)
MESSAGE_INTEREST_EMPTY = _("Write a short message: who you are and what interests you.")
MESSAGE_INTEREST_ANSWERED = _("This expression of interest has already been answered.")


@transaction.atomic
def interest_express(
    *, actor: User, opportunity: Opportunity, organization: Organization, message: str
) -> ExpressionOfInterest:
    if not organization.is_active or not roles_of(actor).is_member_of(organization.pk):
        raise PermissionDenied
    message = (message or "").strip()
    _lock(opportunity)
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
    *, actor: User, interest: ExpressionOfInterest, reply: str, status: str, action: str
) -> ExpressionOfInterest:
    if not permissions.can_answer_interest(actor, interest):
        raise PermissionDenied
    ExpressionOfInterest.objects.select_for_update().filter(pk=interest.pk).values_list(
        "pk"
    ).first()
    interest.refresh_from_db()
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(MESSAGE_INTEREST_ANSWERED, code="answered")
    interest.status = status
    interest.reply = (reply or "").strip()
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
    *, actor: User, interest: ExpressionOfInterest, reply: str = ""
) -> ExpressionOfInterest:
    return _answer(
        actor=actor,
        interest=interest,
        reply=reply,
        status=InterestStatus.DECLINED,
        action=Action.INTEREST_DECLINED,
    )
