"""A person's own account: profile, personal data download, deletion, invitation landing."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.adapters import PENDING_INVITATION_SESSION_KEY, AccountAdapter
from accounts.forms import AccountDeleteForm, ProfileForm
from accounts.selectors import invitation_by_token, user_personal_data
from accounts.services import user_delete, user_update_profile
from partners.services import invitation_accept


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_view(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    memberships = request.user.memberships.select_related("organization").order_by(
        "organization__name"
    )
    staff_of = request.user.cluster_staff.select_related("cluster").order_by("cluster__name")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships, "staff_of": staff_of},
    )


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


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_view(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form})


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
    problem = None
    if invitation.accepted_at is not None:
        problem = _("This invitation has already been used.")
    elif invitation.revoked_at is not None:
        problem = _("This invitation has been withdrawn.")
    elif invitation.expires_at <= timezone.now():
        problem = _("This invitation has expired. Ask for a new one.")
    if problem:
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        return render(
            request,
            "accounts/invitation_accept.html",
            {"invitation": invitation, "problem": problem},
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
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        messages.success(
            request,
            _("Welcome to %(organization)s.") % {"organization": invitation.organization.name},
        )
        return redirect("partners:detail", slug=invitation.organization.slug)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})
