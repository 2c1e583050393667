"""Who may manage keys and webhooks, and what a key may do. Rights come from partners.roles."""

from django.contrib.auth.models import AnonymousUser
from rest_framework import permissions

from accounts.models import User
from accounts.roles import is_consortium_admin
from clusters.models import Cluster
from partners.mfa import has_totp
from partners.models import Organization
from partners.roles import roles_of

from .models import ApiKey, Scope, WebhookEndpoint


def can_manage_integrations_of_organization(
    user: User | AnonymousUser, organization: Organization
) -> bool:
    """Keys and webhooks of an organization: its admins."""
    return organization.is_active and roles_of(user).is_admin_of(organization.pk)


def can_manage_integrations_of_cluster(user: User | AnonymousUser, cluster: Cluster) -> bool:
    """Keys and webhooks of a cluster: its staff, with TOTP (like every staff feature)."""
    return isinstance(user, User) and roles_of(user).is_staff_of(cluster.pk) and has_totp(user)


def can_manage_key(user: User | AnonymousUser, key: ApiKey | WebhookEndpoint) -> bool:
    if key.organization is not None:
        return can_manage_integrations_of_organization(user, key.organization)
    if key.cluster is not None:
        return can_manage_integrations_of_cluster(user, key.cluster)
    return False


def can_administer(user: User | AnonymousUser, key: ApiKey | WebhookEndpoint) -> bool:
    """Revoke a key, disable or enable an endpoint: its managers, and consortium admins (the
    Django admin)."""
    return is_consortium_admin(user) or can_manage_key(user, key)


def key_owner_has_rights(key: ApiKey) -> bool:
    """The owner still holds the role the key was created for."""
    owner = key.owner
    if not owner.is_active:
        return False
    roles = roles_of(owner)
    if key.organization_id is not None:
        # The roles count memberships of active organizations only.
        return roles.is_admin_of(key.organization_id)
    # Staff rights need TOTP: a staff member who removed it no longer holds them.
    return roles.is_staff_of(key.cluster_id) and has_totp(owner)


def key_covers_organization(key: ApiKey | None, organization: Organization) -> bool:
    """A key writes only for its own organization, or its own cluster's organizations."""
    if key is None:
        return True
    if key.organization_id is not None:
        return key.organization_id == organization.pk
    return key.cluster_id == organization.cluster_id


class KeyScopePermission(permissions.BasePermission):
    """Reads for everyone (what they may see is the selectors' business); writes need a
    signed-in user, and a key needs the write scope."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        key = request.auth if isinstance(request.auth, ApiKey) else None
        return key is None or key.scope == Scope.WRITE
