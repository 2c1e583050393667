"""Query helpers for multi-valued choice fields stored as JSON arrays of strings.

On Postgres they compile to jsonb containment (`@>`) and overlap (`?|`), which GIN indexes
serve. The SQLite demo falls back to matching the quoted value in the JSON text.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Q


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
