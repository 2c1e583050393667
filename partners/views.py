"""The public directory: search and filters over organizations (the profile page is
`home.organization_views`: its contacts depend on introductions, which opportunities make)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core.listing import render_search_list, search_list_context

from .selectors import (
    organization_filterset,
    organization_semantic_hits,
)

ORGANIZATIONS_PER_PAGE = 20


@require_safe
def organization_list_view(request: HttpRequest) -> HttpResponse:
    filterset = organization_filterset(filters=request.GET, user=request.user)
    page = filterset.page(request, ORGANIZATIONS_PER_PAGE)
    return render_search_list(
        request,
        page_template="partners/organization_list.html",
        results_template="partners/includes/organization_results.html",
        context={
            **search_list_context(request, filterset, page),
            "organizations": page.object_list,
            "semantic_hits": organization_semantic_hits(filterset=filterset, user=request.user)
            if page.number == 1
            else [],
        },
    )
