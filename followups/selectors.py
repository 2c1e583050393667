"""Reads of follow-ups, feedback and responsiveness, each in a fixed number of queries."""

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from core.aggregates import Median
from opportunities.models import ExpressionOfInterest, InterestStatus
from partners.models import Membership, MembershipRole
from partners.roles import roles_of

from . import permissions
from .models import FollowUp, FollowUpEvent, OpportunityFeedback, PassReason, Side

RESPONSIVENESS_WINDOW = datetime.timedelta(days=365)
# An organization's answer time is shown once it has answered this many interests.
RESPONSIVENESS_MIN_ANSWERS = 3
# Interests waiting this long are highlighted on the owner's dashboard.
INTEREST_HIGHLIGHT_AFTER = datetime.timedelta(days=7)

AnyUser = User | AnonymousUser


def follow_up_of(interest: ExpressionOfInterest) -> FollowUp:
    """The introduction's follow-up, or an unsaved one at "introduced" (created on first use)."""
    existing = getattr(interest, "follow_up", None) if interest.pk else None
    if existing is not None:
        # The same organizations the introduction already loaded: no query for them.
        existing.owner_organization = interest.opportunity.organization
        existing.interested_organization = interest.organization
        return existing
    return FollowUp(
        interest=interest,
        owner_organization=interest.opportunity.organization,
        interested_organization=interest.organization,
        introduced_at=interest.answered_at or timezone.now(),
    )


def introduction_get(*, user: AnyUser, interest_id: int) -> tuple[ExpressionOfInterest, FollowUp]:
    """An introduction the user may follow up (a side or either home cluster's staff), or 404.

    Two queries: the introduction with both organizations and its follow-up; the roles.
    """
    interest = get_object_or_404(
        ExpressionOfInterest.objects.select_related(
            "organization__cluster",
            "opportunity__organization__cluster",
            "follow_up",
        ),
        pk=interest_id,
        status=InterestStatus.ACCEPTED,
    )
    follow_up = follow_up_of(interest)
    if not permissions.can_view_follow_up(user, follow_up):
        raise Http404
    return interest, follow_up


def follow_up_history(follow_up: FollowUp) -> list[FollowUpEvent]:
    if follow_up.pk is None:
        return []
    return list(follow_up.events.select_related("actor").order_by("-created_at", "-pk"))


def disputes_for_staff(*, user: AnyUser) -> QuerySet[FollowUp]:
    """Disputed agreements the staff member's clusters (every one for admins) must settle."""
    roles = roles_of(user)
    disputes = FollowUp.objects.filter(disputed_at__isnull=False).select_related(
        "owner_organization__cluster", "interested_organization__cluster", "interest__opportunity"
    )
    if not roles.is_consortium_admin:
        disputes = disputes.filter(
            Q(owner_organization__cluster_id__in=roles.staff_cluster_ids)
            | Q(interested_organization__cluster_id__in=roles.staff_cluster_ids)
        )
    return disputes.order_by("disputed_at")


@dataclass(frozen=True)
class Responsiveness:
    received: int
    answered: int
    median_days: float | None

    @property
    def rate(self) -> float | None:
        return self.answered / self.received if self.received else None

    @property
    def is_shown(self) -> bool:
        return self.answered >= RESPONSIVENESS_MIN_ANSWERS

    @property
    def median_days_rounded(self) -> int:
        """Whole days, at least one ("usually answers within 1 day")."""
        return max(1, round(self.median_days or 0))


def _answer_delay() -> ExpressionWrapper:
    return ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())


ANSWERED = Q(status__in=[InterestStatus.ACCEPTED, InterestStatus.DECLINED])


def responsiveness(
    *, organization_ids: Iterable[int], now: datetime.datetime | None = None
) -> dict[int, Responsiveness]:
    """Per organization, over the last 12 months: interests received, answered, median delay.

    One query on Postgres (counts and medians: the median over the answered rows, a FILTER);
    the SQLite demo computes medians in Python, in a second query.
    """
    organization_ids = list(set(organization_ids))
    if not organization_ids:
        return {}
    since = (now or timezone.now()) - RESPONSIVENESS_WINDOW
    received = ExpressionOfInterest.objects.filter(
        opportunity__organization_id__in=organization_ids, created_at__gte=since
    )
    owner = "opportunity__organization_id"
    delayed = ANSWERED & Q(answered_at__isnull=False)
    figures: dict[str, Aggregate] = {
        "received": Count("pk"),
        "answered": Count("pk", filter=ANSWERED),
    }
    if connection.vendor == "postgresql":
        figures["median"] = Median(_answer_delay(), filter=delayed)
    counts = {row[owner]: row for row in received.values(owner).annotate(**figures).order_by()}
    if connection.vendor == "postgresql":
        medians = {key: row["median"] for key, row in counts.items()}
    else:
        delays: dict[int, list[float]] = {}
        for organization_id, delay in (
            received.filter(delayed).annotate(delay=_answer_delay()).values_list(owner, "delay")
        ):
            delays.setdefault(organization_id, []).append(delay.total_seconds())
        medians = {key: statistics.median(values) for key, values in delays.items()}
    return {
        organization_id: Responsiveness(
            received=row["received"],
            answered=row["answered"],
            median_days=(
                medians[organization_id] / 86400 if medians.get(organization_id) else None
            ),
        )
        for organization_id, row in counts.items()
    }


