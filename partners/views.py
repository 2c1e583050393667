"""The public directory: search and filters over organizations (the profile page is
`home.organization_views`: its contacts depend on introductions, which opportunities make)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from core.listing import is_htmx_partial, paginate

from .selectors import (
    organization_filterset,
    organization_semantic_hits,
)

ORGANIZATIONS_PER_PAGE = 20


@require_safe
def organization_list_view(request: HttpRequest) -> HttpResponse:
    filterset = organization_filterset(filters=request.GET, user=request.user)
    page = paginate(request, filterset.qs, ORGANIZATIONS_PER_PAGE, cap=filterset.count_cap)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page_obj": page,
        "organizations": page.object_list,
        "has_filters": any(
            value for key, value in request.GET.items() if key not in ("page", "sort")
        ),
        "search_text": filterset.search_text,
        "semantic_hits": organization_semantic_hits(filterset=filterset, user=request.user)
        if page.number == 1
        else [],
    }
    template = (
        "partners/includes/organization_results.html"
        if is_htmx_partial(request)
        else "partners/organization_list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
