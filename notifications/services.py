"""Writes of the notification centre: read marks, e-mail preferences, one-click unsubscribe."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from matching.models import Alert

from . import emails
from .models import (
    PREFERENCE_KINDS,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from .preferences import effective_deliveries

UNKNOWN_CHOICE = _("“%(value)s” is not a valid choice.")


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_update(*, user: User, deliveries: dict[str, str]) -> None:
    rows = []
    for kind, delivery in deliveries.items():
        if kind not in PREFERENCE_KINDS or delivery not in Delivery.values:
            raise ValidationError({kind: UNKNOWN_CHOICE % {"value": delivery}})
        rows.append(NotificationPreference(user=user, kind=kind, delivery=delivery))
    NotificationPreference.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery", "updated_at"],
    )


@transaction.atomic
def unsubscribe(*, user: User, scope: str) -> list[str]:
    """Turn e-mail off for one kind, or for everything a digest brings. Returns the kinds."""
    if scope in emails.DIGEST_SCOPES:
        frequency = emails.DIGEST_SCOPES[scope]
        deliveries = effective_deliveries(user_ids=[user.pk], kinds=PREFERENCE_KINDS)
        kinds = [kind for kind in PREFERENCE_KINDS if deliveries[(user.pk, kind)] == frequency]
        if Alert.objects.filter(owner=user, frequency=frequency, is_active=True).exists():
            kinds.append(NotificationKind.NEW_MATCH)
        kinds = list(dict.fromkeys(kinds))
    else:
        kinds = [scope]
    notification_preferences_update(user=user, deliveries=dict.fromkeys(kinds, Delivery.OFF))
    return kinds
