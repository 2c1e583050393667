"""What a member and a cluster staff member see on their dashboard.

Each list is one query (joins and correlated counts, no per-row queries), limited to the
LIST_LIMIT most relevant rows, so the page costs the same for one row or a thousand; a list
with more rows links to its "see all" page (`dashboard_list_page`, paginated).
"""

import functools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext

from accounts.models import User
from clusters.models import Cluster
from core.caching import refreshed_aggregate
from core.countries import country_name
from core.precompiled import PrecompiledQuery
from followups.models import AgreementType, Stage
from followups.selectors import (
    INTEREST_HIGHLIGHT_AFTER,
    disputes_for_staff,
    feedback_by_opportunity,
)
from opportunities.models import (
    OPPORTUNITY_STATUS_LABELS,
    DeclineReason,
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    reader_version_annotations,
)
from opportunities.permissions import owner_revealed_to
from opportunities.selectors import (
    count_subquery,
    interest_status_of,
    interests_involving,
    is_stale_interest,
    moderation_queue_of,
    stale_interest_limit,
)
from partners.models import Organization
from partners.roles import Roles, roles_of

LIST_LIMIT = 10
STATUS_LABELS = dict(InterestStatus.choices)
DECLINE_REASON_LABELS = dict(DeclineReason.choices)
STAGE_LABELS = dict(Stage.choices)
AGREEMENT_TYPE_LABELS = dict(AgreementType.choices)
SEE_ALL_PER_PAGE = 50


class Shortlist(list):
    """The first rows of a list; `more` tells the template to link to its "see all" page."""

    more: bool = False


def _shortlist(queryset: QuerySet, limit: int) -> tuple[list, bool]:
    return _shortlist_rows(list(queryset[: limit + 1]), limit)


def _shortlist_rows(rows: list, limit: int) -> tuple[list, bool]:
    """The first `limit` of up to `limit` + 1 rows, and whether there were more."""
    return rows[:limit], len(rows) > limit


def _mark(rows: list, more: bool) -> Shortlist:
    shortlist = Shortlist(rows)
    shortlist.more = more
    return shortlist


@dataclass(frozen=True)
class Scope:
    """What a list's query reads of its user: their organizations, the clusters they are staff
    of (None: a consortium admin, every cluster), and when a pending interest became overdue."""

    organization_ids: tuple[int, ...]
    cluster_ids: tuple[int, ...] | None
    overdue_since: datetime


def _scope(user: User) -> Scope:
    roles = roles_of(user)
    return Scope(
        organization_ids=tuple(sorted(roles.organization_ids)),
        cluster_ids=None if roles.is_consortium_admin else tuple(sorted(roles.staff_cluster_ids)),
        overdue_since=stale_interest_limit(),
    )


# The reader's version of an interest row's opportunity: its title (the rows show no summary).
ROW_VERSION_FIELDS = ("reader_language", "reader_title")
# The values an interest row shows or is marked with (`_finish`, `can_see_owner`): of dozens
# (descriptions, search documents), fewer for Postgres to read. Read as `values()`, a dict a
# row: selecting and building four model instances a row (select_related, only) cost Django
# ~1.5 ms more a list (full-scale bench, the same SQL joins).
ROW_COLUMNS = (
    "pk",
    "status",
    "created_at",
    "answered_at",
    "decline_reason",
    "organization__name",
    "organization__country",
    "opportunity_id",
    "opportunity__title",
    "opportunity__language",
    "opportunity__is_anonymous",
    "opportunity__organization_id",
    "opportunity__organization__name",
    "opportunity__organization__slug",
    "opportunity__organization__country",
    "opportunity__organization__cluster_id",
)
# An accepted interest's follow-up, when there is one (its id is NULL when there is none).
FOLLOW_UP_COLUMNS = ("follow_up__id", "follow_up__stage", "follow_up__disputed_at")


# The two organizations' cluster names, as correlated subqueries rather than two more joins:
# with up to seven tables joined Postgres spent 1-3.5 ms planning each interest list (3-12 ms
# under load, full-scale bench) searching join orders, half that without them; a subquery is
# planned on its own, runs only for the rows kept. Unordered: one row by key (the clusters'
# default order cost Django compiling it and Postgres a sort). `_interest_row` shows them.
def _cluster_name(organization: str) -> Subquery:
    return Subquery(
        Cluster.objects.filter(pk=OuterRef(f"{organization}__cluster_id"))
        .order_by()
        .values("name")[:1]
    )


