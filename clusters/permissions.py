"""Who may do what with a cluster."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.roles import roles_of

from .models import Cluster


def can_edit_cluster(user: User | AnonymousUser, cluster: Cluster) -> bool:
    """A cluster's own staff edit its page; consortium admins edit every cluster."""
    roles = roles_of(user)
    return roles.is_consortium_admin or roles.is_staff_of(cluster.pk)
