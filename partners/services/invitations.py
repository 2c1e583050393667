"""Invitations to join an organization: created (the link goes out through the notifications
outbox, only its token's hash is stored), accepted once before expiry by the invited address,
or withdrawn."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.domain_events import publish

from ..models import (
    Invitation,
    Membership,
    MembershipRole,
    Organization,
)
from ..permissions import can_manage_members
from .memberships import membership_add

INVITATION_VALIDITY = timedelta(days=14)

MESSAGE_INVITATION_USED = _("This invitation has already been used.")
MESSAGE_INVITATION_EXPIRED = _("This invitation has expired. Ask for a new one.")
MESSAGE_INVITATION_REVOKED = _("This invitation has been withdrawn.")
MESSAGE_INVITATION_OTHER_EMAIL = _(
    "This invitation was sent to %(email)s. Sign in with that address, or add it to your "
    "account and verify it, to accept the invitation."
)
MESSAGE_ALREADY_MEMBER = _("%(email)s is already a member of this organization.")


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, actor: User, organization: Organization, email: str, role: str = MembershipRole.MEMBER
) -> tuple[Invitation, str]:
    """Invite someone by e-mail. Returns the invitation and the raw token of its link.

    Only the token's hash is stored with the invitation; the link goes out through the
    notifications outbox (the "invitation.created" event), in the inviter's language.
    """
    if not can_manage_members(actor, organization):
        raise PermissionDenied
    email = email.strip()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": MESSAGE_ALREADY_MEMBER % {"email": email}})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        token_hash=invitation_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean()
    invitation.save()
    publish(
        "invitation.created",
        invitation=invitation,
        token=token,
        language=translation.get_language() or "",
    )
    return invitation, token


def _owns_verified_email(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def invitation_check_usable(invitation: Invitation) -> None:
    """Raise the reason an invitation's link no longer works: used, withdrawn or expired."""
    if invitation.accepted_at is not None:
        raise ValidationError(MESSAGE_INVITATION_USED, code="used")
    if invitation.revoked_at is not None:
        raise ValidationError(MESSAGE_INVITATION_REVOKED, code="revoked")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(MESSAGE_INVITATION_EXPIRED, code="expired")


@transaction.atomic
def invitation_accept(*, user: User, invitation: Invitation) -> Membership:
    """Turn the invitation into a membership. Works once, before expiry, for the invitee."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check_usable(invitation)
    if not _owns_verified_email(user, invitation.email):
        raise ValidationError(
            MESSAGE_INVITATION_OTHER_EMAIL, code="other_email", params={"email": invitation.email}
        )
    membership = membership_add(
        organization_id=invitation.organization_id, user=user, role=invitation.role, lower=False
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if not can_manage_members(actor, invitation.organization):
        raise PermissionDenied
    if invitation.accepted_at is not None:
        raise ValidationError(MESSAGE_INVITATION_USED, code="used")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation
