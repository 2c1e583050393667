"""Every write to an opportunity's content and state, each recorded as an event.

Rules: check who acts (PermissionDenied), then lock the row and check the state
(ValidationError with one of the messages below, nothing changed), then `full_clean()`, save
and `record_event`, all in one transaction.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from clusters.models import TechnologyArea
from core.languages import detect_language
from core.locks import lock_and_reload
from opportunities import permissions
from opportunities.events import record_event
from opportunities.models import (
    DEFAULT_VALIDITY,
    FIT_FIELDS,
    CloseReason,
    CollaborationType,
    Opportunity,
    OpportunityEvent,
    OpportunityStatus,
)
from partners.models import Organization, OrganizationKind

Action = OpportunityEvent.Action


MESSAGE_NOT_EDITABLE = _(
    "This opportunity can no longer be edited: only drafts and opportunities sent back for "
    "changes can."
)
MESSAGE_CANNOT_SUBMIT = _(
    "Only a draft or an opportunity sent back for changes can be submitted for review."
)
MESSAGE_NEEDS_AREA = _("Choose at least one technology area before submitting for review.")
MESSAGE_NOT_IN_REVIEW = _(
    "This opportunity is not waiting for review: only submitted opportunities can be "
    "published, sent back or rejected."
)
MESSAGE_COMMENT_REQUIRED = _("Tell the author what to change.")
MESSAGE_REASON_REQUIRED = _("Give the author the reason for the rejection.")
MESSAGE_RENEW_NOT_PUBLISHED = _("Only a published opportunity can be renewed.")
MESSAGE_ALREADY_RENEWED = _("This opportunity has already been renewed once.")
MESSAGE_RENEW_EXPIRED = _("This opportunity has reached its expiry date and cannot be renewed.")
MESSAGE_CLOSE_NOT_PUBLISHED = _("Only a published opportunity can be closed.")
MESSAGE_BAD_CLOSE_REASON = _("Choose why the opportunity is closed.")
MESSAGE_EXPIRE_NOT_PUBLISHED = _("Only a published opportunity can expire.")
MESSAGE_EXPIRY_IN_PAST = _("The expiry date must be in the future.")
MESSAGE_EXPIRY_TOO_LATE = _("The expiry date can be at most 12 months ahead.")
MESSAGE_BAD_CHOICE = _("“%(value)s” is not a valid choice.")

# The fields an author fills in; everything else is set by the transitions below.
CONTENT_FIELDS = (
    "type",
    "title",
    "summary",
    "description",
    "language",
    *FIT_FIELDS,
    "is_anonymous",
    "expires_on",
)
_MULTI_CHOICES = {
    "collaboration_types": set(CollaborationType.values),
    "partner_kinds": set(OrganizationKind.values),
    "target_countries": {code for code, _name in countries},
}


# Relations the services set from loaded instances: no need to re-query that they exist.
_SET_RELATIONS = ("organization", "author", "opportunity", "answered_by")


def _full_clean(instance: Any) -> None:
    instance.full_clean(exclude=[f for f in _SET_RELATIONS if hasattr(instance, f"{f}_id")])


def _today() -> datetime.date:
    return timezone.localdate()


def _lock_editable(actor: User, opportunity: Opportunity) -> None:
    """The owner's members change the content, and only while it is a draft or sent back."""
    if not permissions.is_owner_member(actor, opportunity):
        raise PermissionDenied
    lock_and_reload(opportunity)
    if opportunity.status not in permissions.EDITABLE_STATUSES:
        raise ValidationError(MESSAGE_NOT_EDITABLE, code="not_editable")


def record_edit(actor: User, opportunity: Opportunity, comment: str = "") -> None:
    """A change of content (attachments included): the status stays as it is."""
    record_event(
        opportunity=opportunity,
        action=Action.EDITED,
        actor=actor,
        from_status=opportunity.status,
        to_status=opportunity.status,
        comment=comment,
    )


