"""Cursor pages in the order rows last changed: a sync can stop and resume at any page."""

import functools
import operator

from django.db import connection
from django.db.models import QuerySet
from rest_framework.pagination import CursorPagination

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class SyncCursorPagination(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("updated_at", "id")


class IdCursorPagination(SyncCursorPagination):
    """For rows listed in the order they were written (tombstones)."""

    ordering = ("id",)


class _KeysFirst:
    """A queryset whose sliced page is its rows' keys first, then those rows. The keys: each
    of `_branches` (querysets whose union is this one's rows) gives its own first rows in the
    list's order, each from an index that serves it (the first of those are the page's)."""

    _branches: list[QuerySet]

    def _clone(self):
        clone = super()._clone()  # type: ignore[misc]
        clone._branches = self._branches
        return clone

    def __getitem__(self, k):
        if not isinstance(k, slice) or k.stop is None:
            return super().__getitem__(k)  # type: ignore[misc]
        ordering = self.query.order_by  # type: ignore[attr-defined]
        first = [branch.order_by(*ordering).values("pk")[: k.stop] for branch in self._branches]
        keys = first[0].union(*first[1:]) if len(first) > 1 else first[0]
        return QuerySet.__getitem__(self.filter(pk__in=keys), k)  # type: ignore[attr-defined]


_KEYS_FIRST: dict[type, type] = {}


class KeysFirstCursorPagination(SyncCursorPagination):
    """For a list whose visibility rule is an OR the planner cannot read in order from one
    index (opportunities for an organization's key: published, its own, or archived with its
    interest). Read in order from opp_updated_idx, the first page (no cursor) began with years
    of expired rows: ~42,000 index entries filtered out one by one at bench scale (~20 ms).
    Here each condition of the rule reads its own first rows (the published ones from their
    partial index, opp_published_updated_idx, which covers what this reads; its own and those
    with its interest from their few rows), and the page is the first of those. Only where
    the view's `keys_first()` gives those conditions (querysets with the list's other
    filters): a visitor's published rows have their own index, read in order with no second
    step.

    A page with a position (a cursor) takes its keys from the whole rule at once, from that
    position on: an index-only scan of opp_updated_idx (which includes the status and the
    organization). Read with the rows, a page that began inside the expired stretch (the
    second one at bench scale) filtered 7,600 rows out of the heap (~15 ms); from the index,
    ~2 ms. Per condition, every cursor page paid ~7 ms more for the union."""

    def paginate_queryset(self, queryset, request, view=None):
        branches = view.keys_first() if view is not None else []
        # SQLite (the demo of `make run`) has no LIMIT inside a UNION: its lists are small
        # enough to read in order without the keys first.
        if not branches or not connection.features.supports_slicing_ordering_in_compound:
            return super().paginate_queryset(queryset, request, view)
        cursor = self.decode_cursor(request)
        if cursor and cursor.position is not None:
            # DRF bounds the list at the position (CursorPagination.paginate_queryset): the
            # keys are bounded the same way.
            order = self.ordering[0]
            lookup = "lt" if cursor.reverse != order.startswith("-") else "gt"
            bound = {f"{order.lstrip('-')}__{lookup}": cursor.position}
            branches = [functools.reduce(operator.or_, branches).filter(**bound)]
        base = type(queryset)
        if base not in _KEYS_FIRST:
            _KEYS_FIRST[base] = type(f"KeysFirst{base.__name__}", (_KeysFirst, base), {})
        queryset = queryset._chain()
        queryset.__class__ = _KEYS_FIRST[base]
        queryset._branches = branches
        return super().paginate_queryset(queryset, request, view)
