"""Reads of the marketplace: what a given user may see, already joined for the templates.

Anonymity: a template shows an owner only through `opportunity.owner_visible`, which
`mark_owner_visibility` sets on every opportunity a page renders (no query per row).
"""

import datetime
import functools
import operator
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from clusters.models import TechnologyArea
from core import semantic
from core.db import equals_any
from core.precompiled import PrecompiledQuery
from core.prefetch import has_rows, prefetch_present
from core.translations import VersionLink, show_version
from partners.models import Contact, ContactVisibility, Organization
from partners.permissions import can_view_organization
from partners.roles import roles_of

from .filters import SEARCH_FIELDS, OpportunityFilter
from .models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityAttachment,
    OpportunityStatus,
    OpportunityTranslation,
    with_reader_version,
)
from .permissions import ARCHIVED_STATUSES, can_see_owner
from .scoring import Completeness, completeness
from .semantic import KIND as SEMANTIC_KIND
from .semantic import SIMILAR_THRESHOLD
from .semantic import THRESHOLD as SEMANTIC_THRESHOLD

# An expression of interest unanswered this long is flagged to the owner and its cluster staff.
INTEREST_REMINDER_AFTER = datetime.timedelta(days=14)
SIMILAR_COUNT = 4
# Nearest neighbours read for "similar opportunities": enough to keep four published ones
# that this user may see.
SIMILAR_CANDIDATES = 40
# Without the semantic index, similar opportunities are ranked among the newest that share an
# area: ranking every one (thousands at consortium scale) cost ~200 ms a page.
SIMILAR_BY_AREAS_CANDIDATES = 200
# ...and those are found among the newest links of each of its areas (opp_area_links_idx):
# finding them by walking every published opportunity and probing its areas read 1,900 rows
# for a common area and over 10,000 for a rare one (30-75 ms at consortium scale).
SIMILAR_LINKS_PER_AREA = 200
# Contacts an introduced partner may see (never `private`).
INTRODUCTION_VISIBILITIES = (ContactVisibility.MEMBERS, ContactVisibility.INTRODUCED)

AnyUser = User | AnonymousUser


