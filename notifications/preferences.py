"""The one rule for how a user gets e-mails of a kind: their choice, else `DEFAULT_DELIVERY`
(always `DEFAULT_DELIVERY` for the kinds nobody chooses for, `KINDS_WITHOUT_PREFERENCE`)."""

from collections.abc import Iterable

from .models import DEFAULT_DELIVERY, PREFERENCE_KINDS, Delivery, NotificationPreference


def effective_deliveries(
    *, user_ids: Iterable[int], kinds: Iterable[str]
) -> dict[tuple[int, str], str]:
    """The delivery per (user, kind), defaults filled in. One query."""
    user_ids, kinds = set(user_ids), set(kinds)
    chosen = {
        (user_id, kind): delivery
        for user_id, kind, delivery in NotificationPreference.objects.filter(
            user_id__in=user_ids, kind__in=kinds & set(PREFERENCE_KINDS)
        ).values_list("user_id", "kind", "delivery")
    }
    return {
        (user_id, kind): chosen.get((user_id, kind), DEFAULT_DELIVERY[kind])
        for user_id in user_ids
        for kind in kinds
    }


def with_override(preference: str, override: str | None) -> str:
    """A notification's own delivery (an instant alert) wins, except over a kind turned off."""
    if preference == Delivery.OFF or override is None:
        return preference
    return override
