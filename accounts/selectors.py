"""Reads about a person."""

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from accounts.models import User


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def user_personal_data(*, user: User) -> dict[str, Any]:
    """Everything the portal stores about a person, for the JSON download (GDPR art. 15/20).

    Secrets (password hash, TOTP secret, recovery codes) are deliberately left out.
    """
    from clusters.models import ClusterStaff
    from partners.models import Invitation, JoinRequest, Membership

    memberships = Membership.objects.filter(user=user).select_related("organization")
    staff = ClusterStaff.objects.filter(user=user).select_related("cluster")
    join_requests = JoinRequest.objects.filter(user=user).select_related("organization")
    invitations = Invitation.objects.filter(accepted_by=user).select_related("organization")
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "job_title": user.job_title,
            "phone": user.phone,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": [
            {"type": authenticator.type, "created_at": _iso(authenticator.created_at)}
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "memberships": [
            {
                "organization": membership.organization.name,
                "organization_slug": membership.organization.slug,
                "role": membership.role,
                "since": _iso(membership.created_at),
            }
            for membership in memberships
        ],
        "cluster_staff": [
            {"cluster": entry.cluster.name, "since": _iso(entry.created_at)} for entry in staff
        ],
        "join_requests": [
            {
                "organization": request.organization.name,
                "message": request.message,
                "status": request.status,
                "created_at": _iso(request.created_at),
            }
            for request in join_requests
        ],
        "accepted_invitations": [
            {
                "organization": invitation.organization.name,
                "role": invitation.role,
                "accepted_at": _iso(invitation.accepted_at),
            }
            for invitation in invitations
        ],
    }


def invitation_by_token(token: str):
    """The invitation a link's token points to, or None. Only hashes are stored."""
    from partners.models import Invitation
    from partners.services import invitation_token_hash

    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def users_never_verified(*, joined_before: datetime.datetime | None = None) -> QuerySet[User]:
    """Accounts whose owner never confirmed an address, and that nobody has given a role.

    A sign-up that was never confirmed cannot log in (verification is mandatory); it is kept
    out if it has logged in all the same, belongs to an organization or a cluster's staff, or
    is a consortium admin (people the secretariat set up by hand).
    """
    users = User.objects.exclude(emailaddress__verified=True).filter(
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        memberships__isnull=True,
        cluster_staff__isnull=True,
    )
    if joined_before is not None:
        users = users.filter(date_joined__lt=joined_before)
    return users.distinct()