ROW_CLUSTER_NAMES = {
    "organization_cluster_name": _cluster_name("organization"),
    "owner_cluster_name": _cluster_name("opportunity__organization"),
}


def _interests_with_opportunity(
    scope: "Scope",
    interests: QuerySet[ExpressionOfInterest] | None = None,
    *,
    owner_named: bool = False,
    accepted: bool = True,
) -> QuerySet[ExpressionOfInterest, dict[str, Any]]:
    """Interest rows joined for the template, as dicts (ROW_COLUMNS). Each subquery and join
    left out saves Django milliseconds of compiling: `owner_named` when every row's owner may
    be named to the user (`_finish`), without `accepted` for a list of pending interests (no
    follow-up shown)."""
    if interests is None:
        interests = ExpressionOfInterest.objects.all()
    columns = list(ROW_COLUMNS)
    if accepted:
        columns += FOLLOW_UP_COLUMNS
    # The opportunity's version in the reader's language: correlated subqueries in the same
    # query (opportunities.models.reader_version_annotations), moved onto it by `_finish`.
    version = reader_version_annotations("opportunity_id")
    annotations: dict[str, Any] = {name: version[name] for name in ROW_VERSION_FIELDS}
    annotations.update(ROW_CLUSTER_NAMES)
    if not owner_named:
        annotations["viewer_interest_status"] = interest_status_of(
            scope.organization_ids, "opportunity_id"
        )
    return interests.annotate(**annotations).values(*columns, *annotations)


class Row(dict):
    """A row as its template reads it. A template variable tries a key first: on a model,
    each step of `interest.opportunity.organization.name` fails a subscript (an exception)
    before it reads the attribute, ~30 lookups a row. Attributes for Python (`row.pk`)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _translated(labels: dict) -> dict[str, str]:
    """Choice labels in the active language: a translation lookup each, once a list, not once
    a row (a lazy label is translated each time it is shown)."""
    return {value: str(label) for value, label in labels.items()}


def _when_format(message: str) -> str:
    """A translated "... %(when)s ..." message as a `format_html` string: its text shown as
    `blocktranslate` shows it (not escaped), the value escaped."""
    return (
        message.replace("{", "{{").replace("}", "}}").replace("%%", "%").replace("%(when)s", "{}")
    )


class Ages:
    """How long ago, as the rows show it ("sent 3 days ago"): the messages translated once a
    list and one `now`, not a `blocktranslate` with `timesince` a row (~0.1 ms each)."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.sent = _when_format(gettext("sent %(when)s ago"))
        self.introduced = _when_format(gettext("introduced %(when)s ago"))
        self.waiting = _when_format(gettext("waiting for %(when)s"))

    def phrase(self, message: str, moment: Any) -> SafeString:
        return format_html(message, timesince(moment, self.now) if moment else "")

    def of_interest(self, values: dict[str, Any]) -> SafeString:
        if values["status"] == InterestStatus.ACCEPTED and values["answered_at"]:
            return self.phrase(self.introduced, values["answered_at"])
        return self.phrase(self.sent, values["created_at"])


def _owner_visible(roles: Roles, values: dict[str, Any]) -> bool:
    """`can_see_owner`'s rule asked with what the row holds (`viewer_interest_status`: the
    state of the interest the user's organizations sent in its opportunity)."""
    return owner_revealed_to(
        roles,
        is_anonymous=values["opportunity__is_anonymous"],
        organization_id=values["opportunity__organization_id"],
        cluster_id=values["opportunity__organization__cluster_id"],
        interest_status=lambda: values["viewer_interest_status"],
    )


