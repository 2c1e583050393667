"""Full-text search in the portal's six languages, shared by the directory, the marketplace
and the matching engine.

Postgres does the work, with the SQL functions of core migration 0001:
- `wlscc_search_document(text, language)` builds a text's document: Latin words stemmed with
  the configuration of the text's language (English, or German / French with accents
  ignored), and overlapping character bigrams of its Chinese, Japanese and Korean runs. The
  search triggers of organizations and opportunities weight one per field.
- `wlscc_search_query(query)` turns a web-search query (words, "phrases", OR, -word) into a
  tsquery: its CJK runs become phrases of the same bigrams, its Latin words are stemmed as
  English, German and French (any of them may match).
The SQLite demo has none of this: every word must appear in one of the fallback fields.
"""

import re
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Window

# Han (with 々〆), Kana and Hangul, as in the SQL function wlscc_cjk_class().
CJK_RUN = re.compile(
    "[\u3005\u3006\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\U00020000-\U0003134f]+"
)
# A word of an alphabetic script: letters only, CJK runs excluded.
LATIN_WORD = re.compile(rf"(?:(?!{CJK_RUN.pattern})[^\W\d_])+")


class MultilingualSearchQuery(SearchQuery):
    """`wlscc_search_query(value)`: web-search syntax against documents of any language."""

    def __init__(self, value, **kwargs) -> None:
        super().__init__(value, search_type="websearch", **kwargs)
        self.function = "wlscc_search_query"


def significant_terms(text: str, *, limit: int) -> list[str]:
    """Terms that stand for what a short text (a title) is about, for an OR query.

    Latin words of four letters or more, and in CJK runs every three consecutive characters
    (a bigram phrase of two: long enough to be specific, short enough to be found).
    """
    terms = [word.lower() for word in LATIN_WORD.findall(text) if len(word) >= 4]
    for run in CJK_RUN.findall(text):
        if len(run) <= 3:
            terms.append(run)
        else:
            terms.extend(run[i : i + 3] for i in range(len(run) - 2))
    return list(dict.fromkeys(terms))[:limit]


# Relevance is ranked among the newest matches only: `ts_rank` reads each match's whole document
# (TOASTed), so ranking every one of ~8,000 hits of a common term costs ~100 ms. A list sorted by
# relevance is these candidates ("over 500 results"; sorting by date lists every match).
RANKED_CANDIDATES = 500


def rank_within_newest(queryset: QuerySet, newest_first: Sequence, ranked: Sequence) -> QuerySet:
    """`queryset` (a `full_text_search` result) restricted to its RANKED_CANDIDATES newest rows
    (`newest_first`), ordered by `ranked` ("-rank", ...). One more row is kept so that a list
    page's capped count (`core.listing.CappedPaginator(cap=RANKED_CANDIDATES)`) reads "over".

    Each row carries `candidate_count`, the number of candidates (`COUNT(*) OVER ()`): a list
    page reads its count from the rows of the page instead of searching a second time."""
    newest = queryset.order_by(*newest_first).values("pk")[: RANKED_CANDIDATES + 1]
    return (
        queryset.filter(pk__in=newest)
        .annotate(candidate_count=Window(Count("pk")))
        .order_by(*ranked)
    )


def full_text_search(queryset: QuerySet, text: str, *, fallback_fields: Iterable[str]) -> QuerySet:
    """Rows matching `text`, annotated with `rank` on Postgres.

    Postgres: `websearch` syntax over the trigger-maintained `search_vector` (GIN index).
    The SQLite demo: every word must appear in one of `fallback_fields`.
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = MultilingualSearchQuery(text)
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
