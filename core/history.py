"""Who made a change, for django-simple-history."""

from typing import Any

from django.db import models

from core.audit import acting_user, current_via


def history_user_set(instance: models.Model, user: Any) -> None:
    """Name the user that simple_history records for the next `save()`/`delete()` of
    `instance` (its documented `_history_user` attribute). Without a signed-in user (imports,
    demo data) simple_history keeps its own default. Through an API key, the key is the
    record's change reason (core.audit)."""
    if acting_user(user) is not None:
        setattr(instance, "_history_user", user)  # noqa: B010 (not a declared attribute)
    via = current_via()
    if via:
        setattr(instance, "_change_reason", via)  # noqa: B010 (simple_history's attribute)
