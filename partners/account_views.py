"""A person's own pages that need memberships: the personal-data download and the landing of
an invitation's link. They keep their `accounts:` names (see wlscc/urls.py)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.adapters import PENDING_INVITATION_SESSION_KEY, AccountAdapter
from core.forms import error_text

from .selectors import invitation_by_token, user_personal_data
from .services import invitation_accept, invitation_check_usable


@login_required
@require_safe
def export_view(request: HttpRequest) -> HttpResponse:
    data = user_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"wlscc-personal-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail.

    Visitors are asked to sign up or log in; the token waits in their session and the adapter
    brings them back here afterwards. Signing up with the invited address needs no second
    verification e-mail: the link proved the address.
    """
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404
    try:
        invitation_check_usable(invitation)
    except ValidationError as error:
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        return render(
            request,
            "accounts/invitation_accept.html",
            {"invitation": invitation, "problem": error_text(error)},
            status=410,
        )
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION_SESSION_KEY] = token
        AccountAdapter(request).stash_verified_email(request, invitation.email)
        return render(request, "accounts/invitation_accept.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            invitation_accept(user=request.user, invitation=invitation)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(request.path)
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        messages.success(
            request,
            _("Welcome to %(organization)s.") % {"organization": invitation.organization.name},
        )
        return redirect("partners:detail", slug=invitation.organization.slug)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})
