"""Reads of the home page: key numbers (cached briefly), map clusters, latest opportunities."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from clusters.models import Cluster
from core.caching import cached
from opportunities.models import ExpressionOfInterest, InterestStatus, Opportunity
from opportunities.models import OpportunityStatus as Status
from opportunities.selectors import marketplace_queryset
from partners.models import Organization

KEY_FIGURES_CACHE_KEY = "home:key-figures:v1"
KEY_FIGURES_CACHE_SECONDS = 60
LATEST_OPPORTUNITIES = 6


@dataclass(frozen=True)
class KeyFigures:
    organizations: int
    opportunities: int
    introductions: int
    cross_border_introductions: int

    @property
    def cross_border_percent(self) -> int | None:
        if not self.introductions:
            return None
        return round(100 * self.cross_border_introductions / self.introductions)


def open_opportunities() -> QuerySet[Opportunity]:
    """Published, unexpired opportunities of active organizations (as in the marketplace)."""
    return Opportunity.objects.filter(status=Status.PUBLISHED, organization__is_active=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=timezone.localdate())
    )


def compute_key_figures() -> KeyFigures:
    """Three queries, whatever the data."""
    accepted = Q(status=InterestStatus.ACCEPTED)
    cross_border = ~Q(organization__cluster_id=F("opportunity__organization__cluster_id"))
    introductions = ExpressionOfInterest.objects.filter(accepted).aggregate(
        total=Count("pk"), cross_border=Count("pk", filter=cross_border)
    )
    return KeyFigures(
        organizations=Organization.objects.filter(is_active=True).count(),
        opportunities=open_opportunities().count(),
        introductions=introductions["total"],
        cross_border_introductions=introductions["cross_border"],
    )


def key_figures() -> KeyFigures:
    return cached(KEY_FIGURES_CACHE_KEY, KEY_FIGURES_CACHE_SECONDS, compute_key_figures)


def home_clusters() -> list[Cluster]:
    """The member clusters with their count of active organizations, coordinator first."""
    return list(
        Cluster.objects.annotate(
            organization_count=Count("organizations", filter=Q(organizations__is_active=True))
        ).order_by("-is_coordinator", "name")
    )


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
        marketplace_queryset(user=user)
        .select_related("organization", "organization__cluster")
        .order_by("-published_at", "-pk")[:LATEST_OPPORTUNITIES]
    )
    for opportunity in opportunities:
        opportunity.owner_hidden = opportunity.is_anonymous
    return opportunities
