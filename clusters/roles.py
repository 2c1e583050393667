"""The clusters a user is staff of: the part of a user's roles that clusters know.

`partners.roles.roles_of` adds the memberships on top; checks above clusters start there.
"""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User

from .models import ClusterStaff

_CACHE_ATTR = "_wlscc_staff_cluster_ids"


def staff_cluster_ids(user: User | AnonymousUser) -> frozenset[int]:
    """One query per request at most: memoised on the user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    ids = frozenset(ClusterStaff.objects.filter(user=user).values_list("cluster_id", flat=True))
    setattr(user, _CACHE_ATTR, ids)
    return ids


def forget_staff_clusters(user: User) -> None:
    """Call after changing a user's cluster staff rows within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
