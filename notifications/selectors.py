from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.http import Http404

from accounts.models import User
from core.precompiled import PrecompiledQuery

from .models import PREFERENCE_KINDS, Notification
from .preferences import effective_deliveries


def _unread_counts(user_id: int) -> QuerySet[Any, tuple[int]]:
    """The recipient's one row of (count), none without unread notifications."""
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
    return unread.order_by().values("recipient_id").annotate(n=Count("*")).values_list("n")


# The navigation of every signed-in page shows it: compiled once, not per request.
_UNREAD_COUNTS = PrecompiledQuery(_unread_counts, 0)


def unread_count(user: User | AnonymousUser) -> int:
    """One cheap query (served by the partial unread index)."""
    if not user.is_authenticated:
        return 0
    rows = _UNREAD_COUNTS.rows(user.pk)
    return rows[0][0] if rows else 0


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
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


def notification_preferences(*, user: User) -> dict[str, str]:
    """The delivery of every kind a user chooses for, in the kinds' order. One query."""
    deliveries = effective_deliveries(user_ids=[user.pk], kinds=PREFERENCE_KINDS)
    return {kind: deliveries[(user.pk, kind)] for kind in PREFERENCE_KINDS}
