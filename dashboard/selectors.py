"""What a member and a cluster staff member see on their dashboard.

Each list is one query (joins and correlated counts, no per-row queries), limited to the most
relevant rows, so the page costs the same for one row or fifty.
"""

from django.db.models import F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from clusters.models import Cluster
from followups.selectors import (
    INTEREST_HIGHLIGHT_AFTER,
    disputes_for_staff,
    feedback_by_opportunity,
)
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
)
from opportunities.selectors import (
    INTEREST_REMINDER_AFTER,
    count_subquery,
    mark_owner_visibility,
    mark_stale_interests,
    moderation_queue,
    user_interest_status,
)
from partners.models import Organization
from partners.roles import roles_of

LIST_LIMIT = 50


def _interests_with_opportunity(user: User) -> QuerySet[ExpressionOfInterest]:
    return ExpressionOfInterest.objects.select_related(
        "organization",
        "organization__cluster",
        "opportunity",
        "opportunity__organization",
        "opportunity__organization__cluster",
        "follow_up",
    ).annotate(viewer_interest_status=user_interest_status(user, "opportunity_id"))


def _finish(user: User, interests: QuerySet[ExpressionOfInterest]) -> list[ExpressionOfInterest]:
    """Evaluate, then mark on each row whether its owner may be named and whether it is late."""
    rows = list(interests[:LIST_LIMIT])
    for interest in rows:
        # Both annotations (the caller's); django-stubs cannot see them through the relation.
        interest.opportunity.user_interest_status = interest.viewer_interest_status  # type: ignore[attr-defined]
    mark_owner_visibility(user, [interest.opportunity for interest in rows])
    mark_stale_interests(rows)
    return rows


def my_organizations(*, user: User) -> list[Organization]:
    return list(
        Organization.objects.filter(pk__in=roles_of(user).organization_ids, is_active=True)
        .select_related("cluster")
        .order_by("name")
    )


def my_opportunities(*, user: User) -> list[Opportunity]:
    """The opportunities of the user's organizations, with their interest counts."""
    interests = ExpressionOfInterest.objects.filter(opportunity_id=OuterRef("pk"))
    rows = list(
        Opportunity.objects.filter(organization_id__in=roles_of(user).organization_ids)
        .select_related("organization", "organization__cluster")
        .annotate(
            interest_count=count_subquery(interests),
            pending_count=count_subquery(interests.filter(status=InterestStatus.PENDING)),
        )
        .order_by("-updated_at", "-pk")[:LIST_LIMIT]
    )
    feedback = feedback_by_opportunity(opportunity_ids=[opportunity.pk for opportunity in rows])
    for opportunity in rows:
        opportunity.owner_visible = True  # the user's own organization
        opportunity.pass_reason_labels = feedback.get(opportunity.pk, [])
    return rows


def interests_received(*, user: User) -> list[ExpressionOfInterest]:
    """Interests in the user's organizations' opportunities awaiting an answer, oldest first;
    those waiting over 7 days are marked `is_waiting_long` (highlighted)."""
    rows = _finish(
        user,
        _interests_with_opportunity(user)
        .filter(
            opportunity__organization_id__in=roles_of(user).organization_ids,
            status=InterestStatus.PENDING,
        )
        .order_by("created_at", "pk"),
    )
    limit = timezone.now() - INTEREST_HIGHLIGHT_AFTER
    for interest in rows:
        interest.is_waiting_long = interest.created_at <= limit
    return rows


def interests_sent(*, user: User) -> list[ExpressionOfInterest]:
    return _finish(
        user,
        _interests_with_opportunity(user)
        .filter(organization_id__in=roles_of(user).organization_ids)
        .order_by("-created_at", "-pk"),
    )


def my_introductions(*, user: User) -> list[ExpressionOfInterest]:
    organization_ids = roles_of(user).organization_ids
    # A UNION of two indexed lookups: an OR across the opportunity join scans every interest.
    accepted = ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
    mine = (
        # Unordered parts: SQLite refuses ORDER BY inside a compound statement.
        accepted.filter(organization_id__in=organization_ids)
        .order_by()
        .values("pk")
        .union(
            accepted.filter(opportunity__organization_id__in=organization_ids)
            .order_by()
            .values("pk")
        )
    )
    return _finish(
        user,
        _interests_with_opportunity(user).filter(pk__in=mine).order_by("-answered_at", "-pk"),
    )


def _staff_cluster_filter(user: User, *lookups: str) -> Q | None:
    """Rows of the user's clusters (any of `lookups`), or None for consortium admins (all)."""
    roles = roles_of(user)
    if roles.is_consortium_admin:
        return None
    condition = Q(pk__in=[])
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__in": roles.staff_cluster_ids})
    return condition


def review_queue(*, user: User) -> list[Opportunity]:
    rows = list(moderation_queue(user=user)[:LIST_LIMIT])
    for opportunity in rows:
        opportunity.owner_visible = True  # staff of its cluster, or a consortium admin
    return rows


def overdue_interests(*, user: User) -> list[ExpressionOfInterest]:
    """Interests in the staff's cluster's opportunities unanswered for over 14 days."""
    queryset = _interests_with_opportunity(user).filter(
        status=InterestStatus.PENDING,
        created_at__lte=timezone.now() - INTEREST_REMINDER_AFTER,
        opportunity__organization__is_active=True,
    )
    condition = _staff_cluster_filter(user, "opportunity__organization__cluster_id")
    if condition is not None:
        queryset = queryset.filter(condition)
    return _finish(user, queryset.order_by("created_at", "pk"))


def cluster_introductions(*, user: User) -> list[ExpressionOfInterest]:
    """Introductions that involve the staff's cluster on either side, the latest first."""
    queryset = _interests_with_opportunity(user).filter(status=InterestStatus.ACCEPTED)
    condition = _staff_cluster_filter(
        user, "organization__cluster_id", "opportunity__organization__cluster_id"
    )
    if condition is not None:
        queryset = queryset.filter(condition)
    return _finish(user, queryset.order_by("-answered_at", "-pk"))


def cluster_figures(*, user: User) -> list[Cluster]:
    """Per cluster: members, published opportunities, interests, introductions, cross-border.

    Interests and introductions count when the cluster is on either side.
    """
    roles = roles_of(user)
    clusters = Cluster.objects.all()
    if not roles.is_consortium_admin:
        clusters = clusters.filter(pk__in=roles.staff_cluster_ids)
    cluster = OuterRef("pk")
    interests = ExpressionOfInterest.objects.filter(
        Q(opportunity__organization__cluster_id=cluster) | Q(organization__cluster_id=cluster)
    )
    introductions = interests.filter(status=InterestStatus.ACCEPTED)
    return list(
        clusters.annotate(
            member_count=count_subquery(
                Organization.objects.filter(cluster_id=cluster, is_active=True)
            ),
            published_count=count_subquery(
                Opportunity.objects.filter(
                    organization__cluster_id=cluster, status=OpportunityStatus.PUBLISHED
                )
            ),
            interest_count=count_subquery(interests),
            introduction_count=count_subquery(introductions),
            cross_border_count=count_subquery(
                introductions.exclude(organization__country=F("opportunity__organization__country"))
            ),
        ).order_by("name")
    )


def disputes(*, user: User) -> list:
    """Disputed agreements of the staff's clusters, to settle."""
    return list(disputes_for_staff(user=user)[:LIST_LIMIT])
