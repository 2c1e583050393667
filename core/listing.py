"""Helpers shared by the list pages (directory, marketplace, cluster members)."""

from typing import Any

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.search import RANKED_CANDIDATES
from core.widgets import FastSelect

# A list page counts at most this many rows ("1,000+"): an exact COUNT of a common search term
# reads every match (~8,000 rows at consortium scale) for a figure nobody pages through.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A paginator whose `count` stops at `cap` (`is_capped` tells the template to show "1,000+"):
    `SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1)`, so the pages stop at `cap` rows too."""

    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int | None) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

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


def paginate(
    request: HttpRequest, queryset: QuerySet, per_page: int, *, cap: int | None = None
) -> Page:
    """A page that never fails: a non-number gives the first page, too large the last. The count
    stops at `cap` rows when given (see CappedPaginator; search lists pass `count_cap`)."""
    paginator = CappedPaginator(queryset, per_page, cap=cap)
    page = _page_counted_by_its_rows(paginator, request.GET.get("page"))
    if page is None:
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number))
    return page


def _page_counted_by_its_rows(paginator: CappedPaginator, number: str | None) -> Page | None:
    """For a ranked search (rows annotated with `candidate_count`, see
    `core.search.rank_within_newest`): the page, its count read from its first row (one query
    instead of a count and a page). None when that cannot be done (no such annotation, or a page
    past the end): then the paginator counts."""
    queryset = paginator.object_list
    if "candidate_count" not in getattr(getattr(queryset, "query", None), "annotations", {}):
        return None
    try:
        index = max(int(number or 1), 1)
    except (TypeError, ValueError):
        index = 1
    bottom = (index - 1) * paginator.per_page
    rows = list(queryset[bottom : bottom + paginator.per_page])
    if not rows and index > 1:
        return None
    # the cached_property's value: no rows on the first page is no candidate at all
    paginator.__dict__["counted"] = rows[0].candidate_count if rows else 0
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
            value for key, value in request.GET.items() if key not in ("page", "sort")
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
                field.widget = FastSelect.from_select(field.widget)

    @property
    def count_cap(self) -> int:
        """How far the list's count goes: the ranked candidates when sorted by relevance."""
        ranked = self.search_text and connection.vendor == "postgresql"
        sort = self.form.cleaned_data.get("sort") or "" if self.is_bound else ""
        return RANKED_CANDIDATES if ranked and sort in ("", "relevance") else COUNT_CAP

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
            remaining.pop("page", None)
            active.append(
                {
                    "name": name,
                    "label": self.form.fields[name].label,
                    "value": self.filter_display(name, value),
                    "remove_query": remaining.urlencode(),
                }
            )
        return active
