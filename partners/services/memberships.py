"""Memberships and the join requests that lead to them (answered by the organization's
admins or its cluster's staff; both sides are told through the notifications outbox)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.domain_events import publish
from partners.roles import forget_roles

from ..models import (
    JoinRequest,
    JoinRequestStatus,
    Membership,
    MembershipRole,
    Organization,
)
from ..permissions import can_manage_members

MESSAGE_YOU_ARE_MEMBER = _("You are already a member of this organization.")
MESSAGE_JOIN_REQUEST_PENDING = _("You have already asked to join; the request is pending.")
MESSAGE_JOIN_REQUEST_DECIDED = _("This request has already been answered.")


@transaction.atomic
def membership_add(
    *, organization_id: int, user: User, role: str = MembershipRole.MEMBER, lower: bool = True
) -> Membership:
    """Give the user the role in the organization (idempotent): an existing membership takes
    the role, except with `lower=False` (an invitation), where an admin stays an admin."""
    membership, created = Membership.objects.get_or_create(
        user=user, organization_id=organization_id, defaults={"role": role}
    )
    if not created and membership.role != role and (lower or role == MembershipRole.ADMIN):
        membership.role = role
        membership.save(update_fields=["role"])
    forget_roles(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    if not can_manage_members(actor, membership.organization):
        raise PermissionDenied
    membership.delete()
    forget_roles(membership.user)


@transaction.atomic
def join_request_create(
    *, user: User, organization: Organization, message: str = ""
) -> JoinRequest:
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(MESSAGE_YOU_ARE_MEMBER, code="member")
    if JoinRequest.objects.filter(
        user=user, organization=organization, status=JoinRequestStatus.PENDING
    ).exists():
        raise ValidationError(MESSAGE_JOIN_REQUEST_PENDING, code="pending")
    join_request = JoinRequest(user=user, organization=organization, message=message.strip())
    join_request.full_clean()
    join_request.save()
    publish("join_request.created", join_request=join_request)
    return join_request


def _decide(*, actor: User, join_request: JoinRequest, status: str) -> JoinRequest:
    if not can_manage_members(actor, join_request.organization):
        raise PermissionDenied
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(MESSAGE_JOIN_REQUEST_DECIDED, code="decided")
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    publish("join_request.answered", join_request=join_request)
    return join_request


@transaction.atomic
def join_request_approve(*, actor: User, join_request: JoinRequest) -> JoinRequest:
    join_request = _decide(
        actor=actor, join_request=join_request, status=JoinRequestStatus.APPROVED
    )
    Membership.objects.get_or_create(
        user_id=join_request.user_id,
        organization_id=join_request.organization_id,
        defaults={"role": MembershipRole.MEMBER},
    )
    return join_request


@transaction.atomic
def join_request_decline(*, actor: User, join_request: JoinRequest) -> JoinRequest:
    return _decide(actor=actor, join_request=join_request, status=JoinRequestStatus.DECLINED)