def _interest_row(
    values: dict[str, Any],
    labels: dict[str, dict[str, str]],
    ages: Ages,
    *,
    owner_visible: bool,
    overdue_limit: datetime,
) -> Row:
    """What dashboard/includes/interest_rows.html shows of an interest (`values`, one row of
    `_interests_with_opportunity`), marked by `_finish`."""
    status = values["status"]
    decline_reason = values["decline_reason"]
    created_at = values["created_at"]
    # Selected with the row where it may be shown (accepted); None when there is none yet.
    follow_up = None
    if status == InterestStatus.ACCEPTED and values.get("follow_up__id") is not None:
        stage = values["follow_up__stage"]
        follow_up = Row(
            stage_label=labels["stage"].get(stage, stage),
            is_disputed=values["follow_up__disputed_at"] is not None,
        )
    # The opportunity in the reader's version when there is one (`display_title`).
    reader_title = values["reader_title"]
    return Row(
        pk=values["pk"],
        status=status,
        status_label=labels["status"].get(status, status),
        decline_reason=decline_reason,
        decline_reason_label=labels["decline_reason"].get(decline_reason, decline_reason),
        created_at=created_at,
        answered_at=values["answered_at"],
        age=ages.of_interest(values),
        is_overdue=is_stale_interest(status, created_at, overdue_limit),
        is_waiting_long=False,
        opportunity=Row(
            pk=values["opportunity_id"],
            display_title=reader_title or values["opportunity__title"],
            display_language=values["reader_language"]
            if reader_title
            else values["opportunity__language"],
            owner_visible=owner_visible,
            # The subqueries' cluster names (ROW_CLUSTER_NAMES).
            organization=Row(
                name=values["opportunity__organization__name"],
                country_name=country_name(values["opportunity__organization__country"]),
                cluster=Row(name=values["owner_cluster_name"]),
                slug=values["opportunity__organization__slug"],  # its profile's link
            ),
        ),
        organization=Row(
            name=values["organization__name"],
            country_name=country_name(values["organization__country"]),
            cluster=Row(name=values["organization_cluster_name"]),
        ),
        follow_up=follow_up,
    )


def _finish(user: User, rows: list[dict[str, Any]], *, owner_named: bool = False) -> list[Row]:
    """The rows as the template shows them (`Row`): whether its owner may be named, whether it
    is late, the opportunity in the reader's version (`display_title`), labels translated.

    `owner_named` (the rows' queryset said so too): the user's organizations own every row's
    opportunity or were introduced to it, or the user moderates it (`can_see_owner`).
    """
    labels = {
        "status": _translated(STATUS_LABELS),
        "decline_reason": _translated(DECLINE_REASON_LABELS),
        "stage": _translated(STAGE_LABELS),
    }
    ages = Ages()
    overdue_limit = stale_interest_limit()
    roles = roles_of(user)
    return [
        _interest_row(
            values,
            labels,
            ages,
            owner_visible=owner_named or _owner_visible(roles, values),
            overdue_limit=overdue_limit,
        )
        for values in rows
    ]


def _finish_owner_named(user: User, rows: list[dict[str, Any]]) -> list[Row]:
    return _finish(user, rows, owner_named=True)


def my_organizations(*, user: User) -> list[Organization]:
    return list(
        Organization.objects.filter(pk__in=roles_of(user).organization_ids, is_active=True)
        .select_related("cluster")
        # What the dashboard shows of them (its list, the integrations links).
        .only("name", "slug", "cluster__name")
        .order_by("name")
    )


def _my_opportunities(scope: "Scope") -> QuerySet[Opportunity, dict[str, Any]]:
    interests = ExpressionOfInterest.objects.filter(opportunity_id=OuterRef("pk"))
    return (
        Opportunity.objects.filter(organization_id__in=scope.organization_ids)
        .annotate(
            interest_count=count_subquery(interests),
            pending_count=count_subquery(interests.filter(status=InterestStatus.PENDING)),
        )
        .order_by("-updated_at", "-pk")
        # What the table shows (dashboard/includes/my_opportunities_table.html), as dicts.
        .values("pk", "title", "status", "organization__name", "interest_count", "pending_count")
    )


def _mark_my_opportunities(user: User, rows: list[dict[str, Any]]) -> list[Row]:
    feedback = feedback_by_opportunity(opportunity_ids=[values["pk"] for values in rows])
    labels = _translated(OPPORTUNITY_STATUS_LABELS)
    return [
        Row(
            pk=values["pk"],
            title=values["title"],
            status=values["status"],
            status_label=labels.get(values["status"], values["status"]),
            organization=Row(name=values["organization__name"]),
            interest_count=values["interest_count"],
            pending_count=values["pending_count"],
            owner_visible=True,  # the user's own organization
            pass_reason_labels=feedback.get(values["pk"], []),
        )
        for values in rows
    ]


def _received(scope: "Scope") -> QuerySet[ExpressionOfInterest, dict[str, Any]]:
    # On the user's organizations' opportunities: theirs to see.
    return (
        _interests_with_opportunity(scope, owner_named=True, accepted=False)
        .filter(
            opportunity__organization_id__in=scope.organization_ids,
            status=InterestStatus.PENDING,
        )
        .order_by("created_at", "pk")
    )


