"""Who may do what with a cluster."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.roles import is_consortium_admin

from .models import Cluster
from .roles import staff_cluster_ids


def can_edit_cluster(user: User | AnonymousUser, cluster: Cluster) -> bool:
    """A cluster's own staff edit its page; consortium admins edit every cluster."""
    return is_consortium_admin(user) or cluster.pk in staff_cluster_ids(user)


def get_editable_cluster(user: User | AnonymousUser, slug: str) -> Cluster:
    """The cluster, 404 if there is none, 403 if the user may not edit its page."""
    cluster = get_object_or_404(Cluster, slug=slug)
    if not can_edit_cluster(user, cluster):
        raise PermissionDenied
    return cluster