def _apply_content(opportunity: Opportunity, data: dict[str, Any]) -> Iterable | None:
    for name in CONTENT_FIELDS:
        if name in data:
            value = data[name]
            if name in _MULTI_CHOICES:
                value = list(dict.fromkeys(value or []))
                unknown = [item for item in value if item not in _MULTI_CHOICES[name]]
                if unknown:
                    raise ValidationError(
                        {name: ValidationError(MESSAGE_BAD_CHOICE, params={"value": unknown[0]})}
                    )
            elif value is None and name not in ("trl", "expires_on"):
                value = ""
            setattr(opportunity, name, value)
    if not opportunity.language:
        # Left blank by the author ("detect automatically"): search stems by it.
        opportunity.language = detect_language(
            opportunity.title, opportunity.summary, opportunity.description
        )
    expires_on = opportunity.expires_on
    if "expires_on" in data and expires_on is not None:
        if expires_on <= _today():
            raise ValidationError({"expires_on": MESSAGE_EXPIRY_IN_PAST})
        if expires_on > _today() + DEFAULT_VALIDITY:
            raise ValidationError({"expires_on": MESSAGE_EXPIRY_TOO_LATE})
    return data.get("technology_areas")


def _set_areas(opportunity: Opportunity, areas: Iterable | None) -> None:
    if areas is None:
        return
    ids = [area.pk if isinstance(area, TechnologyArea) else int(area) for area in areas]
    opportunity.technology_areas.set(TechnologyArea.objects.filter(pk__in=ids))


@transaction.atomic
def opportunity_create(
    *, actor: User, organization: Organization, data: dict[str, Any]
) -> Opportunity:
    if not permissions.can_create_opportunity(actor, organization):
        raise PermissionDenied
    opportunity = Opportunity(organization=organization, author=actor)
    areas = _apply_content(opportunity, data)
    _full_clean(opportunity)
    opportunity.save()
    _set_areas(opportunity, areas)
    record_event(
        opportunity=opportunity,
        action=Action.CREATED,
        actor=actor,
        to_status=OpportunityStatus.DRAFT,
    )
    return opportunity


@transaction.atomic
def opportunity_update(
    *, actor: User, opportunity: Opportunity, data: dict[str, Any]
) -> Opportunity:
    _lock_editable(actor, opportunity)
    areas = _apply_content(opportunity, data)
    _full_clean(opportunity)
    opportunity.save()
    _set_areas(opportunity, areas)
    record_edit(actor, opportunity)
    return opportunity


def _transition(
    opportunity: Opportunity,
    *,
    actor: User | None,
    action: str,
    to_status: str,
    comment: str = "",
    **fields: Any,
) -> Opportunity:
    from_status = opportunity.status
    opportunity.status = to_status
    for name, value in fields.items():
        setattr(opportunity, name, value)
    _full_clean(opportunity)
    opportunity.save()
    record_event(
        opportunity=opportunity,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )
    return opportunity


