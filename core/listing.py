"""Helpers shared by the list pages (directory, marketplace, cluster members)."""

import base64
import binascii
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.languages import ContentLanguage
from core.search import RANKED_CANDIDATES
from core.widgets import KeptSelect

# A list page counts at most this many rows ("1,000+"): an exact COUNT of a common search term
# reads every match (~8,000 rows at consortium scale) for a figure nobody pages through.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A paginator whose `count` stops at `cap` (`is_capped` tells the template to show "1,000+"):
    `SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1)`, so the pages stop at `cap` rows too.

    With `rows_by_key` (the rows of these primary keys, in any order), a page is read in two
    queries: its keys (narrow rows, which an index may hold: no relation, no per-row
    subquery), then only its rows, by key (`rows`)."""

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        cap: int | None,
        rows_by_key: Callable[[list[int]], list[Model]] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.rows_by_key = rows_by_key

    def rows(self, queryset: QuerySet) -> list[Model]:
        """The rows of `queryset` (a slice of the list, ordered), in its order."""
        if self.rows_by_key is None:
            return list(queryset)
        return _in_key_order(self.rows_by_key, list(queryset.values_list("pk", flat=True)))

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(self.object_list[bottom:top]), number, self)

    @cached_property
    def counted(self) -> int:
        if self.cap is None:
            return self.object_list.count()
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return self.counted if self.cap is None else min(self.counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self.cap is not None and self.counted > self.cap


def _in_key_order(rows_by_key: Callable[[list[int]], list[Model]], keys: list[int]) -> list[Model]:
    by_key = {row.pk: row for row in rows_by_key(keys)} if keys else {}
    return [by_key[pk] for pk in keys if pk in by_key]


@dataclass(frozen=True)
class Keyset:
    """An order that a list pages through by key ("the rows after this one") rather than by
    OFFSET: `field` (a model field, or an alias the queryset defines), then the primary key in
    the same direction. Whatever its depth, a page is then a range scan of the index in that
    order (partners/opportunities migrations), never a scan of the rows before it.

    `source` is the row attribute the key is read from when `field` is an alias, and `floor`
    the key of a row whose `source` is NULL (the alias's COALESCE)."""

    field: str
    descending: bool = False
    source: str | None = None
    floor: Any = None

    def ordering(self, *, backwards: bool = False) -> list:
        descending = self.descending != backwards
        column = F(self.field).desc() if descending else F(self.field).asc()
        return [column, "-pk" if descending else "pk"]

    def beyond(self, value: Any, pk: int, *, backwards: bool = False) -> Q:
        """The rows after (value, pk) in this order, or before it: `field >= value AND (field >
        value OR pk > pk)`, whose first half is the index range (an OR of the two would not be)."""
        lower = self.descending != backwards
        op = "lt" if lower else "gt"
        return Q(**{f"{self.field}__{op}e": value}) & (
            Q(**{f"{self.field}__{op}": value}) | Q(**{f"pk__{op}": pk})
        )

    def key(self, row: Model) -> tuple[Any, int]:
        value = getattr(row, self.source or self.field)
        return (self.floor if value is None else value), row.pk

    def encode(self, number: int, row: Model) -> str:
        value, pk = self.key(row)
        if isinstance(value, datetime.datetime):
            value = value.isoformat()
        raw = json.dumps([number, value, pk], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, token: str) -> tuple[int, Any, int] | None:
        """(page number, key, pk) from a cursor, or None for anything else than ours."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            number, value, pk = json.loads(raw)
            if isinstance(self.floor, datetime.datetime):
                value = datetime.datetime.fromisoformat(value)
                if value.tzinfo is None:
                    return None
        except (ValueError, TypeError, binascii.Error):
            return None
        valid = (
            type(number) is int
            and type(pk) is int
            and number >= 1
            and isinstance(value, str | datetime.datetime)
        )
        return (number, value, pk) if valid else None


# The query parameters of a keyset page: the rows after the cursor's row, or before it.
AFTER, BEFORE = "after", "before"
PAGE_PARAMETERS = ("page", AFTER, BEFORE)


class ListPage(Page):
    """A page whose neighbours may lie beyond the paginator's (capped) count, reached by
    cursor: `next_cursor` / `previous_cursor` (empty when the link is a page number)."""

    def __init__(self, object_list, number, paginator, *, more_after: bool, more_before: bool):
        super().__init__(object_list, number, paginator)
        self.more_after, self.more_before = more_after, more_before
        self.next_cursor = self.previous_cursor = ""

    def has_next(self) -> bool:
        return self.more_after

    def has_previous(self) -> bool:
        return self.more_before

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _keyset_page(
    paginator: "CappedPaginator", keyset: Keyset, token: str, *, backwards: bool
) -> ListPage | None:
    """The page after (before) the cursor's row, one query: None when the cursor is not ours
    or nothing is there any more (the list changed), for the numbered first page instead."""
    cursor = keyset.decode(token)
    if cursor is None:
        return None
    number, value, pk = cursor
    queryset = paginator.object_list.filter(keyset.beyond(value, pk, backwards=backwards))
    ordered = queryset.order_by(*keyset.ordering(backwards=backwards))
    rows = paginator.rows(ordered[: paginator.per_page + 1])
    more, rows = len(rows) > paginator.per_page, rows[: paginator.per_page]
    if not rows:
        return None
    if backwards:
        rows.reverse()
        number = number if more else 1
        return ListPage(rows, number, paginator, more_after=True, more_before=more)
    return ListPage(rows, number, paginator, more_after=more, more_before=number > 1)


def _page_range(page: Page) -> list:
    paginator = page.paginator
    if page.number <= paginator.num_pages:
        return list(paginator.get_elided_page_range(page.number))
    # Beyond the count (a capped list read by cursor): back to the start, or the page before.
    return [1, paginator.ELLIPSIS, page.number] if page.number > 2 else [1, 2]


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int,
    *,
    cap: int | None = None,
    keyset: Keyset | None = None,
    rows_by_key: Callable[[list[int]], list[Model]] | None = None,
) -> Page:
    """A page that never fails: a non-number gives the first page, too large the last. The count
    stops at `cap` rows when given (see CappedPaginator; search lists pass `count_cap`).

    With a `keyset` (the list's order allows it) "Next" and "Previous" are cursors (`?after=`,
    `?before=`): each page costs an index range scan however deep it is, and reading goes on
    past the capped count. The numbered links (`?page=N`, old links too) stay for the first
    pages. The queries are the same either way: the count, the page (and its prefetches).

    `rows_by_key` (the rows of these primary keys, any order) reads each page in two queries,
    its keys then its rows (see CappedPaginator): a ranked search's keys come with the count
    (`_page_counted_by_its_rows`)."""
    paginator = CappedPaginator(queryset, per_page, cap=cap, rows_by_key=rows_by_key)
    page: Page | None = None
    if keyset is not None:
        for name, backwards in ((AFTER, False), (BEFORE, True)):
            if request.GET.get(name):
                page = _keyset_page(paginator, keyset, request.GET[name], backwards=backwards)
                break
    if page is None:
        # A ranked search (never paged by key) counts from its page's rows.
        page = _page_counted_by_its_rows(paginator, request.GET.get("page"))
    if page is None:
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        if keyset is not None:
            more_after = page.has_next() or (
                paginator.is_capped and page.number == paginator.num_pages
            )
            page = ListPage(
                page.object_list,
                page.number,
                paginator,
                more_after=more_after and bool(page.object_list),
                more_before=page.has_previous(),
            )
    if keyset is not None and isinstance(page, ListPage) and page.object_list:
        if page.has_next():
            page.next_cursor = keyset.encode(page.number + 1, page.object_list[-1])
        if page.has_previous() and page.number > 2:
            page.previous_cursor = keyset.encode(page.number - 1, page.object_list[0])
    page.elided_range = _page_range(page)
    return page


def _page_counted_by_its_rows(paginator: CappedPaginator, number: str | None) -> Page | None:
    """For a ranked search (rows annotated with `candidate_count`, see
    `core.search.rank_within_newest`): the page, its count read from its first row (one query
    instead of a count and a page). None when that cannot be done (no such annotation, or a page
    past the end): then the paginator counts.

    With the paginator's `rows_by_key`, the ranked query selects only the keys and the count:
    the candidates' relations and per-row subqueries (hundreds of rows, ~25 % of that query at
    consortium scale) are then read for the page's rows alone, by key, in a second query."""
    queryset = paginator.object_list
    if "candidate_count" not in getattr(getattr(queryset, "query", None), "annotations", {}):
        return None
    try:
        index = max(int(number or 1), 1)
    except (TypeError, ValueError):
        index = 1
    bottom = (index - 1) * paginator.per_page
    window = slice(bottom, bottom + paginator.per_page)
    if paginator.rows_by_key is None:
        rows = list(queryset[window])
        counted = rows[0].candidate_count if rows else 0
    else:
        keys = list(queryset.values_list("pk", "candidate_count")[window])
        counted = keys[0][1] if keys else 0
        rows = _in_key_order(paginator.rows_by_key, [pk for pk, _ in keys])
    if not rows and index > 1:
        return None
    # the cached_property's value: no rows on the first page is no candidate at all
    paginator.__dict__["counted"] = counted
    return Page(rows, index, paginator)


