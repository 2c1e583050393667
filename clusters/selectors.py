from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Cluster, TechnologyArea


def _published_opportunity_counts() -> Subquery:
    from opportunities.models import Opportunity, OpportunityStatus

    return Subquery(
        Opportunity.objects.filter(
            organization__cluster=OuterRef("pk"), status=OpportunityStatus.PUBLISHED
        )
        .order_by()
        .values("organization__cluster")
        .annotate(total=Count("pk"))
        .values("total"),
        output_field=IntegerField(),
    )


def cluster_list() -> QuerySet[Cluster]:
    """Clusters with their public key figures, coordinator first.

    `organization_count` counts the verified, active organizations (what visitors can see).
    """
    return (
        Cluster.objects.annotate(
            organization_count=Count(
                "organizations",
                filter=Q(organizations__is_active=True, organizations__is_verified=True),
            ),
            opportunity_count=Coalesce(_published_opportunity_counts(), 0),
        )
        .prefetch_related(
            Prefetch("focus_areas", queryset=TechnologyArea.objects.order_by("position", "name"))
        )
        .order_by("-is_coordinator", "name")
    )


def cluster_get(*, slug: str) -> Cluster | None:
    return cluster_list().filter(slug=slug).first()
