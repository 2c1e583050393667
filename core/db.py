"""Query helpers: for multi-valued choice fields stored as JSON arrays of strings, and a
column's value among an array's (PostgreSQL).

On Postgres the JSON ones compile to jsonb containment (`@>`) and overlap (`?|`), which GIN
indexes serve. The SQLite demo falls back to matching the quoted value in the JSON text.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import BaseExpression


def json_array_contains(field: str, value: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": f'"{value}"'})


def json_array_overlaps(field: str, values: Iterable[str]) -> Q:
    values = list(values)
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__has_any_keys": values})
    query = Q(pk__in=[])
    for value in values:
        query |= Q(**{f"{field}__icontains": f'"{value}"'})
    return query


class _EqualsAny(Func):
    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def equals_any(field: str, array: BaseExpression) -> Q:
    """`field = ANY(array)` (PostgreSQL; e.g. an `ArraySubquery`): the array is read first, then
    each of its values looked up in the field's index, where `field IN (subquery)` leaves the
    planner free to join the two (e.g. to walk another index of the table and hash them)."""
    return Q(_EqualsAny(F(field), array))
