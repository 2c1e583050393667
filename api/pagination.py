"""Cursor pages in the order rows last changed: a sync can stop and resume at any page."""

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
    list's order, each from an index that serves it alone; the page's are the first of those."""

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
        keys = first[0].union(*first[1:])
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
    step. And only for a page without a position (the first): a cursor's `updated_at >` bound
    starts the plain scan where the page begins, and a subquery cost those pages ~2.5 ms more
    (planning, then a sort)."""

    def paginate_queryset(self, queryset, request, view=None):
        cursor = self.decode_cursor(request)
        if view is None or (cursor and cursor.position is not None):
            return super().paginate_queryset(queryset, request, view)
        branches = view.keys_first()
        if not branches:
            return super().paginate_queryset(queryset, request, view)
        base = type(queryset)
        if base not in _KEYS_FIRST:
            _KEYS_FIRST[base] = type(f"KeysFirst{base.__name__}", (_KeysFirst, base), {})
        queryset = queryset._chain()
        queryset.__class__ = _KEYS_FIRST[base]
        queryset._branches = branches
        return super().paginate_queryset(queryset, request, view)
