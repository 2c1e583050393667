"""An organization's profile page. It lives above opportunities: the contacts it shows open up
to organizations introduced through an accepted expression of interest."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_safe

from core.translations import VERSION_PARAMETER
from opportunities.selectors import organization_visible_contacts
from partners.mfa import mfa_setup_redirect, needs_mfa_setup
from partners.roles import roles_of
from partners.selectors import (
    organization_can_see_general_contact,
    organization_current_slug,
    organization_get,
    organization_show_version,
)


@require_safe
def organization_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organization = organization_get(slug=slug, user=request.user)
    except Http404:
        # A slug it had before (a rename, a new slug rule): links to it keep working.
        current = organization_current_slug(former_slug=slug, user=request.user)
        if current is None:
            raise
        return redirect("partners:detail", slug=current, permanent=True)
    # Staff see contacts and unverified profiles as staff: like every staff feature, with TOTP.
    if needs_mfa_setup(request.user) and not roles_of(request.user).is_member_of(organization.pk):
        return mfa_setup_redirect(request)
    versions = organization_show_version(
        organization=organization,
        requested=request.GET.get(VERSION_PARAMETER),
        reader=translation.get_language(),
    )
    context = {
        "organization": organization,
        "versions": versions,
        "contacts": organization_visible_contacts(user=request.user, organization=organization),
        "show_general_contact": organization_can_see_general_contact(
            user=request.user, organization=organization
        ),
    }
    return render(request, "partners/organization_detail.html", context)
