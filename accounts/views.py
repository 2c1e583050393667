"""A person's own account: profile and deletion (`partners.account_views` has the pages that
need memberships: the personal-data download and the invitation landing)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import AccountDeleteForm, ProfileForm
from accounts.services import user_delete, user_update_profile
from core.forms import form_service


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
@require_http_methods(["GET", "HEAD", "POST"])
def delete_view(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_service(form, lambda: user_delete(user=request.user))
    ):
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form})
