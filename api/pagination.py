"""Cursor pages in the order rows last changed: a sync can stop and resume at any page."""

from django.db import connection
from django.db.models import Q, QuerySet
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
    """A list's queryset whose sliced page reads its rows' keys first, then those rows by key
    from `_rows` (the same columns without the list's conditions). The keys: this queryset's
    own first ones (CursorPagination has ordered it and bounded it at the cursor's position),
    or, when `_branches` are given (conditions whose OR selects this queryset's rows), the
    first of each condition's own first rows, each bounded at the cursor's position too
    (`_bounds`: what the paginator filtered this queryset with)."""

    _branches: list[Q]
    _rows: QuerySet
    _ordering: tuple[str, ...] = ()
    _bounds: tuple[Q, ...] = ()

    def _clone(self):
        clone = super()._clone()  # type: ignore[misc]
        clone._branches, clone._rows = self._branches, self._rows
        clone._ordering, clone._bounds = self._ordering, self._bounds
        return clone

    def order_by(self, *field_names):
        ordered = super().order_by(*field_names)  # type: ignore[misc]
        ordered._ordering = field_names
        return ordered

    def filter(self, *args, **kwargs):
        filtered = super().filter(*args, **kwargs)  # type: ignore[misc]
        filtered._bounds = (*self._bounds, Q(*args, **kwargs))
        return filtered

    def __getitem__(self, k):
        if not isinstance(k, slice) or k.stop is None:
            return super().__getitem__(k)  # type: ignore[misc]
        head = slice(None, k.stop)
        if self._branches:
            table = self.model._default_manager  # type: ignore[attr-defined]
            first = [
                table.filter(branch, *self._bounds).order_by(*self._ordering).values("pk")[head]
                for branch in self._branches
            ]
            keys = first[0].union(*first[1:])
            if {field.lstrip("-") for field in self._ordering} == {"id"}:
                # In the order of the keys themselves: the union's first ones alone, not each
                # condition's (up to twice as many rows read, joined, then left out).
                keys = keys.order_by(*(field.replace("id", "pk") for field in self._ordering))
                keys = keys[head]
        else:
            keys = QuerySet.__getitem__(self.values("pk"), head)  # type: ignore[attr-defined]
        # The keys hold every condition of the list (and the cursor's bound): the rows are read
        # by key alone. With the conditions again, Postgres took ~1 ms more to plan the page.
        return self._rows.filter(pk__in=keys).order_by(*self._ordering)[k]


_KEYS_FIRST: dict[type, type] = {}


class KeysFirstCursorPagination(SyncCursorPagination):
    """For a list whose visibility rule is an OR that no one index reads in order
    (opportunities for an organization's key: published, its own, or archived with its
    interest): a page reads its keys from indexes first, then only its rows from the table.
    `paginate_keys_first` takes the list (its conditions), the rule's conditions (each with
    the list's other filters) and its rows' columns without the conditions; a list whose
    rule has one condition (a visitor's) has its own index, read in order directly
    (`paginate_queryset`).

    The first page: read in order from opp_updated_idx, it began with years of expired rows,
    ~42,000 entries filtered out one by one at bench scale (~20 ms). Its keys come from each
    condition's first rows: the published ones from their partial index,
    opp_published_updated_idx, which covers what this reads; its own and those with its
    interest from their few rows.

    A page with a cursor: its keys are the list's own, as CursorPagination bounded it at the
    position, by an index-only scan of opp_updated_idx (which includes the status and the
    organization). Read with the rows, the page that began inside the expired stretch (the
    second at bench scale) fetched 7,600 rows from the table to filter them out (~15 ms)."""

    # A cursor page's keys from each condition's first rows past the position too, not from
    # the list's (for a list whose conditions each select few rows).
    branches_on_every_page = False

    def paginate_keys_first(
        self, listed: QuerySet, conditions: list[Q], rows: QuerySet, request, view=None
    ):
        cursor = self.decode_cursor(request)
        base = type(listed)
        if base not in _KEYS_FIRST:
            _KEYS_FIRST[base] = type(f"KeysFirst{base.__name__}", (_KeysFirst, base), {})
        queryset = listed.all()
        queryset.__class__ = _KEYS_FIRST[base]
        first_page = cursor is None or cursor.position is None
        queryset._branches = conditions if first_page or self.branches_on_every_page else []
        queryset._rows = rows
        return self.paginate_queryset(queryset, request, view)

    @staticmethod
    def keys_first_supported() -> bool:
        """SQLite (the demo of `make run`) has no LIMIT inside a UNION: its lists are small
        enough to read in order without the keys first."""
        return connection.features.supports_slicing_ordering_in_compound


class InterestCursorPagination(KeysFirstCursorPagination):
    """Interests, in the order they were sent, keys first from each of the two conditions of
    the reader's (`interests_involving`: sent by their organizations, or received on their
    opportunities), on every page: each condition's first ids past the cursor, from its own
    index, then the rows by key. Their few hundred ids semi-joined to the table, Postgres
    merge-joined them with its primary key, walking it from the cursor (~70,000 entries for
    the busy organization's third page at bench scale, ~20 ms)."""

    ordering = ("id",)
    branches_on_every_page = True
