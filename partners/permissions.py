"""Who may do what with an organization. Every check starts from accounts.roles.roles_of."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from accounts.roles import roles_of

from .models import Organization


def can_view_organization(user: User | AnonymousUser, org: Organization) -> bool:
    """Verified, active organizations are public; unverified ones only for those who vouch.

    Inactive organizations are hidden everywhere except for consortium admins.
    """
    roles = roles_of(user)
    if roles.is_consortium_admin:
        return True
    if not org.is_active:
        return False
    if org.is_verified:
        return True
    return roles.is_member_of(org.pk) or roles.is_staff_of(org.cluster_id)


def get_viewable_organization(user: User | AnonymousUser, org: Organization) -> Organization:
    """Hide the existence of an organization the user may not see."""
    if not can_view_organization(user, org):
        raise Http404
    return org
