"""Who sees which cluster's detailed figures: its own staff and the consortium admins."""

from collections.abc import Iterable

from accounts.models import User
from partners.roles import roles_of

from .selectors import ClusterRow


def can_view_cluster_stats(user: User, cluster: ClusterRow) -> bool:
    roles = roles_of(user)
    return roles.is_consortium_admin or roles.is_staff_of(cluster.id)


def cluster_stats_choices(user: User, clusters: Iterable[ClusterRow]) -> list[ClusterRow]:
    """The clusters whose details the user may see, in display order (often none)."""
    return [cluster for cluster in clusters if can_view_cluster_stats(user, cluster)]
