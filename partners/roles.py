"""Who a user is in the consortium. Every permission check in the portal starts here.

Roles live next to memberships: an account alone only knows whether it is a consortium admin
(`accounts.roles`); cluster staff and organization memberships are added here.

The roles of one user are loaded once per request (two small queries) and memoised on the
user object, so permission checks inside list pages cost no extra queries. A query that loads
the user anyway (an API key's, with its owner) can bring the roles along (`roles_subqueries`,
then `roles_prime`): no query at all.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef, QuerySet

from accounts.models import User
from accounts.roles import is_consortium_admin
from clusters.roles import (
    forget_staff_clusters,
    staff_cluster_ids,
    staff_cluster_ids_subquery,
    staff_clusters_prime,
)
from core.precompiled import PrecompiledQuery

from .models import Membership, MembershipRole

_CACHE_ATTR = "_wlscc_roles"


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool = False
    is_consortium_admin: bool = False
    staff_cluster_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    admin_organization_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_cluster_staff(self) -> bool:
        return bool(self.staff_cluster_ids)

    @property
    def is_member(self) -> bool:
        return bool(self.organization_ids)

    def is_staff_of(self, cluster_id: int | None) -> bool:
        return cluster_id in self.staff_cluster_ids

    def is_member_of(self, organization_id: int | None) -> bool:
        return organization_id in self.organization_ids

    def is_admin_of(self, organization_id: int | None) -> bool:
        return organization_id in self.admin_organization_ids


ANONYMOUS = Roles()


def _active_memberships(**user_lookup: object) -> QuerySet[Membership]:
    """The memberships that give a user roles: those of an active organization."""
    return Membership.objects.filter(**user_lookup, organization__is_active=True).order_by()


def _membership_roles(user_id: int) -> QuerySet[Membership, tuple[int, str]]:
    return _active_memberships(user_id=user_id).values_list("organization_id", "role")


# Every signed-in page asks a user's roles: compiled once, not per request.
_MEMBERSHIP_ROLES = PrecompiledQuery(_membership_roles, 0)


def roles_of(user: User | AnonymousUser) -> Roles:
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    memberships = _MEMBERSHIP_ROLES.rows(user.pk)
    return _remember(
        user,
        organization_ids=(org_id for org_id, _ in memberships),
        admin_organization_ids=(
            org_id for org_id, role in memberships if role == MembershipRole.ADMIN
        ),
    )


def _remember(
    user: User, *, organization_ids: Iterable[int], admin_organization_ids: Iterable[int]
) -> Roles:
    roles = Roles(
        is_authenticated=True,
        is_consortium_admin=is_consortium_admin(user),
        staff_cluster_ids=staff_cluster_ids(user),
        organization_ids=frozenset(organization_ids),
        admin_organization_ids=frozenset(admin_organization_ids),
    )
    setattr(user, _CACHE_ATTR, roles)
    return roles


def roles_subqueries(user_ref: str) -> dict[str, ArraySubquery]:
    """What `roles_of` reads of the user another query's `user_ref` column points to, as
    columns of that query (annotations, for `roles_prime`). Arrays: PostgreSQL only, so none
    elsewhere (the SQLite demo asks `roles_of`'s own queries)."""
    if connection.vendor != "postgresql":
        return {}
    memberships = _active_memberships(user_id=OuterRef(user_ref)).values("organization_id")
    return {
        "roles_organization_ids": ArraySubquery(memberships),
        "roles_admin_organization_ids": ArraySubquery(
            memberships.filter(role=MembershipRole.ADMIN)
        ),
        "roles_staff_cluster_ids": staff_cluster_ids_subquery(user_ref),
    }


def roles_prime(user: User, row: object) -> None:
    """Memoise the user's roles from `row`, annotated with `roles_subqueries` (if it is)."""
    if not hasattr(row, "roles_organization_ids"):
        return
    staff_clusters_prime(user, row.roles_staff_cluster_ids)  # type: ignore[attr-defined]
    _remember(
        user,
        organization_ids=row.roles_organization_ids,
        admin_organization_ids=row.roles_admin_organization_ids,  # type: ignore[attr-defined]
    )


def forget_roles(user: User) -> None:
    """Call after changing a user's memberships or cluster staff rows within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    forget_staff_clusters(user)


def forgo_staff_roles(user: User) -> None:
    """For the rest of this request the user acts without staff rights (a staff member without
    TOTP on the API: like the pages, they see what any signed-in person sees)."""
    setattr(
        user,
        _CACHE_ATTR,
        replace(roles_of(user), is_consortium_admin=False, staff_cluster_ids=frozenset()),
    )
