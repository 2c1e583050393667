"""Full-text search shared by the directory and the marketplace."""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet


def full_text_search(queryset: QuerySet, text: str, *, fallback_fields: Iterable[str]) -> QuerySet:
    """Rows matching `text`, annotated with `rank` on Postgres.

    Postgres: `websearch` syntax over the trigger-maintained `search_vector` (GIN index).
    The SQLite demo: every word must appear in one of `fallback_fields`.
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config="english")
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    fallback_fields = list(fallback_fields)
    for word in text.replace('"', " ").split():
        if word.startswith("-") or word.lower() == "or":
            continue
        condition = Q()
        for field in fallback_fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset
