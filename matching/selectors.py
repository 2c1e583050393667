from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import roles_of
from opportunities.models import OpportunityStatus

from . import texts
from .models import DEFAULT_DELIVERY, Alert, Match, Notification, NotificationPreference

RECOMMENDED_LIMIT = 5


def recommended_for(user: User | AnonymousUser, *, limit: int = RECOMMENDED_LIMIT) -> list[dict]:
    """Published opportunities matched to the user's organizations or alerts, best first.

    Each item: `opportunity`, `score` and `reasons` (rendered in the active language).
    One query (plus the memoised roles).
    """
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    # A UNION of two indexed lookups: an OR across the alert join scans every match.
    # Two indexed IN conditions (a BitmapOr on Postgres), portable to the SQLite demo.
    mine = Q(organization_id__in=roles.organization_ids) | Q(
        alert_id__in=Alert.objects.filter(owner_id=user.pk).values("pk")
    )
    matches = (
        Match.objects.filter(mine, opportunity__status=OpportunityStatus.PUBLISHED)
        .exclude(opportunity__organization_id__in=roles.organization_ids)
        .select_related("opportunity__organization")
        .order_by("-score", "-created_at", "pk")[: limit * 4]
    )
    items: dict[int, dict] = {}
    for match in matches:
        if match.opportunity_id in items:
            continue
        items[match.opportunity_id] = {
            "opportunity": match.opportunity,
            "score": match.score,
            "reasons": texts.reason_lines({"reasons": match.reasons}),
        }
        if len(items) == limit:
            break
    return list(items.values())


def unread_count(user: User | AnonymousUser) -> int:
    """One cheap query (served by the partial unread index)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet:
    notifications = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def notification_get_own(*, user: User, pk: int) -> Notification:
    """Somebody else's notification is indistinguishable from a missing one."""
    try:
        return Notification.objects.get(pk=pk, recipient_id=user.pk)
    except Notification.DoesNotExist:
        raise Http404 from None


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


def notification_preferences(*, user: User) -> dict[str, str]:
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery")
    )
    return {kind: chosen.get(kind, default) for kind, default in DEFAULT_DELIVERY.items()}
