"""Consortium figures, computed by the database in a fixed number of queries.

Every function returns plain values (ids, codes, counts) so results can be cached and then
labelled in the reader's language at render time. "Introduction" means an accepted
expression of interest; it is "cross-border" when the two organizations belong to different
clusters (each cluster is in a different country).
"""

import statistics
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
)
from django.db.models.functions import Coalesce

from clusters.models import Cluster, TechnologyArea
from core.aggregates import Median
from core.caching import refreshed_aggregate
from followups.models import FollowUp
from followups.models import Stage as FollowUpStage
from opportunities.models import ExpressionOfInterest, InterestStatus, Opportunity
from opportunities.models import OpportunityStatus as Status
from partners.models import Organization

CACHE_KEY = "stats:consortium:v2"


@dataclass(frozen=True)
class ClusterRow:
    id: int
    slug: str
    name: str
    short_name: str
    country: str

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass
class ConsortiumFigures:
    clusters: list[ClusterRow] = field(default_factory=list)
    # (cluster_id, organization kind) -> active organizations
    members: dict[tuple[int, str], int] = field(default_factory=dict)
    # opportunity type -> opportunities ever published
    opportunity_types: dict[str, int] = field(default_factory=dict)
    # [(top technology area name (English, translated at render), published opportunities)]
    technology_areas: list[tuple[str, int]] = field(default_factory=list)
    published: int = 0
    with_interest: int = 0
    with_introduction: int = 0
    with_agreement: int = 0
    interests: int = 0
    introductions: int = 0
    cross_border_introductions: int = 0
    median_days_to_first_interest: float | None = None
    # (owner's cluster id, interested organization's cluster id) -> introductions
    matrix: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def cross_border_share(self) -> float | None:
        if not self.introductions:
            return None
        return self.cross_border_introductions / self.introductions


def _ever_published() -> "Q":
    return Q(published_at__isnull=False)


def cluster_rows() -> list[ClusterRow]:
    return [
        ClusterRow(id=pk, slug=slug, name=name, short_name=short_name, country=str(country))
        for pk, slug, name, short_name, country in Cluster.objects.order_by(
            "-is_coordinator", "name"
        ).values_list("pk", "slug", "name", "short_name", "country")
    ]


