"""What the API lists: the portal's own visibility selectors, joined for serialization.

Nothing here decides visibility: organizations come from `organization_visible_queryset`,
opportunities from `opportunity_viewable_queryset` (the queryset form of
`can_view_opportunity`), so a key sees exactly what its owner sees on the pages.
"""

import datetime
import functools
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from core.precompiled import PrecompiledQuery
from events.models import Event, Meeting
from events.selectors import event_visible_queryset, meeting_visible_queryset
from opportunities.models import ExpressionOfInterest, Opportunity
from opportunities.selectors import (
    INTEREST_ROW_DEFERRED,
    interest_involving_conditions,
    interests_involving,
    opportunity_viewable_queryset,
    opportunity_visibility_conditions,
    opportunity_with_relations,
    user_interest_status,
)
from partners.mfa import has_totp_subquery, totp_prime
from partners.models import Organization
from partners.roles import roles_of, roles_prime, roles_subqueries
from partners.selectors import organization_visible_queryset

from .models import ApiKey, Tombstone, TombstoneKind, WebhookEndpoint

AnyUser = User | AnonymousUser


def _areas() -> Prefetch:
    """The areas' slugs (all the API shows of them), in the taxonomy's order."""
    return Prefetch(
        "technology_areas",
        queryset=TechnologyArea.objects.only("id", "slug").order_by("position", "name"),
    )


def cluster_api_list() -> QuerySet[Cluster]:
    """The clusters' public profiles (their key figures are on the home app's pages)."""
    return Cluster.objects.prefetch_related(
        Prefetch("focus_areas", queryset=TechnologyArea.objects.order_by("position", "name"))
    )


def technology_area_api_list() -> QuerySet[TechnologyArea]:
    return TechnologyArea.objects.select_related("parent")


def organization_api_list(*, user: AnyUser) -> QuerySet[Organization]:
    # Not the search vectors: large, and never shown.
    return (
        organization_visible_queryset(user=user)
        .select_related("cluster")
        .defer("search_vector")
        .prefetch_related(_areas())
    )


def opportunity_api_list(*, user: AnyUser) -> QuerySet[Opportunity]:
    return opportunity_with_relations(
        queryset=opportunity_viewable_queryset(user=user), user=user
    ).defer("search_vector", "organization__search_vector")


def opportunity_api_conditions(*, user: AnyUser) -> list[Q]:
    """The conditions of the reader's visibility rule, when it has more than one
    (api.pagination.KeysFirstCursorPagination); else none."""
    conditions = opportunity_visibility_conditions(user=user)
    if conditions is None or len(conditions) < 2:
        return []
    return conditions


def opportunity_api_keys(*, user: AnyUser) -> QuerySet[Opportunity]:
    """The opportunities the reader may see, for their keys alone (no columns, no joins for
    them): the list of `opportunity_api_list`, whose rows `opportunity_api_rows` reads."""
    return opportunity_viewable_queryset(user=user)


def opportunity_api_rows(*, user: AnyUser) -> QuerySet[Opportunity]:
    """What the API's rows read of any opportunity for this reader (their interest's state),
    WITHOUT the visibility rule: only ever filtered by keys that `opportunity_api_keys` gave
    (api.pagination.KeysFirstCursorPagination)."""
    return Opportunity.objects.annotate(user_interest_status=user_interest_status(user))


def interest_api_list(*, user: AnyUser) -> QuerySet[ExpressionOfInterest]:
    """The interests the user's organizations sent or received (their dashboard's lists)."""
    return (
        interests_involving(roles_of(user).organization_ids)
        .defer(*INTEREST_ROW_DEFERRED)
        .select_related(
            "organization",
            "opportunity",
            "opportunity__organization",
            "opportunity__organization__cluster",
        )
        .annotate(viewer_interest_status=user_interest_status(user, "opportunity_id"))
    )


def interest_api_conditions(*, user: AnyUser) -> list[Q]:
    """The conditions of `interest_api_list`'s rule (api.pagination.InterestCursorPagination)."""
    return interest_involving_conditions(roles_of(user).organization_ids, probe_opportunities=True)


def interest_api_keys(*, user: AnyUser) -> QuerySet[ExpressionOfInterest]:
    """The interests the user's organizations sent or received, for their keys alone: the
    list of `interest_api_list`, whose rows `interest_api_rows` reads."""
    return interests_involving(roles_of(user).organization_ids)


def interest_api_rows() -> QuerySet[ExpressionOfInterest]:
    """What the API's rows read of any interest, WITHOUT the visibility rule: only ever
    filtered by keys that `interest_api_conditions` gave (api.pagination)."""
    return ExpressionOfInterest.objects.all()


def event_api_list(*, user: AnyUser) -> QuerySet[Event]:
    """Partnering events the user may see (the events pages' rules), with their organisers."""
    return event_visible_queryset(user=user)


