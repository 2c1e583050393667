"""The clusters a user is staff of: the part of a user's roles that clusters know.

`partners.roles.roles_of` adds the memberships on top; checks above clusters start there.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet

from accounts.models import User
from core.precompiled import PrecompiledQuery

from .models import ClusterStaff

_CACHE_ATTR = "_wlscc_staff_cluster_ids"


def _staff_clusters(user_id: int) -> QuerySet[ClusterStaff, tuple[int]]:
    return ClusterStaff.objects.filter(user_id=user_id).values_list("cluster_id")


# Asked by every signed-in page that checks a permission: compiled once, not per request.
_STAFF_CLUSTERS = PrecompiledQuery(_staff_clusters, 0)


def staff_cluster_ids(user: User | AnonymousUser) -> frozenset[int]:
    """One query per request at most: memoised on the user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    ids = frozenset(cluster_id for (cluster_id,) in _STAFF_CLUSTERS.rows(user.pk))
    setattr(user, _CACHE_ATTR, ids)
    return ids


def staff_cluster_ids_subquery(user_ref: str) -> ArraySubquery:
    """The staff cluster ids of the user another query's `user_ref` column points to, as one of
    its columns (an array: PostgreSQL), for `staff_clusters_prime`."""
    return ArraySubquery(
        ClusterStaff.objects.filter(user_id=OuterRef(user_ref)).values("cluster_id")
    )


def staff_clusters_prime(user: User, ids: Iterable[int]) -> None:
    """Memoise what `staff_cluster_ids_subquery` read: this request asks no more."""
    setattr(user, _CACHE_ATTR, frozenset(ids))


def forget_staff_clusters(user: User) -> None:
    """Call after changing a user's cluster staff rows within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