@transaction.atomic
def opportunity_submit(*, actor: User, opportunity: Opportunity) -> Opportunity:
    if not permissions.is_owner_member(actor, opportunity):
        raise PermissionDenied
    lock_and_reload(opportunity)
    if opportunity.status not in permissions.SUBMITTABLE_STATUSES:
        raise ValidationError(MESSAGE_CANNOT_SUBMIT, code="not_submittable")
    if not opportunity.technology_areas.exists():
        raise ValidationError({"technology_areas": MESSAGE_NEEDS_AREA})
    return _transition(
        opportunity,
        actor=actor,
        action=Action.SUBMITTED,
        to_status=OpportunityStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


def _check_reviewable(actor: User, opportunity: Opportunity) -> None:
    if not permissions.can_moderate_opportunity(actor, opportunity):
        raise PermissionDenied
    lock_and_reload(opportunity)
    if opportunity.status != OpportunityStatus.SUBMITTED:
        raise ValidationError(MESSAGE_NOT_IN_REVIEW, code="not_in_review")


@transaction.atomic
def opportunity_publish(*, actor: User, opportunity: Opportunity) -> Opportunity:
    _check_reviewable(actor, opportunity)
    today = _today()
    expires_on = opportunity.expires_on
    # The author may have chosen an earlier deadline; otherwise 12 months from today.
    if expires_on is None or expires_on <= today or expires_on > today + DEFAULT_VALIDITY:
        expires_on = today + DEFAULT_VALIDITY
    return _transition(
        opportunity,
        actor=actor,
        action=Action.PUBLISHED,
        to_status=OpportunityStatus.PUBLISHED,
        published_at=timezone.now(),
        expires_on=expires_on,
        moderation_comment="",
    )


def _answer_review(
    *,
    actor: User,
    opportunity: Opportunity,
    text: str,
    missing: str | Promise,
    action: str,
    to_status: str,
) -> Opportunity:
    """Send back or reject: the author is told why, so the text is required."""
    text = (text or "").strip()
    _check_reviewable(actor, opportunity)
    if not text:
        raise ValidationError({"comment": missing})
    return _transition(
        opportunity,
        actor=actor,
        action=action,
        to_status=to_status,
        comment=text,
        moderation_comment=text,
    )


@transaction.atomic
def opportunity_request_changes(
    *, actor: User, opportunity: Opportunity, comment: str
) -> Opportunity:
    return _answer_review(
        actor=actor,
        opportunity=opportunity,
        text=comment,
        missing=MESSAGE_COMMENT_REQUIRED,
        action=Action.CHANGES_REQUESTED,
        to_status=OpportunityStatus.CHANGES_REQUESTED,
    )


@transaction.atomic
def opportunity_reject(*, actor: User, opportunity: Opportunity, reason: str) -> Opportunity:
    return _answer_review(
        actor=actor,
        opportunity=opportunity,
        text=reason,
        missing=MESSAGE_REASON_REQUIRED,
        action=Action.REJECTED,
        to_status=OpportunityStatus.REJECTED,
    )


@transaction.atomic
def opportunity_renew(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Extend a published opportunity by another 12 months, once, before it expires."""
    if not permissions.is_owner_member(actor, opportunity):
        raise PermissionDenied
    lock_and_reload(opportunity)
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise ValidationError(MESSAGE_RENEW_NOT_PUBLISHED, code="not_published")
    if opportunity.renewal_count >= 1:
        raise ValidationError(MESSAGE_ALREADY_RENEWED, code="already_renewed")
    today = _today()
    if opportunity.expires_on is not None and opportunity.expires_on <= today:
        raise ValidationError(MESSAGE_RENEW_EXPIRED, code="expired")
    current = opportunity.expires_on or today
    return _transition(
        opportunity,
        actor=actor,
        action=Action.RENEWED,
        to_status=OpportunityStatus.PUBLISHED,
        comment=str(current),
        expires_on=current + DEFAULT_VALIDITY,
        renewal_count=opportunity.renewal_count + 1,
        expiry_reminder_sent_at=None,
    )


@transaction.atomic
def opportunity_close(*, actor: User, opportunity: Opportunity, reason: str) -> Opportunity:
    if not (
        permissions.is_owner_member(actor, opportunity)
        or permissions.can_moderate_opportunity(actor, opportunity)
    ):
        raise PermissionDenied
    if reason not in CloseReason.values:
        raise ValidationError({"reason": MESSAGE_BAD_CLOSE_REASON})
    lock_and_reload(opportunity)
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise ValidationError(MESSAGE_CLOSE_NOT_PUBLISHED, code="not_published")
    return _transition(
        opportunity,
        actor=actor,
        action=Action.CLOSED,
        to_status=OpportunityStatus.CLOSED,
        comment=str(reason),
        close_reason=reason,
        closed_at=timezone.now(),
    )


@transaction.atomic
def opportunity_expire(*, opportunity: Opportunity) -> Opportunity:
    lock_and_reload(opportunity)
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise ValidationError(MESSAGE_EXPIRE_NOT_PUBLISHED, code="not_published")
    return _transition(
        opportunity, actor=None, action=Action.EXPIRED, to_status=OpportunityStatus.EXPIRED
    )


@transaction.atomic
def opportunity_expire_due(*, today: datetime.date | None = None) -> int:
    """Expire every published opportunity whose expiry date has come. Idempotent."""
    today = today or _today()
    due = Opportunity.objects.filter(
        status=OpportunityStatus.PUBLISHED, expires_on__lte=today
    ).order_by("pk")
    count = 0
    for opportunity in due.iterator(chunk_size=500):
        opportunity_expire(opportunity=opportunity)
        count += 1
    return count