def _mark_received(user: User, rows: list[dict[str, Any]]) -> list[Row]:
    limit = timezone.now() - INTEREST_HIGHLIGHT_AFTER
    marked = _finish(user, rows, owner_named=True)
    for row in marked:
        row["is_waiting_long"] = row.created_at <= limit
    return marked


def _sent(scope: "Scope") -> QuerySet[ExpressionOfInterest, dict[str, Any]]:
    return (
        _interests_with_opportunity(scope)
        .filter(organization_id__in=scope.organization_ids)
        .order_by("-created_at", "-pk")
    )


def _introductions(scope: "Scope") -> QuerySet[ExpressionOfInterest, dict[str, Any]]:
    accepted = ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
    introductions = interests_involving(
        scope.organization_ids, among=accepted, owner_ids=scope.organization_ids
    )
    # Each one's owner is the user's organization, or accepted the user's: named either way.
    return _interests_with_opportunity(scope, introductions, owner_named=True).order_by(
        "-answered_at", "-pk"
    )


def _staff_cluster_filter(scope: "Scope", *lookups: str) -> Q | None:
    """Rows of the user's clusters (any of `lookups`), or None for consortium admins (all)."""
    condition = Q(pk__in=[])
    for lookup in lookups:
        # Read once a lookup: each gets its own placeholders (`_PlaceholderScope`).
        cluster_ids = scope.cluster_ids
        if cluster_ids is None:
            return None
        condition |= Q(**{f"{lookup}__in": cluster_ids})
    return condition


def _review(scope: "Scope") -> QuerySet[Opportunity]:
    # What the rows show (dashboard/includes/review_rows.html): not the author, nor the texts.
    return (
        moderation_queue_of(cluster_ids=scope.cluster_ids)
        .select_related(None)
        .select_related("organization__cluster")
        .only("title", "submitted_at", "organization__name", "organization__cluster__name")
    )


def _mark_review(user: User, rows: list[Opportunity]) -> list[Opportunity]:
    ages = Ages()
    for opportunity in rows:
        opportunity.owner_visible = True  # staff of its cluster, or a consortium admin
        opportunity.waiting = ages.phrase(ages.waiting, opportunity.submitted_at)  # type: ignore[attr-defined]
    return rows


def _overdue(scope: "Scope") -> QuerySet[ExpressionOfInterest, dict[str, Any]]:
    # Opportunities of the user's clusters (or any, for consortium admins): theirs to moderate,
    # the owner named.
    queryset = _interests_with_opportunity(scope, owner_named=True, accepted=False).filter(
        status=InterestStatus.PENDING,
        created_at__lte=scope.overdue_since,
        opportunity__organization__is_active=True,
    )
    condition = _staff_cluster_filter(scope, "opportunity__organization__cluster_id")
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.order_by("created_at", "pk")


def _cluster_introductions(scope: "Scope") -> QuerySet[ExpressionOfInterest, dict[str, Any]]:
    queryset = _interests_with_opportunity(scope).filter(status=InterestStatus.ACCEPTED)
    condition = _staff_cluster_filter(
        scope, "organization__cluster_id", "opportunity__organization__cluster_id"
    )
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.order_by("-answered_at", "-pk")


@dataclass(frozen=True)
class DashboardList:
    """One list of the dashboard: its rows (a queryset), what marks them for the templates,
    and whether it is a staff list (else a member's)."""

    name: str
    rows: Callable[[Scope], QuerySet]
    mark: Callable[[User, list], list]
    staff: bool
    # "opportunities" (a table of the user's own), "review" (awaiting review) or the side of
    # an interest row (dashboard/includes/interest_rows.html)
    kind: str
    # Its first rows read by SQL compiled once (`_first_rows_query`): a `values()` queryset.
    compiled_once: bool = False


LISTS = {
    item.name: item
    for item in [
        DashboardList(
            "opportunities", _my_opportunities, _mark_my_opportunities, False, "mine", True
        ),
        DashboardList("received", _received, _mark_received, False, "received", True),
        DashboardList("sent", _sent, _finish, False, "sent", True),
        DashboardList(
            "introductions", _introductions, _finish_owner_named, False, "introduction", True
        ),
        DashboardList("review", _review, _mark_review, True, "review"),
        DashboardList("overdue", _overdue, _finish_owner_named, True, "overdue", True),
        DashboardList(
            "cluster-introductions", _cluster_introductions, _finish, True, "introduction", True
        ),
    ]
}


