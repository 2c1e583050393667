"""Model field helpers: each key states its target, label, reverse name and delete rule in one
line, the same way everywhere.

A helper returns the plain Django field with the same arguments as the long form, so a model
that uses it has the same schema and migrations (`makemigrations --check` stays clean), and
its type names the target model as `models.ForeignKey(...)` would (pass the model class; the
user model is `accounts.models.User`, which migrations still write as AUTH_USER_MODEL).
"""

from collections.abc import Callable
from functools import partialmethod
from typing import Any, TypeVar, cast

from django.db import models
from django.utils.encoding import force_str

_M = TypeVar("_M", bound=models.Model)


def foreign_key(
    to: type[_M],
    verbose_name: Any,
    related_name: str,
    *,
    on_delete: Any = models.CASCADE,
    **options: Any,
) -> "models.ForeignKey[_M, _M]":
    """A key to the row this one belongs to; deleted with it unless `on_delete` says otherwise."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, on_delete=on_delete, related_name=related_name, **options
    )


def optional_key(
    to: type[_M], verbose_name: Any, related_name: str, **options: Any
) -> "models.ForeignKey[_M | None, _M | None]":
    """A `foreign_key` that may be empty (null in the database, blank in forms)."""
    key = foreign_key(to, verbose_name, related_name, **{"null": True, "blank": True, **options})
    return cast("models.ForeignKey[_M | None, _M | None]", key)


def weak_key(
    to: type[_M], verbose_name: Any, related_name: str, **options: Any
) -> "models.ForeignKey[_M | None, _M | None]":
    """A key that outlives its target (a former author, a deleted account): SET_NULL, so null,
    and blank unless `blank=False` says a form must fill it."""
    return optional_key(to, verbose_name, related_name, on_delete=models.SET_NULL, **options)


def fast_choice_displays(model: type[_M]) -> type[_M]:
    """Class decorator: the model's `get_<field>_display()` look the label up in a dict built
    once, with the same result as Django's.

    Django's version rebuilds `dict(make_hashable(field.flatchoices))` on every call, and
    hashing the lazy labels translates each of them: ~0.3 ms for one label, twice per card
    of a 20-card result list. A method the model defines itself is left alone, as Django does.
    """
    for field in model._meta.local_fields:
        name = f"get_{field.name}_display"
        if not isinstance(field.choices, list | tuple) or not isinstance(
            model.__dict__.get(name), partialmethod
        ):
            continue
        setattr(model, name, _display_method(field))
    return model


def _display_method(field: models.Field) -> Callable[[models.Model], Any]:
    labels = dict(field.flatchoices)

    def display(self: models.Model) -> Any:
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field): Django's way
            return self._get_FIELD_display(field)
        return force_str(label, strings_only=True)

    display.__name__ = f"get_{field.name}_display"
    return display