def meeting_api_list(*, user: AnyUser) -> QuerySet[Meeting]:
    """Meetings of the participants the user may act for (their agendas).

    The visibility rule as a subquery: joined to the event, slot and both participants'
    organizations in one statement, its OR of four conditions took Postgres 12 ms to plan
    (2.5 ms this way) for a page of no rows.
    """
    visible = meeting_visible_queryset(user=user).values("pk")
    return Meeting.objects.filter(pk__in=visible).select_related(
        "event", "slot", "request__sender__organization", "request__recipient__organization"
    )


_VISIBLE: dict[str, Callable[[AnyUser], QuerySet]] = {
    TombstoneKind.ORGANIZATION: lambda user: organization_visible_queryset(user=user),
    TombstoneKind.OPPORTUNITY: lambda user: opportunity_viewable_queryset(user=user),
    TombstoneKind.EVENT: lambda user: event_visible_queryset(user=user),
    TombstoneKind.MEETING: lambda user: meeting_visible_queryset(user=user),
}


def removed_list(*, kind: str, since: datetime.datetime, user: AnyUser) -> QuerySet[Tombstone]:
    """Tombstones written after `since` whose row this user cannot see now.

    A row hidden and shown again (unverified, then verified) is not listed; a reader who still
    sees a closed opportunity (they expressed interest) does not get it as removed.
    """
    visible_ids = _VISIBLE[kind](user).values("pk")
    return Tombstone.objects.filter(kind=kind, removed_at__gt=since).exclude(
        object_id__in=visible_ids
    )


# A prefix no key has (keys' are `wk_` and 8 hex digits): stands for the prefix asked for in the
# compiled query of `api_key_get`.
_PREFIX_PLACEHOLDER = "wk_?"


def _owner_rights() -> dict:
    """What the permission checks will ask of a key's owner (roles, TOTP), as columns."""
    return {**roles_subqueries("owner_id"), "owner_has_totp": has_totp_subquery("owner_id")}


@functools.cache
def _api_keys_with_owner_rights() -> QuerySet[ApiKey]:
    # Built once per process, not per request: resolving its subqueries cost as much CPU as
    # compiling and running the whole query (~1 ms). Only ever filtered (cloned), never run.
    return ApiKey.objects.select_related("owner").annotate(**_owner_rights())


_KEY_COLUMNS = [field.attname for field in ApiKey._meta.concrete_fields]
_OWNER_COLUMNS = [field.attname for field in User._meta.concrete_fields]


def _api_key_with_owner_rights(prefix: str) -> QuerySet[ApiKey, dict[str, Any]]:
    """The key with `prefix`: its columns, its owner's (as `owner__<column>`), their rights."""
    rights = _owner_rights()
    owner_columns = (f"owner__{column}" for column in _OWNER_COLUMNS)
    return (
        ApiKey.objects.filter(prefix=prefix)
        .annotate(**rights)
        .values(*_KEY_COLUMNS, *owner_columns, *rights)[:1]
    )


# Compiled once per process: building and compiling it took ~1 ms of CPU a request and making
# its model instances through the ORM ~0.5 ms, running it ~0.2 ms.
_API_KEY = PrecompiledQuery(_api_key_with_owner_rights, _PREFIX_PLACEHOLDER)


def api_key_get(*, prefix: str) -> ApiKey | None:
    """The key with this prefix and its owner, in one query that also reads what the
    permission checks will ask of the owner (roles, TOTP): they then ask the database nothing.
    1 query instead of 3 (an organization key) or 4 (a cluster key). Not the holder (wide rows
    that only writes read, by its own query): the checks need its id alone."""
    if connection.vendor != "postgresql":
        # The SQLite demo (`make run`): its driver gives booleans and times as stored, which
        # the ORM's converters turn into Python's; the raw query below has none.
        key = _api_keys_with_owner_rights().filter(prefix=prefix).first()
        if key is not None:
            totp_prime(key.owner, key.owner_has_totp)  # type: ignore[attr-defined]
        return key
    found = _API_KEY.dicts(prefix)
    if not found:
        return None
    (row,) = found
    key = ApiKey.from_db(connection.alias, _KEY_COLUMNS, [row[name] for name in _KEY_COLUMNS])
    key.owner = User.from_db(
        connection.alias, _OWNER_COLUMNS, [row[f"owner__{name}"] for name in _OWNER_COLUMNS]
    )
    roles_prime(key.owner, SimpleNamespace(**row))
    totp_prime(key.owner, row["owner_has_totp"])
    return key


def integration_keys(*, organization=None, cluster=None) -> QuerySet:
    """The keys of one organization or one cluster, newest first, with their owners."""
    holder = {"organization": organization} if organization is not None else {"cluster": cluster}
    return ApiKey.objects.filter(**holder).select_related("owner").order_by("-created_at", "-pk")


def integration_webhooks(*, organization=None, cluster=None) -> QuerySet:
    holder = {"organization": organization} if organization is not None else {"cluster": cluster}
    return WebhookEndpoint.objects.filter(**holder).order_by("-created_at", "-pk")


DELIVERY_LOG_LENGTH = 50


def webhook_delivery_log(*, endpoint) -> list:
    return list(endpoint.deliveries.order_by("-created_at", "-pk")[:DELIVERY_LOG_LENGTH])
