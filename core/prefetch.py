"""Prefetching only the relations a row has.

A detail page prefetches each of its object's lists (one query each), though most objects have
none in most of them. The query that reads the object can tell which it has (an `Exists`
annotation each, an index probe); `prefetch_present` then reads only those and records the others
as empty, as `prefetch_related` would after reading no row, so `obj.<relation>.all()` reads nothing.
Both go through `prefetch_related_objects`: an empty list is a `Prefetch` of an empty queryset
(`.none()`), which Django evaluates without a query.
"""

from collections.abc import Mapping

from django.db.models import Exists, Model, OuterRef, Prefetch, QuerySet, prefetch_related_objects


def has_rows(related: QuerySet, field: str) -> Exists:
    """`Exists` of the rows of `related` whose `field` points to the outer row."""
    return Exists(related.filter(**{field: OuterRef("pk")}))


def prefetch_present(instance: Model, relations: Mapping[str, bool]) -> None:
    """Prefetch each of `instance`'s related lists flagged True (as `prefetch_related` does),
    and record each flagged False as empty without a query."""
    lookups = [
        name if has_any else Prefetch(name, queryset=getattr(instance, name).none())
        for name, has_any in relations.items()
    ]
    prefetch_related_objects([instance], *lookups)
