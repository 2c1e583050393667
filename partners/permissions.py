"""Who may do what with an organization. Every check starts from partners.roles.roles_of."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from clusters.models import Cluster
from partners.roles import roles_of

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


def get_organization_for(
    user: User | AnonymousUser,
    slug: str,
    allowed: Callable[[User | AnonymousUser, Organization], bool],
) -> Organization:
    """The organization, 404 if the user may not see it, 403 if `allowed` says no."""
    organization = get_viewable_organization(
        user, get_object_or_404(Organization.objects.select_related("cluster"), slug=slug)
    )
    if not allowed(user, organization):
        raise PermissionDenied
    return organization


# --- Editing, verification and members ---------------------------------------------------------
# Cluster staff act for the organizations of their own cluster only; organization admins for
# their own organization; consortium admins for every organization.


def can_create_organization(user: User | AnonymousUser, cluster: Cluster | None) -> bool:
    """`cluster=None` asks whether the user may create organizations in some cluster."""
    roles = roles_of(user)
    if roles.is_consortium_admin:
        return True
    if cluster is None:
        return roles.is_cluster_staff
    return roles.is_staff_of(cluster.pk)


def can_edit_organization(user: User | AnonymousUser, org: Organization) -> bool:
    roles = roles_of(user)
    if roles.is_consortium_admin:
        return True
    if not org.is_active:
        return False
    return roles.is_staff_of(org.cluster_id) or roles.is_admin_of(org.pk)


def can_verify_organization(user: User | AnonymousUser, org: Organization) -> bool:
    roles = roles_of(user)
    if roles.is_consortium_admin:
        return True
    return org.is_active and roles.is_staff_of(org.cluster_id)


def can_manage_members(user: User | AnonymousUser, org: Organization) -> bool:
    """Invite people, answer join requests, withdraw invitations."""
    return can_edit_organization(user, org)


def can_view_organization_history(user: User | AnonymousUser, org: Organization) -> bool:
    """Who changed what: for those who are responsible for the profile."""
    return can_edit_organization(user, org)


def can_request_to_join(user: User | AnonymousUser, org: Organization) -> bool:
    roles = roles_of(user)
    return roles.is_authenticated and org.is_active and not roles.is_member_of(org.pk)
