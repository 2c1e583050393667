"""A cluster's key performance indicators for a date range, for its staff (and the consortium).

What counts (README, "Figures for cluster staff"):
- a member is an organization whose home cluster is the cluster; "new" when created in the
  range, "verified" when verified in the range;
- interests are counted when sent, introductions when accepted, agreements when one side
  records them (a disputed agreement counts until staff undo it);
- an introduction or agreement counts for the cluster when either side is its member, and is
  cross-border when the two sides' home clusters differ.

One computation, all_clusters_kpis: each figure is one query grouped by cluster, ten queries
whatever the number of clusters and members (no per-member or per-cluster query). The beat
refresh of the default range (stats.kpi_cache) runs it for every cluster at once, so the year's
interests, follow-ups and meetings are scanned once; a request's own range runs it for its one
cluster (cluster_kpis).
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain

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


def agreement_matrix(*, period: Period) -> dict[tuple[int, int], int]:
    """Agreements recorded in the range: (owner's cluster, interested cluster) -> count."""
    rows = (
        FollowUp.objects.filter(period.q("agreement_recorded_at"), stage=Stage.AGREEMENT)
        .values_list("owner_organization__cluster_id", "interested_organization__cluster_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(owner, interested): n for owner, interested, n in rows}


def _grouped_medians(
    answered: QuerySet, key: str, cluster_key: str
) -> tuple[dict[int, float], dict[int, float]]:
    """Median answer delay (days) per `cluster_key`, and per `key` (a member) except on Postgres,
    where the interests received give the members' medians in their own pass. One query."""
    if connection.vendor == "postgresql":
        per_key: dict = {}
        per_cluster = dict(
            answered.values_list(cluster_key).annotate(m=Median(_answer_delay())).order_by()
        )
    else:
        by_key: dict[int, list[float]] = defaultdict(list)
        by_cluster: dict[int, list[float]] = defaultdict(list)
        for group, cluster_id, delay in answered.annotate(d=_answer_delay()).values_list(
            key, cluster_key, "d"
        ):
            by_key[group].append(delay.total_seconds())
            by_cluster[cluster_id].append(delay.total_seconds())
        per_key = {group: statistics.median(values) for group, values in by_key.items()}
        per_cluster = {group: statistics.median(values) for group, values in by_cluster.items()}

    def days(seconds: dict) -> dict[int, float]:
        return {group: value / 86400 for group, value in seconds.items() if value is not None}

    return days(per_key), days(per_cluster)


def _add_per_member(
    all_kpis: dict[int, ClusterKpis],
    members: dict[int, MemberRow],
    figure: str,
    rows: QuerySet,
    cluster_key: str,
) -> None:
    """Count `rows` per `organization_id`: the member rows' `figure`, and their cluster's total
    (the organization's cluster, `cluster_key`)."""
    for organization_id, cluster_id, n in (
        rows.values_list("organization_id", cluster_key).annotate(n=Count("pk")).order_by()
    ):
        kpis = all_kpis[cluster_id]
        setattr(kpis, figure, getattr(kpis, figure) + n)
        if organization_id in members:
            setattr(members[organization_id], figure, n)


def cluster_kpis(*, cluster: ClusterRow, period: Period) -> ClusterKpis:
    return all_clusters_kpis(clusters=[cluster], period=period)[cluster.id]


def all_clusters_kpis(*, clusters: list[ClusterRow], period: Period) -> dict[int, ClusterKpis]:
    """Cluster id -> the cluster's KPIs for `period`, for every cluster of `clusters`."""
    ids = [cluster.id for cluster in clusters]
    all_kpis = {cluster.id: ClusterKpis(cluster=cluster, period=period) for cluster in clusters}
    members: dict[int, MemberRow] = {}  # every cluster's members, by organization id
    member_lists: dict[int, list[MemberRow]] = {cluster_id: [] for cluster_id in ids}
    for row in (
        Organization.objects.filter(cluster_id__in=ids, is_active=True)
        .values("pk", "name", "slug", "is_verified", "cluster_id")
        .order_by("name", "pk")
    ):
        member = MemberRow(
            id=row["pk"], name=row["name"], slug=row["slug"], is_verified=row["is_verified"]
        )
        members[row["pk"]] = member
        member_lists[row["cluster_id"]].append(member)

    for row in (
        Organization.objects.filter(cluster_id__in=ids)
        .values("cluster_id")
        .annotate(
            new=Count("pk", filter=period.q("created_at")),
            verified=Count("pk", filter=Q(is_verified=True) & period.q("verified_at")),
        )
        .order_by()
    ):
        kpis = all_kpis[row["cluster_id"]]
        kpis.new_members, kpis.verified_members = row["new"], row["verified"]

    _add_per_member(
        all_kpis,
        members,
        "published",
        Opportunity.objects.filter(period.q("published_at"), organization__cluster_id__in=ids),
        "organization__cluster_id",
    )

    owner = "opportunity__organization_id"
    owner_cluster_key = "opportunity__organization__cluster_id"
    received = ExpressionOfInterest.objects.filter(
        period.q("created_at"), opportunity__organization__cluster_id__in=ids
    )
    timed = ANSWERED & Q(answered_at__isnull=False)
    per_owner = {"n": Count("pk"), "answered": Count("pk", filter=ANSWERED)}
    if connection.vendor == "postgresql":  # the members' median answer delays in the same pass
        per_owner["median"] = Median(_answer_delay(), filter=timed)
    for row in received.values(owner, owner_cluster_key).annotate(**per_owner).order_by():
        kpis = all_kpis[row[owner_cluster_key]]
        kpis.interests_received += row["n"]
        kpis.interests_answered += row["answered"]
        if row[owner] in members:
            members[row[owner]].interests_received = row["n"]
            members[row[owner]].interests_answered = row["answered"]
            if row.get("median") is not None:
                members[row[owner]].median_answer_days = row["median"] / 86400
    per_member, per_cluster = _grouped_medians(received.filter(timed), owner, owner_cluster_key)
    for organization_id, days in per_member.items():
        if organization_id in members:
            members[organization_id].median_answer_days = days
    for cluster_id, days in per_cluster.items():
        all_kpis[cluster_id].median_answer_days = days

    _add_per_member(
        all_kpis,
        members,
        "interests_sent",
        ExpressionOfInterest.objects.filter(
            period.q("created_at"), organization__cluster_id__in=ids
        ),
        "organization__cluster_id",
    )

    def clusters_of(*cluster_ids: int) -> set[int]:
        """The clusters a row counts for: either side's, when it is one of `clusters`."""
        return {cluster_id for cluster_id in cluster_ids if cluster_id in all_kpis}

    introductions = (
        ExpressionOfInterest.objects.filter(
            Q(opportunity__organization__cluster_id__in=ids) | Q(organization__cluster_id__in=ids),
            period.q("answered_at"),
            status=InterestStatus.ACCEPTED,
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
        for cluster_id in clusters_of(owner_cluster, interested_cluster):
            all_kpis[cluster_id].introductions += n
            if owner_cluster != interested_cluster:
                all_kpis[cluster_id].cross_border_introductions += n
        for organization_id in {owner_id, interested_id}:
            if organization_id in members:
                members[organization_id].introductions += n

    # Meetings stated in follow-ups (each follow-up once per cluster), and partnering meetings
    # held at events; a held partnering meeting's own step is not counted a second time.
    stated = (
        FollowUpEvent.objects.filter(
            period.q("created_at"),
            Q(follow_up__owner_organization__cluster_id__in=ids)
            | Q(follow_up__interested_organization__cluster_id__in=ids),
            action=FollowUpEvent.Action.ADVANCED,
            from_stage__in=EARLY_STAGES,
            to_stage__in=MEETING_STAGES,
        )
        .exclude(via=FollowUpEvent.Via.MEETING)
        .values_list(
            "follow_up__owner_organization__cluster_id",
            "follow_up__interested_organization__cluster_id",
        )
        .annotate(n=Count("follow_up_id", distinct=True))
        .order_by()
    )
    partnering = (
        Meeting.objects.filter(
            period.q("slot__starts_at"),
            Q(request__sender__organization__cluster_id__in=ids)
            | Q(request__recipient__organization__cluster_id__in=ids),
            status=MeetingStatus.SCHEDULED,
            outcome=MeetingOutcome.HELD,
        )
        .values_list(
            "request__sender__organization__cluster_id",
            "request__recipient__organization__cluster_id",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for first_cluster, second_cluster, n in chain(stated, partnering):
        for cluster_id in clusters_of(first_cluster, second_cluster):
            all_kpis[cluster_id].meetings_held += n

    agreements = (
        FollowUp.objects.filter(
            Q(owner_organization__cluster_id__in=ids)
            | Q(interested_organization__cluster_id__in=ids),
            period.q("agreement_recorded_at"),
            stage=Stage.AGREEMENT,
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
    by_type: dict[int, Counter] = {cluster_id: Counter() for cluster_id in ids}
    by_country: dict[int, Counter] = {cluster_id: Counter() for cluster_id in ids}
    for row in agreements:
        owner_id, owner_cluster, owner_country = row[0:3]
        interested_id, interested_cluster, interested_country, kind, n, disputed = row[3:]
        for cluster_id in clusters_of(owner_cluster, interested_cluster):
            kpis = all_kpis[cluster_id]
            kpis.agreements += n
            kpis.disputed_agreements += disputed
            by_type[cluster_id][kind] += n
            if owner_cluster != interested_cluster:
                kpis.cross_border_agreements += n
            # The partner is the other side; within one cluster, the interested organization.
            partner_country = owner_country if interested_cluster == cluster_id else None
            if owner_cluster == cluster_id:
                partner_country = interested_country
            by_country[cluster_id][str(partner_country)] += n
        for organization_id in {owner_id, interested_id}:
            if organization_id in members:
                members[organization_id].agreements += n
    for cluster_id, kpis in all_kpis.items():
        kpis.agreements_by_type = dict(by_type[cluster_id].most_common())
        kpis.agreements_by_country = dict(by_country[cluster_id].most_common())
        kpis.members = member_lists[cluster_id]
    return all_kpis
