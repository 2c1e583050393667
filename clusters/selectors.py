from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Cluster, TechnologyArea


def _published_opportunity_counts() -> Subquery:
    from opportunities.models import Opportunity, OpportunityStatus

    return Subquery(
        Opportunity.objects.filter(
            organization__cluster=OuterRef("pk"),
            organization__is_active=True,
            status=OpportunityStatus.PUBLISHED,
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=timezone.localdate()))
        .order_by()
        .values("organization__cluster")
        .annotate(total=Count("pk"))
        .values("total"),
        output_field=IntegerField(),
    )


def _visible_organization_counts() -> Subquery:
    from partners.models import Organization

    return Subquery(
        Organization.objects.filter(cluster=OuterRef("pk"), is_active=True, is_verified=True)
        .order_by()
        .values("cluster")
        .annotate(total=Count("pk"))
        .values("total"),
        output_field=IntegerField(),
    )


def cluster_list() -> QuerySet[Cluster]:
    """Clusters with their public key figures, coordinator first.

    `organization_count` counts the verified, active organizations (what visitors can see).
    Both counts are correlated subqueries: a JOIN + GROUP BY here made Postgres group by the
    opportunity subquery and run it once per organization (minutes at 50,000 organizations).
    """
    return (
        Cluster.objects.annotate(
            organization_count=Coalesce(_visible_organization_counts(), 0),
            opportunity_count=Coalesce(_published_opportunity_counts(), 0),
        )
        .prefetch_related(
            Prefetch("focus_areas", queryset=TechnologyArea.objects.order_by("position", "name"))
        )
        .order_by("-is_coordinator", "name")
    )


def cluster_get(*, slug: str) -> Cluster | None:
    return cluster_list().filter(slug=slug).first()


def cluster_opportunities(*, cluster: Cluster, user, limit: int = 5) -> list:
    """The latest opportunities of the cluster's members that the user may see in the
    marketplace, with the owner hidden where the opportunity is anonymous (two queries)."""
    from opportunities.selectors import (
        mark_owner_visibility,
        marketplace_queryset,
        user_interest_status,
    )

    opportunities = list(
        marketplace_queryset(user=user)
        .filter(organization__cluster=cluster)
        .select_related("organization", "organization__cluster")
        .prefetch_related(
            Prefetch(
                "technology_areas", queryset=TechnologyArea.objects.order_by("position", "name")
            )
        )
        .annotate(user_interest_status=user_interest_status(user))
        .order_by("-published_at", "-pk")[:limit]
    )
    mark_owner_visibility(user, opportunities)
    return opportunities
