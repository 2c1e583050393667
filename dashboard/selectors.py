"""What a member and a cluster staff member see on their dashboard.

Each list is one query (joins and correlated counts, no per-row queries), limited to the
LIST_LIMIT most relevant rows, so the page costs the same for one row or a thousand; a list
with more rows links to its "see all" page (`dashboard_list_page`, paginated).
"""

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext

from accounts.models import User
from clusters.models import Cluster
from core.caching import refreshed_aggregate
from core.countries import country_name
from followups.models import AgreementType, Stage
from followups.selectors import (
    INTEREST_HIGHLIGHT_AFTER,
    disputes_for_staff,
    feedback_by_opportunity,
)
from opportunities.models import (
    DeclineReason,
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
    reader_version_annotations,
)
from opportunities.selectors import (
    INTEREST_REMINDER_AFTER,
    count_subquery,
    interests_involving,
    mark_owner_visibility,
    mark_stale_interests,
    moderation_queue,
    user_interest_status,
)
from partners.models import Organization
from partners.roles import roles_of

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
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def _mark(rows: list, more: bool) -> Shortlist:
    shortlist = Shortlist(rows)
    shortlist.more = more
    return shortlist


# The reader's version of an interest row's opportunity: its title (the rows show no summary).
ROW_VERSION_FIELDS = ("reader_language", "reader_title")
# The columns an interest row shows or is marked with (`_finish`, `can_see_owner`): of dozens
# (descriptions, search documents), fewer for Django to compile and build, and Postgres to read.
ROW_COLUMNS = (
    "status",
    "created_at",
    "answered_at",
    "decline_reason",
    "organization__name",
    "organization__country",
    "organization__cluster",
    "opportunity__title",
    "opportunity__language",
    "opportunity__is_anonymous",
    "opportunity__organization__name",
    "opportunity__organization__slug",
    "opportunity__organization__country",
    "opportunity__organization__cluster",
)


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
    user: User,
    interests: QuerySet[ExpressionOfInterest] | None = None,
    *,
    owner_named: bool = False,
    accepted: bool = True,
) -> QuerySet[ExpressionOfInterest]:
    """Interest rows joined for the template. Each subquery and join left out saves Django
    milliseconds of compiling: `owner_named` when every row's owner may be named to the user
    (`_finish`), without `accepted` for a list of pending interests (no follow-up shown)."""
    if interests is None:
        interests = ExpressionOfInterest.objects.all()
    relations = ["organization", "opportunity", "opportunity__organization"]
    columns = list(ROW_COLUMNS)
    if accepted:
        relations.append("follow_up")
        columns += ["follow_up__stage", "follow_up__disputed_at"]
    # The opportunity's version in the reader's language: correlated subqueries in the same
    # query (opportunities.models.reader_version_annotations), moved onto it by `_finish`.
    version = reader_version_annotations("opportunity_id")
    annotations: dict[str, Any] = {name: version[name] for name in ROW_VERSION_FIELDS}
    annotations.update(ROW_CLUSTER_NAMES)
    if not owner_named:
        annotations["viewer_interest_status"] = user_interest_status(user, "opportunity_id")
    return interests.select_related(*relations).only(*columns).annotate(**annotations)


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

    def of_interest(self, interest: ExpressionOfInterest) -> SafeString:
        if interest.status == InterestStatus.ACCEPTED and interest.answered_at:
            return self.phrase(self.introduced, interest.answered_at)
        return self.phrase(self.sent, interest.created_at)


def _organization_row(organization: Organization, cluster_name: str, **more: Any) -> Row:
    return Row(
        name=organization.name,
        country_name=country_name(organization.country.code),
        cluster=Row(name=cluster_name),
        **more,
    )


