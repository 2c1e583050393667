"""Reads of the home page (key numbers cached briefly, map clusters, latest opportunities) and
of the cluster pages (key figures, latest opportunities)."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from core.caching import refreshed_aggregate
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    with_reader_version,
)
from opportunities.selectors import (
    mark_owner_visibility,
    marketplace_queryset,
    user_interest_status,
)
from partners.models import Organization

KEY_FIGURES_CACHE_KEY = "home:key-figures:v2"
LATEST_OPPORTUNITIES = 6


@dataclass(frozen=True)
class KeyFigures:
    organizations: int
    opportunities: int
    introductions: int
    cross_border_introductions: int
    # cluster id -> its active organizations (the home page's cluster cards)
    organizations_by_cluster: dict[int, int]

    @property
    def cross_border_percent(self) -> int | None:
        if not self.introductions:
            return None
        return round(100 * self.cross_border_introductions / self.introductions)


def compute_key_figures() -> KeyFigures:
    """Three queries, whatever the data."""
    accepted = Q(status=InterestStatus.ACCEPTED)
    cross_border = ~Q(organization__cluster_id=F("opportunity__organization__cluster_id"))
    introductions = ExpressionOfInterest.objects.filter(accepted).aggregate(
        total=Count("pk"), cross_border=Count("pk", filter=cross_border)
    )
    by_cluster = dict(
        Organization.objects.filter(is_active=True)
        .order_by()
        .values_list("cluster_id")
        .annotate(count=Count("pk"))
    )
    return KeyFigures(
        organizations=sum(by_cluster.values()),
        organizations_by_cluster=by_cluster,
        opportunities=Opportunity.objects.open().count(),
        introductions=introductions["total"],
        cross_border_introductions=introductions["cross_border"],
    )


# Refreshed by the beat task (core.tasks) before it expires: no request computes it.
KEY_FIGURES = refreshed_aggregate(KEY_FIGURES_CACHE_KEY, compute_key_figures)


def key_figures() -> KeyFigures:
    return KEY_FIGURES.get()


def home_clusters() -> list[Cluster]:
    """The member clusters with their count of active organizations (from the key figures:
    counting 50,000 organizations by cluster costs ~25 ms), coordinator first."""
    counts = key_figures().organizations_by_cluster
    clusters = list(Cluster.objects.order_by("-is_coordinator", "name"))
    for cluster in clusters:
        cluster.organization_count = counts.get(cluster.pk, 0)  # type: ignore[attr-defined]
    return clusters


def map_clusters(clusters: list[Cluster]) -> list[dict]:
    """The map's markers (JSON-safe): clusters that have coordinates."""
    return [
        {
            "name": cluster.name,
            "coords": [float(cluster.latitude), float(cluster.longitude)],
            "url": reverse("clusters:detail", args=[cluster.slug]),
        }
        for cluster in clusters
        if cluster.latitude is not None and cluster.longitude is not None
    ]


def latest_opportunities(*, user: User | AnonymousUser) -> list[Opportunity]:
    """The newest opportunities this user may see in the marketplace. One query.

    Visitors never see anonymous opportunities (the marketplace's rule); signed-in users see
    them, but the home page never names an anonymous owner (templates read `owner_hidden`).
    """
    opportunities = list(
        with_reader_version(marketplace_queryset(user=user))
        .select_related("organization", "organization__cluster")
        .order_by("-published_at", "-pk")[:LATEST_OPPORTUNITIES]
    )
    for opportunity in opportunities:
        opportunity.owner_hidden = opportunity.is_anonymous
    return opportunities


def _published_opportunity_counts() -> Subquery:
    return Subquery(
        Opportunity.objects.open()
        .filter(organization__cluster=OuterRef("pk"))
        .order_by()
        .values("organization__cluster")
        .annotate(total=Count("pk"))
        .values("total"),
        output_field=IntegerField(),
    )


def _visible_organization_counts() -> Subquery:
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


def cluster_opportunities(
    *, cluster: Cluster, user: User | AnonymousUser, limit: int = 5
) -> list[Opportunity]:
    """The latest opportunities of the cluster's members that the user may see in the
    marketplace, with the owner hidden where the opportunity is anonymous (two queries)."""
    opportunities: list[Opportunity] = list(
        with_reader_version(marketplace_queryset(user=user))
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