def is_htmx_partial(request: HttpRequest) -> bool:
    # A history restore after a cache miss needs the whole page, not the fragment.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def search_list_context(request: HttpRequest, filterset: Any, page: Page) -> dict[str, Any]:
    """What a searchable list and its results block (`includes/search_results.html`) show."""
    return {
        "filterset": filterset,
        "form": filterset.form,
        "page_obj": page,
        "has_filters": any(
            value for key, value in request.GET.items() if key not in (*PAGE_PARAMETERS, "sort")
        ),
        "search_text": filterset.search_text,
    }


def render_search_list(
    request: HttpRequest, *, page_template: str, results_template: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only its results for htmx (so the response varies on HX-Request)."""
    template = results_template if is_htmx_partial(request) else page_template
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# The longest search text a list page accepts.
MAX_QUERY_LENGTH = 200


def search_filter(**attrs: Any) -> django_filters.CharFilter:
    """The free-text `q` of a list page (a search box; `attrs` add to its input's attributes);
    the FilterSet's `filter_q` applies it."""
    return django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", **attrs}),
    )


def language_filter() -> django_filters.ChoiceFilter:
    """The "Written in" filter of a list page: the language a listing was written in."""
    return django_filters.ChoiceFilter(
        label=_("Written in"), choices=ContentLanguage.choices, empty_label=_("Any language")
    )


def sort_filter(choices: list[tuple[str, str]]) -> django_filters.ChoiceFilter:
    """The `sort` parameter of a list page; the FilterSet's `filter_sort` applies it."""
    return django_filters.ChoiceFilter(
        label=_("Sort by"), choices=choices, method="filter_sort", empty_label=None, null_label=None
    )


class SearchFormMixin:
    """For a FilterSet with a free-text `q`: Bootstrap classes on its form, selects rendered
    without a template per option, and the searched text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_form()

    def style_form(self) -> None:
        for name, field in self.form.fields.items():
            field.widget.attrs.setdefault("class", "form-control" if name == "q" else "form-select")
            if type(field.widget) is forms.Select:  # same markup, without a template per option
                field.widget = KeptSelect.from_select(field.widget)

    # The FilterSet's default order when its pages can be read by key (`paginate(keyset=)`),
    # and the other sorts that cannot be (a ranked search never can).
    keyset_order: Keyset | None = None
    unkeyed_sorts: tuple[str, ...] = ()
    # The rows of these keys (see `paginate`), for a list whose ranked page reads its keys first.
    rows_by_key: Callable[[list[int]], list[Model]] | None = None

    @property
    def chosen_sort(self) -> str:
        """The chosen `sort` ("" for the default)."""
        if not self.is_bound:
            return ""
        self.errors  # noqa: B018  (validates the form, filling cleaned_data)
        return self.form.cleaned_data.get("sort") or ""

    def is_ranked(self, sort: str) -> bool:
        """A text search sorted by relevance (Postgres ranks it among the newest candidates)."""
        return (
            bool(self.search_text)
            and connection.vendor == "postgresql"
            and sort in ("", "relevance")
        )

    @property
    def count_cap(self) -> int:
        """How far the list's count goes: the ranked candidates when sorted by relevance."""
        return RANKED_CANDIDATES if self.is_ranked(self.chosen_sort) else COUNT_CAP

    @property
    def keyset(self) -> Keyset | None:
        """The list's order when its pages can be read by key (see `paginate`)."""
        sort = self.chosen_sort
        if not self.is_bound or self.is_ranked(sort) or sort in self.unkeyed_sorts:
            return None
        return self.keyset_order

    def page(self, request: HttpRequest, per_page: int) -> Page:
        """The requested page of the list, counted up to `count_cap` and read by key where
        the chosen order allows it (`keyset`)."""
        return paginate(
            request,
            self.qs,
            per_page,
            cap=self.count_cap,
            keyset=self.keyset,
            rows_by_key=self.rows_by_key,
        )

    @property
    def search_text(self) -> str:
        if not self.is_bound:
            return ""
        self.errors  # noqa: B018  (validates the form; invalid fields are simply ignored)
        return (self.form.cleaned_data.get("q") or "").strip()

    def qs_without_search(self):
        """The rows of the other filters, without the search text (for the semantic section):
        the form already validated, so no lookup is repeated."""
        cleaned = self.form.cleaned_data
        text = cleaned.get("q")
        cleaned["q"] = ""
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            cleaned["q"] = text


class ActiveFiltersMixin:
    """For a FilterSet: the filters in use, each with a query string that removes it.

    The filters shown are the Meta fields but `sort` (`active_filter_names`); a cleaned value
    reads as its object's display name, its choice's label, or quoted text (`filter_display`;
    a subclass overrides it for a value that reads otherwise). No queries: cleaned values are
    the objects the form already loaded.
    """

    def active_filter_names(self) -> list[str]:
        return [name for name in self._meta.fields if name != "sort"]

    def filter_display(self, name: str, value) -> str:
        if isinstance(value, Model):
            return getattr(value, "display_name", None) or str(value)
        choices = getattr(self.form.fields[name], "choices", None)
        if choices is None:
            return f"“{value}”"
        return {str(key): label for key, label in choices}.get(str(value), value)

    def active_filters(self) -> list[dict[str, str]]:
        if not self.is_bound:
            return []
        self.errors  # noqa: B018 - validates the form, filling cleaned_data
        data = self.form.cleaned_data
        active = []
        for name in self.active_filter_names():
            value = data.get(name)
            if value in (None, ""):
                continue
            remaining = QueryDict(mutable=True)
            remaining.update(self.data)
            remaining.pop(name, None)
            for parameter in PAGE_PARAMETERS:
                remaining.pop(parameter, None)
            active.append(
                {
                    "name": name,
                    "label": self.form.fields[name].label,
                    "value": self.filter_display(name, value),
                    "remove_query": remaining.urlencode(),
                }
            )
        return active
