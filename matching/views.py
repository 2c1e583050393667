"""Alerts (saved searches), the notification centre, preferences and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User

from . import emails, selectors, services, texts
from .forms import (
    AlertForm,
    PreferencesForm,
    SaveSearchForm,
    alert_data_from_search,
    alert_default_name,
    alert_initial,
)
from .models import NotificationKind

PER_PAGE = 20


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Alerts -------------------------------------------------------------------------------


@login_required
def alert_list_view(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.alert_list(user=request.user))
    return render(request, "matching/alert_list.html", {"page_obj": page, "alerts": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_create_view(request: HttpRequest) -> HttpResponse:
    form = AlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_create(owner=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Alert saved."))
            return redirect("matching:alerts")
    return render(request, "matching/alert_form.html", {"form": form, "alert": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def alert_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get_own(user=request.user, pk=pk)
    form = AlertForm(request.POST or None, initial=alert_initial(alert))
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_update(actor=request.user, alert=alert, data=form.cleaned_data)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Alert saved."))
            return redirect("matching:alerts")
    return render(request, "matching/alert_form.html", {"form": form, "alert": alert})


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


# --- Notification centre ------------------------------------------------------------------


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("filter") == "unread"
    page = _page(request, selectors.notification_list(user=request.user, unread_only=unread_only))
    items = [
        {
            "notification": notification,
            "headline": texts.headline(notification.kind, notification.payload),
            "reasons": texts.reason_lines(notification.payload),
        }
        for notification in page
    ]
    context = {"page_obj": page, "items": items, "unread_only": unread_only}
    return render(request, "matching/notification_list.html", context)


def _safe_target(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("matching:notifications")


@login_required
def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Following a notification marks it read and goes where it points."""
    notification = selectors.notification_get_own(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    return HttpResponseRedirect(_safe_target(request, notification.url))


@login_required
@require_POST
def notification_read_view(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get_own(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    return redirect("matching:notifications")


@login_required
@require_POST
def notifications_read_all_view(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("matching:notifications")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences_view(request: HttpRequest) -> HttpResponse:
    current = selectors.notification_preferences(user=request.user)
    form = PreferencesForm(request.POST or None, initial_deliveries=current)
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_update(user=request.user, deliveries=form.cleaned_data)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("matching:preferences")
    return render(request, "matching/preferences_form.html", {"form": form})


# --- One-click unsubscribe (no login: the signed token is the authorisation) -----------------


def _scope_label(scope: str) -> str:
    if scope in emails.DIGEST_SCOPES:
        return _("the daily digest") if scope == "digest:daily" else _("the weekly digest")
    return str(NotificationKind(scope).label)


@csrf_exempt  # RFC 8058: mail clients POST without a CSRF token; the signature authorises.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, scope = emails.read_unsubscribe_token(token)
        user = User.objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "matching/unsubscribe_invalid.html", status=400)
    context = {"token": token, "scope_label": _scope_label(scope), "done": False}
    if request.method == "POST":
        services.unsubscribe(user=user, scope=scope)
        context["done"] = True
    return render(request, "matching/unsubscribe.html", context)