class _PlaceholderScope:
    """A `Scope`'s stand-in while a list's SQL is compiled once (`PrecompiledQuery`): each read
    of a field gives new placeholders, as many as the real scope has values (each must stand
    exactly once in the SQL, and a list may read a field twice: the organizations that sent an
    interest and those of the viewer), and `params` gives a real scope's values in the order
    they were read. Negative ids and first-century moments: no constant of a list equals one."""

    def __init__(self, shape: Scope) -> None:
        self._shape = shape
        self.reads: list[str] = []
        self.placeholders: list[object] = []

    def _read(self, name: str, values: Iterable[object]) -> tuple[Any, ...]:
        self.reads.append(name)
        values = tuple(values)
        self.placeholders.extend(values)
        return values

    def _ids(self, name: str, count: int) -> tuple[int, ...]:
        start = len(self.placeholders) + 1
        return self._read(name, range(-start, -start - count, -1))

    @property
    def organization_ids(self) -> tuple[int, ...]:
        return self._ids("organization_ids", len(self._shape.organization_ids))

    @property
    def cluster_ids(self) -> tuple[int, ...] | None:
        if self._shape.cluster_ids is None:
            return None
        return self._ids("cluster_ids", len(self._shape.cluster_ids))

    @property
    def overdue_since(self) -> datetime:
        moment = datetime(1, 1, 1, tzinfo=UTC) + timedelta(seconds=len(self.placeholders) + 1)
        return self._read("overdue_since", [moment])[0]

    def params(self, scope: Scope) -> list[object]:
        values: list[object] = []
        for name in self.reads:
            value = getattr(scope, name)
            values.extend(value if isinstance(value, tuple) else [value])
        return values


@functools.lru_cache(maxsize=256)
def _first_rows_query(
    name: str, language: str, shape: Scope
) -> tuple[PrecompiledQuery, _PlaceholderScope]:
    """The first rows' query of a list, compiled once per language and number of the user's
    organizations and clusters (`shape`: a scope of that many values)."""
    stand_in = _PlaceholderScope(shape)
    queryset = LISTS[name].rows(stand_in)[: LIST_LIMIT + 1]  # type: ignore[arg-type]
    return PrecompiledQuery(lambda *_: queryset, *stand_in.placeholders), stand_in


def _first_rows(name: str, user: User) -> Shortlist:
    item = LISTS[name]
    scope = _scope(user)
    # Building and compiling a list's queryset cost ~2-3 ms of CPU, running it less. PostgreSQL
    # only: its driver gives the values the ORM does (SQLite's datetimes need the ORM's
    # converters; the zero-setup demo builds the queryset).
    if item.compiled_once and connection.vendor == "postgresql":
        shape = Scope(
            organization_ids=(0,) * len(scope.organization_ids),
            cluster_ids=None if scope.cluster_ids is None else (0,) * len(scope.cluster_ids),
            overdue_since=datetime.min,
        )
        query, stand_in = _first_rows_query(name, translation.get_language(), shape)
        rows, more = _shortlist_rows(query.dicts(*stand_in.params(scope)), LIST_LIMIT)
    else:
        rows, more = _shortlist(item.rows(scope), LIST_LIMIT)
    return _mark(item.mark(user, rows), more)


def dashboard_list_page(*, name: str, user: User, page: str | None) -> Page:
    """A page of one dashboard list ("see all"), its rows marked like the dashboard's."""
    item = LISTS[name]
    result = Paginator(item.rows(_scope(user)), SEE_ALL_PER_PAGE).get_page(page)
    result.object_list = item.mark(user, list(result.object_list))
    return result


def my_opportunities(*, user: User) -> Shortlist:
    """The opportunities of the user's organizations, with their interest counts."""
    return _first_rows("opportunities", user)


def interests_received(*, user: User) -> Shortlist:
    """Interests in the user's organizations' opportunities awaiting an answer, oldest first;
    those waiting over 7 days are marked `is_waiting_long` (highlighted)."""
    return _first_rows("received", user)


def interests_sent(*, user: User) -> Shortlist:
    return _first_rows("sent", user)


