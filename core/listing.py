"""Helpers shared by the list pages (directory, marketplace, cluster members)."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int) -> Page:
    """A page that never fails: a non-number gives the first page, too large the last."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number))
    return page


def is_htmx_partial(request: HttpRequest) -> bool:
    # A history restore after a cache miss needs the whole page, not the fragment.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
