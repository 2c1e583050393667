"""Alerts (saved searches): list, create, edit, delete, and save a marketplace search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import form_service
from core.listing import paginate

from . import selectors, services
from .forms import (
    AlertForm,
    SaveSearchForm,
    alert_data_from_search,
    alert_default_name,
    alert_initial,
)
from .models import Alert

PER_PAGE = 20


# --- Alerts -------------------------------------------------------------------------------


@login_required
def alert_list_view(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.alert_list(user=request.user), PER_PAGE)
    return render(request, "matching/alert_list.html", {"page_obj": page, "alerts": page})


def _alert_form(request: HttpRequest, alert: Alert | None) -> HttpResponse:
    """A new alert (`alert` None) or one of the user's own: the same form, page and answer."""
    form = AlertForm(request.POST or None, initial=alert_initial(alert) if alert else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_service(
            form,
            lambda: (
                services.alert_create(owner=request.user, data=form.cleaned_data)
                if alert is None
                else services.alert_update(actor=request.user, alert=alert, data=form.cleaned_data)
            ),
        )
    ):
        messages.success(request, _("Alert saved."))
        return redirect("matching:alerts")
    return render(request, "matching/alert_form.html", {"form": form, "alert": alert})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_create_view(request: HttpRequest) -> HttpResponse:
    return _alert_form(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _alert_form(request, selectors.alert_get_own(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get_own(user=request.user, pk=pk)
    if request.method == "POST":
        services.alert_delete(actor=request.user, alert=alert)
        messages.success(request, _("Alert deleted."))
        return redirect("matching:alerts")
    return render(request, "matching/alert_confirm_delete.html", {"alert": alert})


@login_required
@require_POST
def alert_from_search_view(request: HttpRequest) -> HttpResponse:
    """ "Save this search as an alert": the marketplace's filters come in the query string."""
    form = SaveSearchForm(request.POST)
    data = alert_data_from_search(request.GET)
    if form.is_valid():
        data["name"] = form.cleaned_data["name"].strip() or alert_default_name(data)
        data["frequency"] = form.cleaned_data["frequency"]
        try:
            alert = services.alert_create(owner=request.user, data=data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Alert “%(name)s” saved: you will hear of new matching opportunities.")
                % {"name": alert.name},
            )
            return redirect("matching:alert_edit", pk=alert.pk)
    else:
        messages.error(request, _("The alert could not be saved."))
    return redirect(reverse("opportunities:list") + "?" + request.GET.urlencode())
