"""A cluster's key performance indicators for a date range, for its staff (and the consortium).

What counts (README, "Figures for cluster staff"):
- a member is an organization whose home cluster is the cluster; "new" when created in the
  range, "verified" when verified in the range;
- interests are counted when sent, introductions when accepted, agreements when one side
  records them (a disputed agreement counts until staff undo it);
- an introduction or agreement counts for the cluster when either side is its member, and is
  cross-border when the two sides' home clusters differ.

Eleven queries whatever the number of members (grouped counts, no per-member query).
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from core.aggregates import Median
from events.models import Meeting, MeetingOutcome, MeetingStatus
from followups.models import RANK, FollowUp, FollowUpEvent, Stage
from opportunities.models import ExpressionOfInterest, InterestStatus, Opportunity
from partners.models import Organization

from .selectors import ClusterRow

ANSWERED = Q(status__in=[InterestStatus.ACCEPTED, InterestStatus.DECLINED])
DEFAULT_DAYS = 365
# Reached "meeting held" (or a later stage) from an earlier one: a meeting took place.
MEETING_STAGES = [stage for stage in Stage.values if RANK[stage] >= RANK[Stage.MEETING_HELD]]
EARLY_STAGES = [stage for stage in Stage.values if RANK[stage] < RANK[Stage.MEETING_HELD]]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def last_year(cls) -> "Period":
        today = timezone.localdate()
        return cls(start=today - datetime.timedelta(days=DEFAULT_DAYS - 1), end=today)

    @property
    def since(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def until(self) -> datetime.datetime:
        """The first instant after the range."""
        day_after = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))

    def q(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.since, f"{field_name}__lt": self.until})


@dataclass
class MemberRow:
    id: int
    name: str
    slug: str
    is_verified: bool
    published: int = 0
    interests_received: int = 0
    interests_answered: int = 0
    median_answer_days: float | None = None
    interests_sent: int = 0
    introductions: int = 0
    agreements: int = 0

    @property
    def activity(self) -> int:
        return self.published + self.interests_received + self.interests_sent + self.introductions


@dataclass
class ClusterKpis:
    cluster: ClusterRow
    period: Period
    new_members: int = 0
    verified_members: int = 0
    published: int = 0
    interests_received: int = 0
    interests_sent: int = 0
    interests_answered: int = 0
    median_answer_days: float | None = None
    introductions: int = 0
    cross_border_introductions: int = 0
    meetings_held: int = 0
    agreements: int = 0
    cross_border_agreements: int = 0
    disputed_agreements: int = 0
    agreements_by_type: dict[str, int] = field(default_factory=dict)
    # the other side's country (ISO code) -> agreements
    agreements_by_country: dict[str, int] = field(default_factory=dict)
    members: list[MemberRow] = field(default_factory=list)

    @property
    def answer_rate(self) -> float | None:
        if not self.interests_received:
            return None
        return self.interests_answered / self.interests_received

    @property
    def cross_border_share(self) -> float | None:
        if not self.agreements:
            return None
        return self.cross_border_agreements / self.agreements


def _answer_delay() -> ExpressionWrapper:
    return ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())


def _medians(answered, key: str) -> tuple[dict[int, float], float | None]:
    """Median answer delay (days) per `key` and overall. Two queries on Postgres."""
    if connection.vendor == "postgresql":
        per_key = dict(answered.values_list(key).annotate(m=Median(_answer_delay())).order_by())
        overall = answered.aggregate(m=Median(_answer_delay()))["m"]
    else:
        delays: dict[int, list[float]] = defaultdict(list)
        for group, delay in answered.annotate(d=_answer_delay()).values_list(key, "d"):
            delays[group].append(delay.total_seconds())
        per_key = {group: statistics.median(values) for group, values in delays.items()}
        everything = [value for values in delays.values() for value in values]
        overall = statistics.median(everything) if everything else None
    days = {group: seconds / 86400 for group, seconds in per_key.items() if seconds is not None}
    return days, None if overall is None else overall / 86400


def _add_per_member(
    kpis: ClusterKpis, members: dict[int, MemberRow], figure: str, rows: QuerySet
) -> None:
    """Count `rows` per `organization_id`: the member rows' `figure`, and its cluster total."""
    for organization_id, n in (
        rows.values_list("organization_id").annotate(n=Count("pk")).order_by()
    ):
        setattr(kpis, figure, getattr(kpis, figure) + n)
        if organization_id in members:
            setattr(members[organization_id], figure, n)


