"""The public directory: search and filters over organizations, and their profile pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from core.listing import is_htmx_partial, paginate
from partners.mfa import mfa_setup_redirect, needs_mfa_setup
from partners.roles import roles_of

from .selectors import (
    organization_can_see_general_contact,
    organization_filterset,
    organization_get,
    organization_visible_contacts,
)

ORGANIZATIONS_PER_PAGE = 20


@require_safe
def organization_list_view(request: HttpRequest) -> HttpResponse:
    filterset = organization_filterset(filters=request.GET, user=request.user)
    page = paginate(request, filterset.qs, ORGANIZATIONS_PER_PAGE)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page_obj": page,
        "organizations": page.object_list,
        "has_filters": any(
            value for key, value in request.GET.items() if key not in ("page", "sort")
        ),
        "search_text": filterset.search_text,
    }
    template = (
        "partners/includes/organization_results.html"
        if is_htmx_partial(request)
        else "partners/organization_list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def organization_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    organization = organization_get(slug=slug, user=request.user)
    # Staff see contacts and unverified profiles as staff: like every staff feature, with TOTP.
    if needs_mfa_setup(request.user) and not roles_of(request.user).is_member_of(organization.pk):
        return mfa_setup_redirect(request)
    context = {
        "organization": organization,
        "contacts": organization_visible_contacts(user=request.user, organization=organization),
        "show_general_contact": organization_can_see_general_contact(
            user=request.user, organization=organization
        ),
    }
    return render(request, "partners/organization_detail.html", context)