def count_subquery(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated queryset as an annotation (no GROUP BY on the outer query)."""
    counted = queryset.order_by().values(total=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def user_interest_status(user: AnyUser, opportunity_ref: str = "pk") -> Subquery | Value:
    """The state of the interest sent by the user's organizations (accepted wins), or NULL."""
    return interest_status_of(roles_of(user).organization_ids, opportunity_ref)


def interest_status_of(
    organization_ids: Collection[int], opportunity_ref: str = "pk"
) -> Subquery | Value:
    """The state of the interest sent by these organizations (accepted wins), or NULL."""
    if not organization_ids:
        return Value(None, output_field=CharField())
    mine = ExpressionOfInterest.objects.filter(
        opportunity_id=OuterRef(opportunity_ref), organization_id__in=organization_ids
    ).order_by(Case(When(status=InterestStatus.ACCEPTED, then=0), default=1), "created_at")
    return Subquery(mine.values("status")[:1], output_field=CharField())


def _areas_prefetch(lookup: str = "technology_areas") -> Prefetch:
    return Prefetch(lookup, queryset=TechnologyArea.objects.order_by("position", "name"))


def _with_relations(queryset: QuerySet[Opportunity], user: AnyUser) -> QuerySet[Opportunity]:
    return (
        queryset.select_related("organization", "organization__cluster")
        # The search documents (trigger-built, kilobytes each) are never shown.
        .defer("search_vector", "organization__search_vector")
        .prefetch_related(_areas_prefetch())
        .annotate(user_interest_status=user_interest_status(user))
    )


def mark_owner_visibility(user: AnyUser, opportunities: Iterable[Opportunity]) -> None:
    for opportunity in opportunities:
        opportunity.owner_visible = can_see_owner(user, opportunity)


def marketplace_queryset(*, user: AnyUser) -> QuerySet[Opportunity]:
    """Published, unexpired opportunities of active organizations that this user may see."""
    return _open_to(authenticated=roles_of(user).is_authenticated, today=timezone.localdate())


def _open_to(*, authenticated: bool, today: datetime.date) -> QuerySet[Opportunity]:
    queryset = Opportunity.objects.open(today)
    if not authenticated:
        # Visitors see only opportunities whose owner is public (PRODUCT.md, roles table).
        queryset = queryset.filter(is_anonymous=False)
    return queryset


def opportunity_filterset(*, filters: Mapping[str, Any] | None, user: AnyUser) -> OpportunityFilter:
    """The bound FilterSet (its form renders the filters; its `qs` is the result), each row
    with its version in the reader's language (`with_reader_version`)."""
    return OpportunityFilter(
        filters if filters is not None else {},
        queryset=with_reader_version(_with_relations(marketplace_queryset(user=user), user)),
    )


def opportunity_list(*, filters: Mapping[str, Any] | None, user: AnyUser) -> QuerySet[Opportunity]:
    return opportunity_filterset(filters=filters, user=user).qs


def opportunity_get_to_act(*, pk: int, user: AnyUser) -> Opportunity | None:
    """One opportunity with what `can_view_opportunity` and the services read (its
    organization and cluster, the user's interest), or None: for a form that acts on it and
    redirects. Not what only its page shows (areas, author, attachments, translations): one
    query instead of two to four."""
    return (
        Opportunity.objects.select_related("organization", "organization__cluster")
        .defer("search_vector", "organization__search_vector")
        .annotate(user_interest_status=user_interest_status(user))
        .filter(pk=pk)
        .first()
    )


def opportunity_get(*, pk: int, user: AnyUser) -> Opportunity | None:
    """One opportunity with what its page needs, or None. Check `can_view_opportunity` next.
    Its attachments and translations are read only if it has some (most have none)."""
    opportunity = (
        _with_relations(Opportunity.objects.all(), user)
        .select_related("author")
        .annotate(
            has_attachments=has_rows(OpportunityAttachment.objects.all(), "opportunity"),
            has_translations=has_rows(OpportunityTranslation.objects.all(), "opportunity"),
        )
        .filter(pk=pk)
        .first()
    )
    if opportunity is not None:
        prefetch_present(
            opportunity,
            {
                "attachments": opportunity.has_attachments,
                "translations": opportunity.has_translations,
            },
        )
    return opportunity


def opportunity_semantic_hits(*, filterset: OpportunityFilter, user: AnyUser) -> list[Opportunity]:
    """The "Similar in other languages" section: the opportunities closest in meaning to the
    search text that the keyword search missed, in any language, within the other filters."""
    hits = semantic.semantic_section(
        kind=SEMANTIC_KIND,
        text=filterset.search_text,
        candidates=filterset.qs_without_search,
        fallback_fields=SEARCH_FIELDS,
        threshold=SEMANTIC_THRESHOLD,
    )
    mark_owner_visibility(user, hits)
    return hits


def opportunity_versions(*, opportunity_id: int) -> dict[str, dict[str, str]]:
    """The opportunity's translations for a notification's payload (`versions`), so that each
    recipient's e-mail quotes the version in their language: {language: {title, summary}}."""
    return opportunities_versions(opportunity_ids=[opportunity_id]).get(opportunity_id, {})


def opportunities_versions(
    *, opportunity_ids: Iterable[int]
) -> dict[int, dict[str, dict[str, str]]]:
    """`opportunity_versions` of several opportunities in one query (the reminders' batch):
    {opportunity id: {language: {title, summary}}}, none for an untranslated one."""
    rows = OpportunityTranslation.objects.filter(opportunity_id__in=list(opportunity_ids))
    versions: dict[int, dict[str, dict[str, str]]] = {}
    for opportunity_id, language, title, summary in rows.order_by(
        "opportunity_id", "language"
    ).values_list("opportunity_id", "language", "title", "summary"):
        versions.setdefault(opportunity_id, {})[language] = {"title": title, "summary": summary}
    return versions


def opportunity_show_version(
    *, opportunity: Opportunity, requested: str | None, reader: str
) -> list[VersionLink]:
    """Choose the version the detail page shows (`?lang=`, else the reader's language, else
    the original) from the prefetched translations; the "also in" links."""
    return show_version(
        opportunity,
        opportunity.translations.all(),
        fields=("title", "summary"),
        requested=requested,
        reader=reader,
    )


def similar_opportunities(*, opportunity: Opportunity, user: AnyUser) -> list[Opportunity]:
    """The published opportunities closest in content to this one (to any version of them),
    in any language, each in the reader's version: its stored embedding's nearest neighbours
    (three queries: its vector, the rows newer than the index, the four with their areas).
    Without the semantic index (or before the worker embedded it): those sharing the most
    technology areas."""
    vector = (
        semantic.stored_vector(SEMANTIC_KIND, opportunity.pk)
        if semantic.available(SEMANTIC_KIND)
        else None
    )
    hits = (
        semantic.nearest(SEMANTIC_KIND, vector, limit=SIMILAR_CANDIDATES)
        if vector is not None
        else None
    )
    if hits is None:
        return _similar_by_areas(opportunity=opportunity, user=user)
    ids = [
        h.object_id for h in hits if h.object_id != opportunity.pk and h.score >= SIMILAR_THRESHOLD
    ]
    # Each in the reader's version where its author translated it (annotations, no query).
    candidates = with_reader_version(_with_relations(marketplace_queryset(user=user), user))
    similar = list(semantic.in_rank_order(candidates, ids)[:SIMILAR_COUNT])
    mark_owner_visibility(user, similar)
    return similar


def _newest_area_links(area_ids: list[int]) -> QuerySet:
    """The opportunities of the SIMILAR_LINKS_PER_AREA newest links of each area (the highest
    opportunity ids: a bounded read of opp_area_links_idx per area), as a subquery of ids."""
    through = Opportunity.technology_areas.through
    if not connection.features.supports_slicing_ordering_in_compound:
        # The SQLite demo (no LIMIT inside a UNION) is small enough to read every link.
        return through.objects.filter(technologyarea_id__in=area_ids).values("opportunity_id")
    parts = [
        through.objects.filter(technologyarea_id=area_id)
        .order_by("-opportunity_id")
        .values("opportunity_id")[:SIMILAR_LINKS_PER_AREA]
        for area_id in area_ids
    ]
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


# The ranking of similar opportunities by shared areas, compiled once per process for each
# shape of its SQL (see _similar_ranking); the day's only: the date is written into it.
_SIMILAR_RANKINGS: dict[tuple, PrecompiledQuery] = {}


def _similar_ranking(
    *, area_count: int, authenticated: bool, today: datetime.date
) -> PrecompiledQuery:
    """The ids of the SIMILAR_COUNT opportunities that share the most of an opportunity's
    `area_count` areas (then the newest), among the newest candidates of each area that a
    reader (signed in or not) may see, as a compiled query: building and compiling it cost
    ~4 ms of CPU a page, more than running it. Its parameters: the opportunity's id, then its
    area ids twice (the candidates' areas, then the areas counted as shared: one placeholder
    each, as PrecompiledQuery asks)."""
    bounds = (SIMILAR_COUNT, SIMILAR_BY_AREAS_CANDIDATES, SIMILAR_LINKS_PER_AREA)
    key = (area_count, authenticated, today, bounds)
    ranking = _SIMILAR_RANKINGS.get(key)
    if ranking is None:
        if any(other[2] != today for other in _SIMILAR_RANKINGS):
            _SIMILAR_RANKINGS.clear()

        def build(opportunity_id: int, *area_ids: int) -> QuerySet:
            candidate_areas, counted_areas = area_ids[:area_count], area_ids[area_count:]
            candidates = (
                _open_to(authenticated=authenticated, today=today)
                .exclude(pk=opportunity_id)
                .filter(pk__in=_newest_area_links(list(candidate_areas)))
                .order_by(*_SIMILAR_NEWEST)
                .values("pk")[:SIMILAR_BY_AREAS_CANDIDATES]
            )
            return (
                Opportunity.objects.filter(pk__in=candidates)
                .annotate(shared_areas=count_subquery(_shared_areas(list(counted_areas))))
                .order_by(*_SIMILAR_ORDER)
                .values("pk")[:SIMILAR_COUNT]
            )

        # Negative ids: no constant of the query equals one (its only integer is COALESCE's 0).
        placeholders = range(-1, -2 - 2 * area_count, -1)
        ranking = _SIMILAR_RANKINGS[key] = PrecompiledQuery(build, *placeholders)
    return ranking


_SIMILAR_NEWEST = ("-published_at", "-pk")
_SIMILAR_ORDER = ("-shared_areas", *_SIMILAR_NEWEST)


def _shared_areas(area_ids: list[int]) -> QuerySet:
    """The links of the opportunity of the outer row to `area_ids`."""
    through = Opportunity.technology_areas.through
    return through.objects.filter(opportunity_id=OuterRef("pk"), technologyarea_id__in=area_ids)


def _similar_by_areas(*, opportunity: Opportunity, user: AnyUser) -> list[Opportunity]:
    """Published opportunities sharing technology areas, the most shared first (two queries)."""
    area_ids = [area.pk for area in opportunity.technology_areas.all()]
    if not area_ids:
        return []
    ranking = _similar_ranking(
        area_count=len(area_ids),
        authenticated=roles_of(user).is_authenticated,
        today=timezone.localdate(),
    )
    # The best few are ranked on narrow rows among the newest candidates; only they are loaded
    # with their relations, in the same query.
    sql, params = ranking.statement(opportunity.pk, *area_ids, *area_ids)
    best = RawSQL(sql, params, output_field=IntegerField())  # noqa: S611  # nosec B611
    similar: list[Opportunity] = list(
        with_reader_version(Opportunity.objects.filter(pk__in=best))
        .select_related("organization", "organization__cluster")
        .defer("search_vector", "organization__search_vector")
        .prefetch_related(_areas_prefetch())
        .annotate(
            shared_areas=count_subquery(_shared_areas(area_ids)),
            user_interest_status=user_interest_status(user),
        )
        .order_by(*_SIMILAR_ORDER)
    )
    mark_owner_visibility(user, similar)
    return similar


def opportunity_completeness(opportunity: Opportunity) -> Completeness:
    return completeness(
        summary=opportunity.summary,
        technology_area_count=len(opportunity.technology_areas.all()),
        stage=opportunity.stage,
        trl=opportunity.trl,
        ip_status=opportunity.ip_status,
        collaboration_types=opportunity.collaboration_types,
        target_countries=opportunity.target_countries,
    )


def moderation_queue(*, user: AnyUser) -> QuerySet[Opportunity]:
    """Opportunities waiting for this user's review, the longest-waiting first."""
    roles = roles_of(user)
    return moderation_queue_of(
        cluster_ids=None if roles.is_consortium_admin else roles.staff_cluster_ids
    )


def moderation_queue_of(*, cluster_ids: Collection[int] | None) -> QuerySet[Opportunity]:
    """Opportunities of these clusters (None: every cluster) waiting for review, the
    longest-waiting first."""
    queryset = Opportunity.objects.filter(
        status=OpportunityStatus.SUBMITTED, organization__is_active=True
    )
    if cluster_ids is not None:
        queryset = queryset.filter(organization__cluster_id__in=cluster_ids)
    return queryset.select_related("organization", "organization__cluster", "author").order_by(
        "submitted_at", "pk"
    )


def opportunity_interests(*, opportunity: Opportunity) -> list[ExpressionOfInterest]:
    """The interests an owner answers: pending first, then the most recent."""
    interests: list[ExpressionOfInterest] = list(
        opportunity.interests.select_related("organization", "organization__cluster", "author")
        .annotate(
            is_pending=Case(
                When(status=InterestStatus.PENDING, then=0), default=1, output_field=IntegerField()
            )
        )
        .order_by("is_pending", "-created_at")
    )
    mark_stale_interests(interests)
    return interests


def my_interest(*, opportunity: Opportunity, user: AnyUser) -> list[ExpressionOfInterest]:
    """The interests the user's organizations sent for this opportunity."""
    organization_ids = roles_of(user).organization_ids
    if not organization_ids:
        return []
    return list(
        opportunity.interests.filter(organization_id__in=organization_ids)
        .select_related("organization")
        .defer("organization__search_vector")
        .order_by("created_at")
    )


def interest_organization_ids(
    *, opportunity: Opportunity, user: AnyUser, exclude: Iterable[int] = ()
) -> frozenset[int]:
    """The ids of the user's organizations that may still express interest in this opportunity
    (the roles hold the user's active organizations: no query)."""
    organization_ids = roles_of(user).organization_ids - {opportunity.organization_id}
    return organization_ids - frozenset(exclude)


def interest_organizations(*, organization_ids: Iterable[int]) -> QuerySet[Organization]:
    """Those organizations (`interest_organization_ids`) as the interest form lists them."""
    return (
        Organization.objects.filter(pk__in=list(organization_ids), is_active=True)
        .defer("search_vector")
        .order_by("name")
    )


# The search documents (trigger-built, kilobytes each) of an interest row's relations: no list
# of interests shows them.
INTEREST_ROW_DEFERRED = (
    "organization__search_vector",
    "opportunity__search_vector",
    "opportunity__organization__search_vector",
)


def interests_involving(
    organization_ids: Iterable[int],
    *,
    among: QuerySet[ExpressionOfInterest] | None = None,
    owner_ids: Iterable[int] | None = None,
) -> QuerySet[ExpressionOfInterest]:
    """The interests these organizations sent or received (on their opportunities), of `among`
    (every interest by default). `owner_ids`: the same organizations, passed apart by a caller
    that compiles the query once (`core.precompiled`: each placeholder stands once).

    A UNION of two indexed lookups (by organization, and by the opportunity's organization): an
    OR across the opportunity join scans every interest.
    """
    interests = ExpressionOfInterest.objects.all() if among is None else among
    # Unordered parts: SQLite refuses ORDER BY inside a compound statement.
    sent, received = (
        interests.filter(condition).order_by().values("pk")
        for condition in interest_involving_conditions(organization_ids, owner_ids=owner_ids)
    )
    return ExpressionOfInterest.objects.filter(pk__in=sent.union(received))


def interest_involving_conditions(
    organization_ids: Iterable[int],
    *,
    probe_opportunities: bool = False,
    owner_ids: Iterable[int] | None = None,
) -> list[Q]:
    """`interests_involving`'s rule as its two conditions, each read from an index of its own:
    sent by these organizations, received on their opportunities.

    `probe_opportunities` (PostgreSQL): the received ones by their opportunities' ids, read
    first into an array, each looked up in the interests' opportunity index. Joined instead,
    with a bound on the interests' ids (an API cursor page), Postgres walked their primary key
    from the bound and hash-joined it (~31,000 entries for the busy organization's last page
    at bench scale, ~20 ms, against ~850 buffers for 352 lookups). `owner_ids`: as
    `interests_involving`'s."""
    organization_ids = list(organization_ids)
    owner_ids = organization_ids if owner_ids is None else list(owner_ids)
    received = Q(opportunity__organization_id__in=owner_ids)
    if probe_opportunities:
        theirs = Opportunity.objects.filter(organization_id__in=owner_ids).order_by()
        received = equals_any("opportunity_id", ArraySubquery(theirs.values("pk")))
    return [Q(organization_id__in=organization_ids), received]


def stale_interest_limit() -> datetime.datetime:
    """An interest still pending that was sent before this moment is overdue."""
    return timezone.now() - INTEREST_REMINDER_AFTER


def is_stale_interest(status: str, created_at: datetime.datetime, limit: datetime.datetime) -> bool:
    return status == InterestStatus.PENDING and created_at <= limit


def mark_stale_interests(interests: Iterable[ExpressionOfInterest]) -> None:
    limit = stale_interest_limit()
    for interest in interests:
        interest.is_overdue = is_stale_interest(interest.status, interest.created_at, limit)


def introduction_contacts(*, organization_ids: Iterable[int]) -> dict[int, list[Contact]]:
    """The contacts introduced partners see, by organization (one query).

    Call it only with organizations that are introduced to the viewer (accepted interest).
    """
    organization_ids = set(organization_ids)
    contacts: dict[int, list[Contact]] = {pk: [] for pk in organization_ids}
    if not organization_ids:
        return contacts
    for contact in Contact.objects.filter(
        organization_id__in=organization_ids, visibility__in=INTRODUCTION_VISIBILITIES
    ).order_by("position", "name"):
        contacts[contact.organization_id].append(contact)
    return contacts


def _is_introduced(organization_ids: frozenset[int], organization: Organization) -> bool:
    """An accepted expression of interest links one of the user's organizations with this one."""
    if not organization_ids:
        return False
    return (
        ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
        .filter(
            Q(opportunity__organization=organization, organization_id__in=organization_ids)
            | Q(organization=organization, opportunity__organization_id__in=organization_ids)
        )
        .exists()
    )


def organization_visible_contacts(
    *, user: User | AnonymousUser, organization: Organization
) -> list[Contact]:
    """The contact people this user may see.

    - visitors: none;
    - members of any organization and cluster staff: visibility `members`;
    - members of an organization introduced to this one (accepted expression of interest,
      either direction): also `introduced`;
    - the organization's own members, its cluster's staff, consortium admins: everything.
    """
    roles = roles_of(user)
    if not roles.is_authenticated or not can_view_organization(user, organization):
        return []
    contacts = organization.contacts.all()
    if (
        roles.is_consortium_admin
        or roles.is_member_of(organization.pk)
        or roles.is_staff_of(organization.cluster_id)
    ):
        return list(contacts)
    if not (roles.is_member or roles.is_cluster_staff):
        return []
    visibilities = [ContactVisibility.MEMBERS]
    if _is_introduced(roles.organization_ids, organization):
        visibilities.append(ContactVisibility.INTRODUCED)
    return list(contacts.filter(visibility__in=visibilities))


def opportunity_visibility_conditions(*, user: AnyUser) -> list[Q] | None:
    """`can_view_opportunity` as conditions, any of which shows an opportunity to this user
    (None: every opportunity, for consortium admins): published, their organizations' own,
    archived with their interest, their cluster's. Each can be read from an index on its own
    (api.pagination.KeysFirstCursorPagination); their OR cannot."""
    roles = roles_of(user)
    if roles.is_consortium_admin:
        return None
    published = Q(organization__is_active=True, status=OpportunityStatus.PUBLISHED)
    if not roles.is_authenticated:
        published &= Q(is_anonymous=False)
    conditions = [published]
    if roles.organization_ids:
        conditions.append(Q(organization_id__in=roles.organization_ids))
        taken_part = ExpressionOfInterest.objects.filter(
            opportunity_id=OuterRef("pk"), organization_id__in=roles.organization_ids
        )
        conditions.append(
            Q(Exists(taken_part), organization__is_active=True, status__in=ARCHIVED_STATUSES)
        )
    if roles.staff_cluster_ids:
        conditions.append(Q(organization__cluster_id__in=roles.staff_cluster_ids))
    return conditions


def opportunity_viewable_queryset(*, user: AnyUser) -> QuerySet[Opportunity]:
    """Every opportunity `can_view_opportunity` lets this user see, as one queryset (the API's
    lists); tests/api/test_visibility.py proves both agree for every persona and state."""
    conditions = opportunity_visibility_conditions(user=user)
    if conditions is None:
        return Opportunity.objects.all()
    return Opportunity.objects.filter(functools.reduce(operator.or_, conditions))


def opportunity_with_relations(
    *, queryset: QuerySet[Opportunity], user: AnyUser
) -> QuerySet[Opportunity]:
    """What a list of opportunities needs to render for this user without a query per row."""
    return _with_relations(queryset, user)
