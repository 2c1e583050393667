from django.db.models import Count, Q, QuerySet

from .models import Cluster


def cluster_list() -> QuerySet[Cluster]:
    """Clusters with their count of active organizations, coordinator first."""
    return Cluster.objects.annotate(
        organization_count=Count("organizations", filter=Q(organizations__is_active=True))
    ).order_by("-is_coordinator", "name")