def _interest_row(
    interest: ExpressionOfInterest, labels: dict[str, dict[str, str]], ages: Ages
) -> Row:
    """What dashboard/includes/interest_rows.html shows of an interest, marked by `_finish`."""
    opportunity = interest.opportunity
    # Selected with the row where it may be shown (accepted); None when there is none yet.
    follow_up = getattr(interest, "follow_up", None) if interest.is_introduction else None
    return Row(
        pk=interest.pk,
        status=interest.status,
        status_label=labels["status"].get(interest.status, interest.status),
        decline_reason=interest.decline_reason,
        decline_reason_label=labels["decline_reason"].get(
            interest.decline_reason, interest.decline_reason
        ),
        created_at=interest.created_at,
        answered_at=interest.answered_at,
        age=ages.of_interest(interest),
        is_overdue=interest.is_overdue,
        is_waiting_long=False,
        opportunity=Row(
            pk=opportunity.pk,
            display_title=opportunity.display_title,
            display_language=opportunity.display_language,
            owner_visible=opportunity.owner_visible,
            # The subqueries' cluster names (ROW_CLUSTER_NAMES); stubs cannot see annotations.
            organization=_organization_row(
                opportunity.organization,
                interest.owner_cluster_name,  # type: ignore[attr-defined]
                slug=opportunity.organization.slug,  # its profile's link
            ),
        ),
        organization=_organization_row(
            interest.organization,
            interest.organization_cluster_name,  # type: ignore[attr-defined]
        ),
        follow_up=None
        if follow_up is None
        else Row(
            stage_label=labels["stage"].get(follow_up.stage, follow_up.stage),
            is_disputed=follow_up.is_disputed,
        ),
    )


def _finish(
    user: User, rows: list[ExpressionOfInterest], *, owner_named: bool = False
) -> list[Row]:
    """The rows as the template shows them (`Row`): whether its owner may be named, whether it
    is late, the opportunity in the reader's version (`display_title`), labels translated.

    `owner_named` (the rows' queryset said so too): the user's organizations own every row's
    opportunity or were introduced to it, or the user moderates it (`can_see_owner`).
    """
    for interest in rows:
        if owner_named:
            interest.opportunity.owner_visible = True
        else:
            # The caller's annotation; django-stubs cannot see it through the relation.
            interest.opportunity.user_interest_status = interest.viewer_interest_status  # type: ignore[attr-defined]
        for name in ROW_VERSION_FIELDS:
            setattr(interest.opportunity, name, getattr(interest, name))
    if not owner_named:
        mark_owner_visibility(user, [interest.opportunity for interest in rows])
    mark_stale_interests(rows)
    labels = {
        "status": _translated(STATUS_LABELS),
        "decline_reason": _translated(DECLINE_REASON_LABELS),
        "stage": _translated(STAGE_LABELS),
    }
    ages = Ages()
    return [_interest_row(interest, labels, ages) for interest in rows]


def _finish_owner_named(user: User, rows: list[ExpressionOfInterest]) -> list[Row]:
    return _finish(user, rows, owner_named=True)


def my_organizations(*, user: User) -> list[Organization]:
    return list(
        Organization.objects.filter(pk__in=roles_of(user).organization_ids, is_active=True)
        .select_related("cluster")
        # What the dashboard shows of them (its list, the integrations links).
        .only("name", "slug", "cluster__name")
        .order_by("name")
    )


def _my_opportunities(user: User) -> QuerySet[Opportunity]:
    interests = ExpressionOfInterest.objects.filter(opportunity_id=OuterRef("pk"))
    return (
        Opportunity.objects.filter(organization_id__in=roles_of(user).organization_ids)
        .select_related("organization")
        # What the table shows (dashboard/includes/my_opportunities_table.html).
        .only("title", "status", "organization__name")
        .annotate(
            interest_count=count_subquery(interests),
            pending_count=count_subquery(interests.filter(status=InterestStatus.PENDING)),
        )
        .order_by("-updated_at", "-pk")
    )


def _mark_my_opportunities(user: User, rows: list[Opportunity]) -> list[Opportunity]:
    feedback = feedback_by_opportunity(opportunity_ids=[opportunity.pk for opportunity in rows])
    for opportunity in rows:
        opportunity.owner_visible = True  # the user's own organization
        opportunity.pass_reason_labels = feedback.get(opportunity.pk, [])  # type: ignore[attr-defined]
    return rows


def _received(user: User) -> QuerySet[ExpressionOfInterest]:
    # On the user's organizations' opportunities: theirs to see.
    return ExpressionOfInterest.objects.filter(
        opportunity__organization_id__in=roles_of(user).organization_ids,
        status=InterestStatus.PENDING,
    )


def _mark_received(user: User, rows: list[ExpressionOfInterest]) -> list[Row]:
    limit = timezone.now() - INTEREST_HIGHLIGHT_AFTER
    marked = _finish(user, rows, owner_named=True)
    for row in marked:
        row["is_waiting_long"] = row.created_at <= limit
    return marked


