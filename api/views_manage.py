"""The integrations pages: API keys and webhook endpoints of an organization or a cluster.

Organization admins manage their organization's; cluster staff (with TOTP, like every staff
page) their cluster's. An organization the user may not see is a 404, one they see but may not
manage a 403. A new key's token is shown once, in the response to the POST that created it.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clusters.models import Cluster
from core.forms import attach_error, call_service
from partners.mfa import signed_in_view
from partners.models import Organization
from partners.permissions import can_view_organization

from . import selectors
from .forms import ApiKeyForm, WebhookEndpointForm
from .models import ApiKey, WebhookEndpoint
from .permissions import (
    can_manage_integrations_of_cluster,
    can_manage_integrations_of_organization,
    can_manage_key,
)
from .services import (
    api_key_create,
    api_key_revoke,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_enable,
    webhook_endpoint_rotate_secret,
    webhook_test_send,
)

ACTION_KEY = "create_key"
ACTION_WEBHOOK = "create_webhook"


def _page_url(holder: dict) -> str:
    if holder.get("organization") is not None:
        return reverse(
            "api:integrations_organization", kwargs={"slug": holder["organization"].slug}
        )
    return reverse("api:integrations_cluster", kwargs={"slug": holder["cluster"].slug})


def _expiry(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def _integrations(request: HttpRequest, holder: dict) -> HttpResponse:
    key_form = ApiKeyForm(request.POST if request.POST.get("action") == ACTION_KEY else None)
    webhook_form = WebhookEndpointForm(
        request.POST if request.POST.get("action") == ACTION_WEBHOOK else None
    )
    new_token = None
    if key_form.is_bound and key_form.is_valid():
        try:
            key, new_token = api_key_create(
                actor=request.user,
                name=key_form.cleaned_data["name"],
                scope=key_form.cleaned_data["scope"],
                expires_at=_expiry(key_form.cleaned_data["expires_on"]),
                **holder,
            )
        except ValidationError as error:
            attach_error(key_form, error, fields={"expires_at": "expires_on"})
        else:
            key_form = ApiKeyForm()
            messages.success(request, _("The key “%(name)s” was created.") % {"name": key.name})
    if webhook_form.is_bound and webhook_form.is_valid():
        try:
            endpoint = webhook_endpoint_create(
                actor=request.user, **webhook_form.cleaned_data, **holder
            )
        except ValidationError as error:
            attach_error(webhook_form, error)
        else:
            messages.success(request, _("The webhook endpoint was added."))
            return redirect("api:webhook_detail", pk=endpoint.pk)
    status = 400 if (key_form.errors or webhook_form.errors) else 200
    context = {
        **holder,
        "holder_name": (holder.get("organization") or holder.get("cluster")).name,
        "keys": selectors.integration_keys(**holder),
        "webhooks": selectors.integration_webhooks(**holder),
        "key_form": key_form,
        "webhook_form": webhook_form,
        "new_token": new_token,
        "now": timezone.now(),
    }
    return render(request, "api/integrations.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organization_integrations_view(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.select_related("cluster"), slug=slug)
    if not can_view_organization(request.user, organization):
        raise Http404
    if not can_manage_integrations_of_organization(request.user, organization):
        raise PermissionDenied
    return _integrations(request, {"organization": organization})


@signed_in_view("GET", "HEAD", "POST")
def cluster_integrations_view(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = get_object_or_404(Cluster, slug=slug)
    if not can_manage_integrations_of_cluster(request.user, cluster):
        raise PermissionDenied
    return _integrations(request, {"cluster": cluster})


def _managed(request: HttpRequest, model, pk: int):
    """A key or endpoint the user manages; 404 otherwise (its existence is not theirs)."""
    obj = get_object_or_404(model.objects.select_related("organization", "cluster"), pk=pk)
    if not can_manage_key(request.user, obj):
        raise Http404
    return obj


def _holder_of(obj) -> dict:
    if obj.organization_id is not None:
        return {"organization": obj.organization}
    return {"cluster": obj.cluster}


@signed_in_view("POST")
def key_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    key = _managed(request, ApiKey, pk)
    api_key_revoke(actor=request.user, key=key)
    messages.success(request, _("The key “%(name)s” was revoked.") % {"name": key.name})
    return redirect(_page_url(_holder_of(key)))


WEBHOOK_ACTIONS = {
    "test": (webhook_test_send, gettext_lazy("A test event is on its way.")),
    "rotate": (
        webhook_endpoint_rotate_secret,
        gettext_lazy("New secret created. The previous one still signs for 24 hours."),
    ),
    "enable": (webhook_endpoint_enable, gettext_lazy("The endpoint is active again.")),
}


@signed_in_view("GET", "HEAD", "POST")
def webhook_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _managed(request, WebhookEndpoint, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "delete":
            webhook_endpoint_delete(actor=request.user, endpoint=endpoint)
            messages.success(request, _("The webhook endpoint was deleted."))
            return redirect(_page_url(_holder_of(endpoint)))
        if action not in WEBHOOK_ACTIONS:
            return render(request, "api/webhook_detail.html", _detail(endpoint), status=400)
        service, message = WEBHOOK_ACTIONS[action]
        call_service(
            request, lambda: service(actor=request.user, endpoint=endpoint), success=message
        )
        return redirect("api:webhook_detail", pk=endpoint.pk)
    return render(request, "api/webhook_detail.html", _detail(endpoint))


def _detail(endpoint: WebhookEndpoint) -> dict:
    return {
        "endpoint": endpoint,
        "holder": _holder_of(endpoint),
        "holder_url": _page_url(_holder_of(endpoint)),
        "deliveries": selectors.webhook_delivery_log(endpoint=endpoint),
    }
