from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.http import Http404

from accounts.models import User
from opportunities.models import OpportunityStatus, reader_version_annotations
from partners.roles import roles_of

from . import reasons
from .models import Alert, Match

RECOMMENDED_LIMIT = 5
# What an item shows (dashboard/includes/recommended.html: title in the reader's language,
# type, owner's name unless anonymous) and its reasons: not the opportunity's texts nor the
# two search documents, fewer columns for Django to compile and build, for Postgres to read.
RECOMMENDED_COLUMNS = (
    "opportunity_id",
    "score",
    "reasons",
    "opportunity__title",
    "opportunity__language",
    "opportunity__type",
    "opportunity__is_anonymous",
    "opportunity__organization__name",
)
RECOMMENDED_VERSION_FIELDS = ("reader_language", "reader_title")


def recommended_for(user: User | AnonymousUser, *, limit: int = RECOMMENDED_LIMIT) -> list[dict]:
    """Published opportunities matched to the user's organizations or alerts, best first.

    Each item: `opportunity`, `score` and `reasons` (rendered in the active language).
    One query (plus the memoised roles).
    """
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    # A UNION of two indexed lookups: an OR of the two (the alerts' ids a hashed subquery)
    # made Postgres scan every match (~50 ms at 200,000). Unordered parts: SQLite refuses ORDER
    # BY inside a compound statement.
    mine = (
        Match.objects.filter(organization_id__in=roles.organization_ids)
        .order_by()
        .values("pk")
        .union(Match.objects.filter(alert__owner_id=user.pk).order_by().values("pk"))
    )
    version = reader_version_annotations("opportunity_id")
    matches = (
        Match.objects.filter(pk__in=mine, opportunity__status=OpportunityStatus.PUBLISHED)
        .exclude(opportunity__organization_id__in=roles.organization_ids)
        .select_related("opportunity__organization")
        .only(*RECOMMENDED_COLUMNS)
        .annotate(**{name: version[name] for name in RECOMMENDED_VERSION_FIELDS})
        .order_by("-score", "-created_at", "pk")[: limit * 4]
    )
    items: dict[int, dict] = {}
    for match in matches:
        if match.opportunity_id in items:
            continue
        for name in RECOMMENDED_VERSION_FIELDS:  # the opportunity in the reader's language
            setattr(match.opportunity, name, getattr(match, name))
        items[match.opportunity_id] = {
            "opportunity": match.opportunity,
            "score": match.score,
            "reasons": reasons.render_reasons(match.reasons),
        }
        if len(items) == limit:
            break
    return list(items.values())


def alert_list(*, user: User) -> QuerySet:
    return (
        Alert.objects.filter(owner_id=user.pk)
        .annotate(match_count=Count("matches"))
        .prefetch_related("technology_areas__parent")
        .order_by("name", "pk")
    )


def alert_get_own(*, user: User, pk: int) -> Alert:
    try:
        return Alert.objects.prefetch_related("technology_areas").get(pk=pk, owner_id=user.pk)
    except Alert.DoesNotExist:
        raise Http404 from None