def my_introductions(*, user: User) -> Shortlist:
    return _first_rows("introductions", user)


def review_queue(*, user: User) -> Shortlist:
    return _first_rows("review", user)


def overdue_interests(*, user: User) -> Shortlist:
    """Interests in the staff's cluster's opportunities unanswered for over 14 days."""
    return _first_rows("overdue", user)


def cluster_introductions(*, user: User) -> Shortlist:
    """Introductions that involve the staff's cluster on either side, the latest first."""
    return _first_rows("cluster-introductions", user)


@dataclass(frozen=True)
class ClusterFigureRow:
    pk: int
    name: str
    short_name: str
    slug: str  # the cluster's integrations page, for its staff
    member_count: int
    published_count: int
    interest_count: int
    introduction_count: int
    cross_border_count: int


def _counts_by_cluster(queryset: QuerySet, cluster: str, **counts: Count) -> dict[str, Counter]:
    """`counts` of `queryset` grouped by the cluster id its `cluster` path leads to."""
    totals: dict[str, Counter] = {name: Counter() for name in counts}
    for row in queryset.order_by().values(cluster).annotate(**counts):
        for name in counts:
            totals[name][row[cluster]] += row[name]
    return totals


def compute_cluster_figures() -> list[ClusterFigureRow]:
    """Every cluster: members, published opportunities, interests, introductions, cross-border
    (interests and introductions count when the cluster is on either side, once when on both).

    Each figure is one pass over its table grouped by cluster (five queries with the clusters'
    names). Counted by correlated subqueries per cluster, the interests were scanned three times
    for each cluster: 7-10 s at bench scale (100,000 interests), ~0.7 s this way, same figures."""
    owner = "opportunity__organization__cluster_id"
    accepted = Q(status=InterestStatus.ACCEPTED)
    cross_border = accepted & ~Q(organization__country=F("opportunity__organization__country"))
    interest_counts = {
        "interest_count": Count("pk"),
        "introduction_count": Count("pk", filter=accepted),
        "cross_border_count": Count("pk", filter=cross_border),
    }
    by_owner = _counts_by_cluster(ExpressionOfInterest.objects.all(), owner, **interest_counts)
    # The interested organization's cluster, where it is not the owner's (counted above).
    by_interested = _counts_by_cluster(
        ExpressionOfInterest.objects.exclude(organization__cluster_id=F(owner)),
        "organization__cluster_id",
        **interest_counts,
    )
    figures = {
        **_counts_by_cluster(
            Organization.objects.filter(is_active=True), "cluster_id", member_count=Count("pk")
        ),
        **_counts_by_cluster(
            Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED),
            "organization__cluster_id",
            published_count=Count("pk"),
        ),
        **{name: by_owner[name] + by_interested[name] for name in interest_counts},
    }
    return [
        ClusterFigureRow(
            pk=pk,
            name=name,
            short_name=short_name,
            slug=slug,
            **{figure: counts[pk] for figure, counts in figures.items()},
        )
        for pk, name, short_name, slug in Cluster.objects.order_by("name").values_list(
            "pk", "name", "short_name", "slug"
        )
    ]


# ~0.7 s at bench scale: refreshed by the beat task (core.tasks) before it expires, so no
# dashboard computes it; the figures are a minute old at most.
CLUSTER_FIGURES = refreshed_aggregate("dashboard:cluster-figures:v2", compute_cluster_figures)


def cluster_figures(*, user: User) -> list[ClusterFigureRow]:
    """The figures of the clusters the user is staff of (every cluster for consortium admins)."""
    roles = roles_of(user)
    return [
        row
        for row in CLUSTER_FIGURES.get()
        if roles.is_consortium_admin or row.pk in roles.staff_cluster_ids
    ]


def disputes(*, user: User) -> list:
    """Disputed agreements of the staff's clusters, to settle."""
    # Only what the rows show, of the follow-up and its four joined rows.
    disputes = disputes_for_staff(user=user).only(
        "agreement_type",
        "interest__opportunity__title",
        "owner_organization__name",
        "owner_organization__cluster__name",
        "interested_organization__name",
        "interested_organization__cluster__name",
    )
    rows = list(disputes[:LIST_LIMIT])
    for follow_up in rows:
        follow_up.agreement_type_label = AGREEMENT_TYPE_LABELS.get(  # type: ignore[attr-defined]
            follow_up.agreement_type, follow_up.agreement_type
        )
    return rows
