"""Who may do what with a cluster."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.roles import is_consortium_admin

from .models import Cluster
from .roles import staff_cluster_ids


def can_edit_cluster(user: User | AnonymousUser, cluster: Cluster) -> bool:
    """A cluster's own staff edit its page; consortium admins edit every cluster."""
    return is_consortium_admin(user) or cluster.pk in staff_cluster_ids(user)
