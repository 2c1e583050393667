"""Row locks for the services that change a row they were handed."""

from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def lock_and_reload(instance: M) -> M:
    """Lock the row (`SELECT … FOR UPDATE`, held until the caller's transaction ends) and reload
    its fields into `instance`, so that two concurrent changes cannot both pass checks made on a
    stale copy. One query; relations the caller loaded are kept (services never move them)."""
    model = type(instance)
    fresh = model._default_manager.select_for_update().get(pk=instance.pk)
    for field in model._meta.concrete_fields:
        setattr(instance, field.attname, getattr(fresh, field.attname))
    return instance
