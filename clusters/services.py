"""All writes to clusters made in the portal (the taxonomy and new clusters are admin work)."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from core.domain_events import publish
from core.history import history_user_set

from .models import Cluster, ClusterStaff, TechnologyArea
from .permissions import can_edit_cluster

# What cluster staff may change on their own cluster's page.
EDITABLE_FIELDS = frozenset(
    {
        "description",
        "services",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
)


@transaction.atomic
def cluster_update(*, actor: User, cluster: Cluster, data: dict[str, Any]) -> Cluster:
    if not can_edit_cluster(actor, cluster):
        raise PermissionDenied
    data = dict(data)
    focus_areas: Iterable[TechnologyArea] | None = data.pop("focus_areas", None)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable through this service: {', '.join(sorted(unknown))}")
    changed = [name for name, value in data.items() if getattr(cluster, name) != value]
    for name in changed:
        setattr(cluster, name, data[name])
    if changed:
        cluster.full_clean()
        history_user_set(cluster, actor)
        cluster.save()
    if focus_areas is not None:
        cluster.focus_areas.set(focus_areas)
    if changed or focus_areas is not None:
        publish("cluster.updated", cluster_id=cluster.pk)
    return cluster


@transaction.atomic
def cluster_staff_add(*, cluster: Cluster, user: User) -> ClusterStaff:
    """Make the user staff of the cluster (idempotent)."""
    staff, _created = ClusterStaff.objects.get_or_create(cluster=cluster, user=user)
    return staff