def _sent(user: User) -> QuerySet[ExpressionOfInterest]:
    return ExpressionOfInterest.objects.filter(organization_id__in=roles_of(user).organization_ids)


def _introductions(user: User) -> QuerySet[ExpressionOfInterest]:
    accepted = ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
    # Each one's owner is the user's organization, or accepted the user's: named either way.
    return interests_involving(roles_of(user).organization_ids, among=accepted)


def _staff_cluster_filter(user: User, *lookups: str) -> Q | None:
    """Rows of the user's clusters (any of `lookups`), or None for consortium admins (all)."""
    roles = roles_of(user)
    if roles.is_consortium_admin:
        return None
    condition = Q(pk__in=[])
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__in": roles.staff_cluster_ids})
    return condition


def _review(user: User) -> QuerySet[Opportunity]:
    # What the rows show (dashboard/includes/review_rows.html): not the author, nor the texts.
    return (
        moderation_queue(user=user)
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


def _overdue(user: User) -> QuerySet[ExpressionOfInterest]:
    # Opportunities of the user's clusters (or any, for consortium admins): theirs to moderate,
    # the owner named.
    queryset = ExpressionOfInterest.objects.filter(
        status=InterestStatus.PENDING,
        created_at__lte=timezone.now() - INTEREST_REMINDER_AFTER,
        opportunity__organization__is_active=True,
    )
    condition = _staff_cluster_filter(user, "opportunity__organization__cluster_id")
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset


def _cluster_introductions(user: User) -> QuerySet[ExpressionOfInterest]:
    queryset = ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
    condition = _staff_cluster_filter(
        user, "organization__cluster_id", "opportunity__organization__cluster_id"
    )
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset


@dataclass(frozen=True)
class InterestRows:
    """How an interest list's rows are read (`_interests_with_opportunity`) and ordered."""

    order: tuple[str, ...]
    owner_named: bool = False
    accepted: bool = True


# Oldest first (waiting the longest), the latest sent, the latest introduced.
OLDEST_FIRST = InterestRows(("created_at", "pk"), owner_named=True, accepted=False)
LATEST_SENT = InterestRows(("-created_at", "-pk"))
LATEST_INTRODUCED = InterestRows(("-answered_at", "-pk"))


@dataclass(frozen=True)
class DashboardList:
    """One list of the dashboard: its rows (a queryset), what marks them for the templates,
    and whether it is a staff list (else a member's). An interest list's `rows` are the
    interests it shows, read and ordered as `interest_rows` says (`queryset`)."""

    name: str
    rows: Callable[[User], QuerySet]
    mark: Callable[[User, list], list]
    staff: bool
    # "opportunities" (a table of the user's own), "review" (awaiting review) or the side of
    # an interest row (dashboard/includes/interest_rows.html)
    kind: str
    interest_rows: InterestRows | None = None

    def queryset(self, user: User) -> QuerySet:
        if self.interest_rows is None:
            return self.rows(user)
        return _interests_with_opportunity(
            user,
            self.rows(user).order_by(*self.interest_rows.order),
            owner_named=self.interest_rows.owner_named,
            accepted=self.interest_rows.accepted,
        )


LISTS = {
    item.name: item
    for item in [
        DashboardList("opportunities", _my_opportunities, _mark_my_opportunities, False, "mine"),
        DashboardList("received", _received, _mark_received, False, "received", OLDEST_FIRST),
        DashboardList("sent", _sent, _finish, False, "sent", LATEST_SENT),
        DashboardList(
            "introductions",
            _introductions,
            _finish_owner_named,
            False,
            "introduction",
            # Each one's owner is the user's organization, or accepted the user's.
            InterestRows(LATEST_INTRODUCED.order, owner_named=True),
        ),
        DashboardList("review", _review, _mark_review, True, "review"),
        DashboardList("overdue", _overdue, _finish_owner_named, True, "overdue", OLDEST_FIRST),
        DashboardList(
            "cluster-introductions",
            _cluster_introductions,
            _finish,
            True,
            "introduction",
            LATEST_INTRODUCED,
        ),
    ]
}
MEMBER_INTEREST_LISTS = ("received", "sent", "introductions")
STAFF_INTEREST_LISTS = ("overdue", "cluster-introductions")


def _first_rows(name: str, user: User) -> Shortlist:
    item = LISTS[name]
    rows, more = _shortlist(item.queryset(user), LIST_LIMIT)
    return _mark(item.mark(user, rows), more)


def _in_order(rows: list, order: tuple[str, ...]) -> list:
    """The rows as `order_by(*order)` returns them on Postgres (NULL after every value)."""
    for field in reversed(order):
        name = field.removeprefix("-")
        rows.sort(
            key=lambda row: (getattr(row, name) is None, getattr(row, name)),
            reverse=field.startswith("-"),
        )
    return rows


def _interest_lists(user: User, names: list[str]) -> dict[str, Shortlist]:
    """The first rows of these interest lists in two queries, not one a list: the keys of
    each list's first rows (each list's own ordered and limited query, as a subquery, in one
    UNION), then every row at once, its columns, joins and subqueries built and compiled by
    Django once (~3 ms of CPU a list), each list's rows put back in its order.

    The rows are read as the lists' `interest_rows` need them together: the viewer's interest
    status when a list does not name every owner, the follow-up when it shows introductions.
    """
    items = [LISTS[name] for name in names]
    parts = [
        ExpressionOfInterest.objects.filter(
            # Ordered and limited in a subquery: SQLite refuses ORDER BY in a UNION's parts.
            pk__in=item.rows(user)
            .order_by(*item.interest_rows.order)
            .values("pk")[: LIST_LIMIT + 1]
        )
        .order_by()
        .values_list("pk", Value(item.name))
        for item in items
        if item.interest_rows is not None
    ]
    keys: dict[str, list[int]] = {name: [] for name in names}
    for pk, name in parts[0].union(*parts[1:], all=True):
        keys[name].append(pk)
    specs = [item.interest_rows for item in items if item.interest_rows is not None]
    rows = {
        row.pk: row
        for row in _interests_with_opportunity(
            user,
            ExpressionOfInterest.objects.filter(pk__in={pk for pks in keys.values() for pk in pks}),
            owner_named=all(spec.owner_named for spec in specs),
            accepted=any(spec.accepted for spec in specs),
        )
    }
    lists = {}
    for item, spec in zip(items, specs, strict=True):
        ordered = _in_order([rows[pk] for pk in keys[item.name] if pk in rows], spec.order)
        lists[item.name] = _mark(item.mark(user, ordered[:LIST_LIMIT]), len(ordered) > LIST_LIMIT)
    return lists


def dashboard_list_page(*, name: str, user: User, page: str | None) -> Page:
    """A page of one dashboard list ("see all"), its rows marked like the dashboard's."""
    item = LISTS[name]
    result = Paginator(item.queryset(user), SEE_ALL_PER_PAGE).get_page(page)
    result.object_list = item.mark(user, list(result.object_list))
    return result


def my_opportunities(*, user: User) -> Shortlist:
    """The opportunities of the user's organizations, with their interest counts."""
    return _first_rows("opportunities", user)


def interest_lists(*, user: User) -> dict[str, Shortlist]:
    """The interest lists the user's dashboard shows, by context name: a member's received
    (awaiting an answer, oldest first; those waiting over 7 days marked `is_waiting_long`),
    sent and introductions; a staff member's overdue (unanswered for over 14 days, of the
    cluster's opportunities) and cluster introductions (either side in the cluster)."""
    roles = roles_of(user)
    names: list[str] = []
    if roles.is_member:
        names += MEMBER_INTEREST_LISTS
    if roles.is_cluster_staff or roles.is_consortium_admin:
        names += STAFF_INTEREST_LISTS
    if not names:
        return {}
    return {name.replace("-", "_"): rows for name, rows in _interest_lists(user, names).items()}


def review_queue(*, user: User) -> Shortlist:
    return _first_rows("review", user)


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


def compute_cluster_figures() -> list[ClusterFigureRow]:
    """Every cluster: members, published opportunities, interests, introductions, cross-border
    (one query; interests and introductions count when the cluster is on either side)."""
    cluster = OuterRef("pk")
    interests = ExpressionOfInterest.objects.filter(
        Q(opportunity__organization__cluster_id=cluster) | Q(organization__cluster_id=cluster)
    )
    introductions = interests.filter(status=InterestStatus.ACCEPTED)
    rows = (
        Cluster.objects.annotate(
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
        )
        .order_by("name")
        .values_list(*(f.name for f in fields(ClusterFigureRow)))
    )
    return [ClusterFigureRow(*row) for row in rows]


# ~0.2 s at consortium scale: refreshed by the beat task (core.tasks) before it expires, so no
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
