"""API keys, webhook endpoints and their deliveries in the Django admin, for consortium admins.

Read-only: keys and endpoints are created on the integrations pages by their organization's
admins or their cluster's staff. The actions call the same services as those pages (revoke a
key; disable or enable an endpoint), and their History lists who did what. No secret is ever
shown: a key's token is not stored, only its prefix; an endpoint's signing secrets are left out
of every form and of the history.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import ReadOnlyAdminMixin
from core.admin import service_action

from .models import ApiKey, WebhookDelivery, WebhookEndpoint
from .services import api_key_revoke, webhook_endpoint_disable, webhook_endpoint_enable

KEY_DATES = ("created_at", "expires_at", "last_used_at", "revoked_at")
ENDPOINT_STATE = ("is_active", "consecutive_failures", "disabled_at", "created_at")


class KeyStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("usable", _("Usable")),
            ("revoked", _("Revoked")),
            ("expired", _("Expired")),
            ("owner_lost", _("Owner lost their rights")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        expired = Q(expires_at__isnull=False, expires_at__lte=now)
        if self.value() == "usable":
            return queryset.filter(revoked_at__isnull=True).exclude(expired)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(expired)
        if self.value() == "owner_lost":
            return queryset.filter(owner_lost_at__isnull=False)
        return queryset


def _holder(obj: ApiKey | WebhookEndpoint) -> str:
    return str(obj.organization or obj.cluster)


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "prefix", "holder", "owner", "scope", *KEY_DATES)
    list_filter = (KeyStateFilter, "scope", "cluster")
    search_fields = ("name", "prefix", "owner__email", "organization__name", "cluster__name")
    list_select_related = ("owner", "organization", "cluster")
    fields = (
        "name",
        "prefix",
        "organization",
        "cluster",
        "owner",
        "scope",
        *KEY_DATES,
        "owner_lost_at",
    )
    readonly_fields = fields
    actions = ("revoke",)

    @admin.display(description=_("organization or cluster"))
    def holder(self, key: ApiKey) -> str:
        return _holder(key)

    revoke = service_action(
        api_key_revoke,
        target="key",
        description=_("Revoke selected keys"),
        done_message=_("Revoked %(count)d key(s): %(objects)s."),
        select_related=("organization", "cluster"),
    )


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("url", "holder", "subscribed", *ENDPOINT_STATE)
    list_filter = ("is_active", "cluster")
    search_fields = ("url", "organization__name", "cluster__name")
    list_select_related = ("organization", "cluster")
    fields = ("url", "organization", "cluster", "owner", "events", *ENDPOINT_STATE)
    readonly_fields = fields
    actions = ("disable", "enable")

    @admin.display(description=_("organization or cluster"))
    def holder(self, endpoint: WebhookEndpoint) -> str:
        return _holder(endpoint)

    @admin.display(description=_("events"))
    def subscribed(self, endpoint: WebhookEndpoint) -> str:
        return ", ".join(endpoint.events)

    disable = service_action(
        webhook_endpoint_disable,
        target="endpoint",
        description=_("Disable selected endpoints"),
        done_message=_("Disabled %(count)d endpoint(s): %(objects)s."),
        select_related=("organization", "cluster"),
    )
    enable = service_action(
        webhook_endpoint_enable,
        target="endpoint",
        description=_("Enable selected endpoints"),
        done_message=_("Enabled %(count)d endpoint(s): %(objects)s."),
        select_related=("organization", "cluster"),
    )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The delivery log of every endpoint."""

    list_display = (
        "message_id",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
    )
    list_filter = ("status", "event_type")
    search_fields = ("message_id", "endpoint__url")
    list_select_related = ("endpoint",)
    date_hierarchy = "created_at"
    fields = (
        "message_id",
        "endpoint",
        "event_type",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    )
    readonly_fields = fields