@dataclass
class FeedbackSummary:
    """What partners told the author about one opportunity."""

    interests: int = 0
    passes: int = 0
    # [(reason value, count)], most frequent first
    reasons: list[tuple[str, int]] = field(default_factory=list)
    # the feedback whose givers chose to be named, or that carries a comment
    entries: list[OpportunityFeedback] = field(default_factory=list)

    @property
    def reason_labels(self) -> list[tuple[str, int]]:
        return [(str(PassReason(reason).label), count) for reason, count in self.reasons]


def feedback_summary(*, user: AnyUser, opportunity) -> FeedbackSummary | None:
    """The author's organization only (None for anyone else). Two queries."""
    if not permissions.can_read_feedback(user, opportunity):
        return None
    feedback = list(
        OpportunityFeedback.objects.filter(opportunity=opportunity)
        .select_related("organization")
        .order_by("-created_at", "-pk")
    )
    reasons = Counter(item.reason for item in feedback)
    return FeedbackSummary(
        interests=ExpressionOfInterest.objects.filter(opportunity=opportunity).count(),
        passes=len(feedback),
        reasons=reasons.most_common(),
        entries=[item for item in feedback if item.show_name or item.text],
    )


def feedback_by_opportunity(*, opportunity_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """Pass reasons (labelled) per opportunity, most frequent first (one query), for the
    author's dashboard."""
    rows = (
        OpportunityFeedback.objects.filter(opportunity_id__in=list(opportunity_ids))
        .values_list("opportunity_id", "reason")
        .annotate(n=Count("pk"))
        .order_by("opportunity_id", "-n", "reason")
    )
    summary: dict[int, list[tuple[str, int]]] = {}
    for opportunity_id, reason, n in rows:
        summary.setdefault(opportunity_id, []).append((str(PassReason(reason).label), n))
    return summary


def feedback_given(*, user: AnyUser, opportunity) -> OpportunityFeedback | None:
    """The feedback one of the user's organizations gave on this opportunity, if any."""
    organization_ids = roles_of(user).organization_ids
    if not organization_ids:
        return None
    return OpportunityFeedback.objects.filter(
        opportunity=opportunity, organization_id__in=organization_ids
    ).first()


def nudge_follow_ups(*, ids: Iterable[int]) -> list[FollowUp]:
    """The follow-ups to nudge with what the e-mails need: the introduction's people, the
    opportunity's title, both organizations' names (one query, no large column)."""
    return list(
        FollowUp.objects.filter(pk__in=list(ids))
        .select_related("interest__opportunity", "owner_organization", "interested_organization")
        .only(
            "stage",
            "interest_id",
            "owner_organization_id",
            "interested_organization_id",
            "owner_opted_out",
            "interested_opted_out",
            "interest__answered_by_id",
            "interest__author_id",
            "interest__opportunity_id",
            "interest__opportunity__title",
            "interest__opportunity__author_id",
            "owner_organization__name",
            "interested_organization__name",
        )
        .order_by("pk")
    )


def nudge_recipients_for(follow_ups: Iterable[FollowUp]) -> dict[int, dict[str, list[int]]]:
    """Per follow-up, each side's contact for a nudge, by side (sides that stopped reminders
    are left out).

    The people of the introduction (who answered it, who sent it), if still active members of
    their side; otherwise the side's organization admins. One query for any number of
    follow-ups (their `interest` and its `opportunity` loaded).
    """
    sides_of: dict[int, dict[str, tuple[int, list[int | None], bool]]] = {}
    for follow_up in follow_ups:
        interest = follow_up.interest
        if interest is None:  # only introductions are nudged
            continue
        sides_of[follow_up.pk] = {
            Side.OWNER: (
                follow_up.owner_organization_id,
                [interest.answered_by_id, interest.opportunity.author_id],
                follow_up.owner_opted_out,
            ),
            Side.INTERESTED: (
                follow_up.interested_organization_id,
                [interest.author_id],
                follow_up.interested_opted_out,
            ),
        }
    organization_ids = {
        organization_id
        for sides in sides_of.values()
        for organization_id, _people, _out in sides.values()
    }
    by_organization: dict[int, list[tuple[int, str]]] = {}
    if organization_ids:
        members = Membership.objects.filter(
            organization_id__in=organization_ids, user__is_active=True
        ).values_list("organization_id", "user_id", "role")
        for organization_id, user_id, role in members:
            by_organization.setdefault(organization_id, []).append((user_id, role))
    result: dict[int, dict[str, list[int]]] = {}
    for follow_up_id, sides in sides_of.items():
        recipients: dict[str, list[int]] = {}
        for side, (organization_id, people, opted_out) in sides.items():
            if opted_out:
                continue
            present = {user_id for user_id, _role in by_organization.get(organization_id, [])}
            contact = next((pk for pk in people if pk in present), None)
            if contact is not None:
                recipients[side] = [contact]
            else:
                recipients[side] = sorted(
                    user_id
                    for user_id, role in by_organization.get(organization_id, [])
                    if role == MembershipRole.ADMIN
                )
        result[follow_up_id] = recipients
    return result
