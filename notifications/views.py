"""The notification centre, e-mail preferences and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.listing import paginate

from . import emails, selectors, services, texts
from .forms import PreferencesForm
from .models import NotificationKind

PER_PAGE = 20


# --- Notification centre ------------------------------------------------------------------


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("filter") == "unread"
    page = paginate(
        request, selectors.notification_list(user=request.user, unread_only=unread_only), PER_PAGE
    )
    items = [
        {
            "notification": notification,
            "headline": texts.headline(notification.kind, notification.payload),
            "reasons": texts.reason_lines(notification.payload),
        }
        for notification in page
    ]
    context = {"page_obj": page, "items": items, "unread_only": unread_only}
    return render(request, "notifications/notification_list.html", context)


def _safe_target(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("notifications:list")


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
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all_view(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences_view(request: HttpRequest) -> HttpResponse:
    current = selectors.notification_preferences(user=request.user)
    form = PreferencesForm(request.POST or None, initial_deliveries=current)
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_update(user=request.user, deliveries=form.cleaned_data)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences_form.html", {"form": form})


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
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {"token": token, "scope_label": _scope_label(scope), "done": False}
    if request.method == "POST":
        services.unsubscribe(user=user, scope=scope)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