def _members() -> dict[tuple[int, str], int]:
    rows = (
        Organization.objects.filter(is_active=True)
        .values_list("cluster_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(cluster_id, kind): n for cluster_id, kind, n in rows}


def _opportunity_types(opportunities) -> dict[str, int]:
    rows = opportunities.values_list("type").annotate(n=Count("pk")).order_by()
    return dict(rows)


def _technology_areas(opportunities) -> list[tuple[str, int]]:
    """Published opportunities per top-level area (a sub-area counts for its parent, once)."""
    through = Opportunity.technology_areas.through
    top = Coalesce("technologyarea__parent_id", "technologyarea_id")
    counts = dict(
        through.objects.filter(opportunity__in=opportunities.values("pk"))
        .annotate(top_id=top)
        .values_list("top_id")  # type: ignore[misc]  # django-stubs misses annotations here
        .annotate(n=Count("opportunity_id", distinct=True))
        .order_by()
    )
    areas = TechnologyArea.objects.filter(parent__isnull=True).order_by("position", "name")
    rows = [(area.name, counts.get(area.pk, 0)) for area in areas.only("pk", "name")]
    return sorted(rows, key=lambda row: -row[1])


def _funnel(opportunities) -> dict[str, int]:
    interests = ExpressionOfInterest.objects.filter(opportunity=OuterRef("pk"))
    agreements = FollowUp.objects.filter(
        interest__opportunity=OuterRef("pk"), stage=FollowUpStage.AGREEMENT
    )
    return opportunities.annotate(
        has_interest=Exists(interests),
        has_introduction=Exists(interests.filter(status=InterestStatus.ACCEPTED)),
        has_agreement=Exists(agreements),
    ).aggregate(
        published=Count("pk"),
        with_interest=Count("pk", filter=Q(has_interest=True)),
        with_introduction=Count("pk", filter=Q(has_introduction=True)),
        with_agreement=Count("pk", filter=Q(has_agreement=True)),
    )


def _interest_totals(interests) -> dict[str, int]:
    accepted = Q(status=InterestStatus.ACCEPTED)
    cross_border = ~Q(organization__cluster_id=F("opportunity__organization__cluster_id"))
    return interests.aggregate(
        interests=Count("pk"),
        introductions=Count("pk", filter=accepted),
        cross_border_introductions=Count("pk", filter=accepted & cross_border),
    )


def median_days_to_first_interest(opportunities) -> float | None:
    """Median delay between publication and the first expression of interest, in days.

    Opportunities without any interest are left out. One query: Postgres computes the exact
    median; elsewhere (the SQLite demo) Python does it over the per-opportunity delays.
    """
    delays = (
        opportunities.annotate(first_interest=Min("interests__created_at"))
        .filter(first_interest__gte=F("published_at"))
        .annotate(
            delay=ExpressionWrapper(
                F("first_interest") - F("published_at"), output_field=DurationField()
            )
        )
    )
    if connection.vendor == "postgresql":
        seconds = delays.aggregate(median=Median("delay"))["median"]
    else:
        values = [delay for delay in delays.values_list("delay", flat=True) if delay is not None]
        seconds = statistics.median(value.total_seconds() for value in values) if values else None
    return None if seconds is None else seconds / 86400


def _matrix(introductions) -> dict[tuple[int, int], int]:
    rows = (
        introductions.values_list(
            "opportunity__organization__cluster_id", "organization__cluster_id"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(owner, interested): n for owner, interested, n in rows}


def compute_consortium_figures() -> ConsortiumFigures:
    """All public figures, uncached: ten queries whatever the data."""
    published = Opportunity.objects.filter(_ever_published())
    interests = ExpressionOfInterest.objects.filter(opportunity__published_at__isnull=False)
    funnel = _funnel(published)
    totals = _interest_totals(interests)
    return ConsortiumFigures(
        clusters=cluster_rows(),
        members=_members(),
        opportunity_types=_opportunity_types(published),
        technology_areas=_technology_areas(published),
        median_days_to_first_interest=median_days_to_first_interest(published),
        matrix=_matrix(interests.filter(status=InterestStatus.ACCEPTED)),
        **funnel,
        **totals,
    )


# Refreshed by the beat task (core.tasks) before it expires: no request computes it.
CONSORTIUM_FIGURES = refreshed_aggregate(CACHE_KEY, compute_consortium_figures)


def consortium_figures() -> ConsortiumFigures:
    """The public figures, a minute old at most (the beat task recomputes them)."""
    return CONSORTIUM_FIGURES.get()


@dataclass
class ClusterFigures:
    """What a cluster's staff see about their own cluster (live, not cached)."""

    cluster: ClusterRow
    organizations: int = 0
    verified: int = 0
    # status -> opportunities of the cluster's organizations, whatever their status
    opportunity_statuses: dict[str, int] = field(default_factory=dict)
    interests_received: int = 0
    interests_received_pending: int = 0
    interests_sent: int = 0
    introductions_received: int = 0
    introductions_sent: int = 0
    median_days_to_first_interest: float | None = None
    awaiting_review: int = 0


def cluster_figures(*, cluster: ClusterRow) -> ClusterFigures:
    """Four queries: organizations, opportunity statuses, interests both ways, median delay."""
    organizations = Organization.objects.filter(cluster_id=cluster.id, is_active=True).aggregate(
        organizations=Count("pk"), verified=Count("pk", filter=Q(is_verified=True))
    )
    statuses = dict(
        Opportunity.objects.filter(organization__cluster_id=cluster.id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    received = Q(opportunity__organization__cluster_id=cluster.id)
    sent = Q(organization__cluster_id=cluster.id)
    accepted = Q(status=InterestStatus.ACCEPTED)
    interests = ExpressionOfInterest.objects.filter(received | sent).aggregate(
        interests_received=Count("pk", filter=received),
        interests_received_pending=Count("pk", filter=received & Q(status=InterestStatus.PENDING)),
        interests_sent=Count("pk", filter=sent),
        introductions_received=Count("pk", filter=received & accepted),
        introductions_sent=Count("pk", filter=sent & accepted),
    )
    return ClusterFigures(
        cluster=cluster,
        opportunity_statuses=statuses,
        awaiting_review=statuses.get(Status.SUBMITTED, 0),
        median_days_to_first_interest=median_days_to_first_interest(
            Opportunity.objects.filter(_ever_published(), organization__cluster_id=cluster.id)
        ),
        **organizations,
        **interests,
    )