def cluster_kpis(*, cluster: ClusterRow, period: Period) -> ClusterKpis:
    kpis = ClusterKpis(cluster=cluster, period=period)
    in_cluster = Q(cluster_id=cluster.id)
    members = {
        row["pk"]: MemberRow(
            id=row["pk"], name=row["name"], slug=row["slug"], is_verified=row["is_verified"]
        )
        for row in Organization.objects.filter(in_cluster, is_active=True)
        .values("pk", "name", "slug", "is_verified")
        .order_by("name", "pk")
    }
    joined = Organization.objects.filter(in_cluster).aggregate(
        new=Count("pk", filter=period.q("created_at")),
        verified=Count("pk", filter=Q(is_verified=True) & period.q("verified_at")),
    )
    kpis.new_members, kpis.verified_members = joined["new"], joined["verified"]

    _add_per_member(
        kpis,
        members,
        "published",
        Opportunity.objects.filter(period.q("published_at"), organization__cluster_id=cluster.id),
    )

    owner = "opportunity__organization_id"
    received = ExpressionOfInterest.objects.filter(
        period.q("created_at"), opportunity__organization__cluster_id=cluster.id
    )
    for row in (
        received.values(owner)
        .annotate(n=Count("pk"), answered=Count("pk", filter=ANSWERED))
        .order_by()
    ):
        kpis.interests_received += row["n"]
        kpis.interests_answered += row["answered"]
        if row[owner] in members:
            members[row[owner]].interests_received = row["n"]
            members[row[owner]].interests_answered = row["answered"]
    per_member, kpis.median_answer_days = _medians(
        received.filter(ANSWERED, answered_at__isnull=False), owner
    )
    for organization_id, days in per_member.items():
        if organization_id in members:
            members[organization_id].median_answer_days = days

    _add_per_member(
        kpis,
        members,
        "interests_sent",
        ExpressionOfInterest.objects.filter(
            period.q("created_at"), organization__cluster_id=cluster.id
        ),
    )

    either_side = Q(opportunity__organization__cluster_id=cluster.id) | Q(
        organization__cluster_id=cluster.id
    )
    introductions = (
        ExpressionOfInterest.objects.filter(
            either_side, period.q("answered_at"), status=InterestStatus.ACCEPTED
        )
        .values_list(
            "opportunity__organization_id",
            "opportunity__organization__cluster_id",
            "organization_id",
            "organization__cluster_id",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for owner_id, owner_cluster, interested_id, interested_cluster, n in introductions:
        kpis.introductions += n
        if owner_cluster != interested_cluster:
            kpis.cross_border_introductions += n
        for organization_id in {owner_id, interested_id}:
            if organization_id in members:
                members[organization_id].introductions += n

    follow_ups_of_cluster = Q(owner_organization__cluster_id=cluster.id) | Q(
        interested_organization__cluster_id=cluster.id
    )
    # Meetings stated in follow-ups, and partnering meetings held at events. A held partnering
    # meeting also moves a follow-up (via "meeting"): that step is not counted a second time.
    stated_meetings = (
        FollowUpEvent.objects.filter(
            period.q("created_at"),
            Q(follow_up__owner_organization__cluster_id=cluster.id)
            | Q(follow_up__interested_organization__cluster_id=cluster.id),
            action=FollowUpEvent.Action.ADVANCED,
            from_stage__in=EARLY_STAGES,
            to_stage__in=MEETING_STAGES,
        )
        .exclude(via=FollowUpEvent.Via.MEETING)
        .values("follow_up_id")
        .distinct()
        .count()
    )
    partnering_meetings = Meeting.objects.filter(
        period.q("slot__starts_at"),
        Q(request__sender__organization__cluster_id=cluster.id)
        | Q(request__recipient__organization__cluster_id=cluster.id),
        status=MeetingStatus.SCHEDULED,
        outcome=MeetingOutcome.HELD,
    ).count()
    kpis.meetings_held = stated_meetings + partnering_meetings

    agreements = (
        FollowUp.objects.filter(
            follow_ups_of_cluster, period.q("agreement_recorded_at"), stage=Stage.AGREEMENT
        )
        .values_list(
            "owner_organization_id",
            "owner_organization__cluster_id",
            "owner_organization__country",
            "interested_organization_id",
            "interested_organization__cluster_id",
            "interested_organization__country",
            "agreement_type",
        )
        .annotate(n=Count("pk"), disputed=Count("pk", filter=Q(disputed_at__isnull=False)))
        .order_by()
    )
    by_type: Counter = Counter()
    by_country: Counter = Counter()
    for row in agreements:
        owner_id, owner_cluster, owner_country = row[0:3]
        interested_id, interested_cluster, interested_country, kind, n, disputed = row[3:]
        kpis.agreements += n
        kpis.disputed_agreements += disputed
        by_type[kind] += n
        if owner_cluster != interested_cluster:
            kpis.cross_border_agreements += n
        # The partner is the other side; within one cluster, the interested organization.
        partner_country = owner_country if interested_cluster == cluster.id else None
        if owner_cluster == cluster.id:
            partner_country = interested_country
        by_country[str(partner_country)] += n
        for organization_id in {owner_id, interested_id}:
            if organization_id in members:
                members[organization_id].agreements += n
    kpis.agreements_by_type = dict(by_type.most_common())
    kpis.agreements_by_country = dict(by_country.most_common())
    kpis.members = list(members.values())
    return kpis


def agreement_matrix(*, period: Period) -> dict[tuple[int, int], int]:
    """Agreements recorded in the range: (owner's cluster, interested cluster) -> count."""
    rows = (
        FollowUp.objects.filter(period.q("agreement_recorded_at"), stage=Stage.AGREEMENT)
        .values_list("owner_organization__cluster_id", "interested_organization__cluster_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(owner, interested): n for owner, interested, n in rows}
