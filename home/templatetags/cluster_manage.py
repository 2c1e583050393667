from django import template

from clusters.models import Cluster
from clusters.permissions import can_edit_cluster as _can_edit_cluster

register = template.Library()


@register.filter
def can_edit_cluster(user, cluster: Cluster) -> bool:
    return user is not None and _can_edit_cluster(user, cluster)
