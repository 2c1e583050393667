"""Alerts, matches and the notification outbox in the admin: mostly for looking, not touching.

Notifications are written by `matching.services` in the transaction of the event that caused
them and sent by the outbox worker, so the admin shows them read-only (filter on the e-mail
status to find failed sends). Alerts belong to their owners; an admin may switch one off.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import ConsortiumAdminMixin, ReadOnlyAdminMixin, subquery_count

from .models import Alert, Match, Notification, NotificationPreference


@admin.register(Alert)
class AlertAdmin(ConsortiumAdminMixin, admin.ModelAdmin):
    list_display = ("name", "owner", "frequency", "is_active", "match_count", "created_at")
    list_filter = ("frequency", "is_active", "created_at")
    list_select_related = ("owner",)
    search_fields = ("name", "keywords", "owner__email")
    date_hierarchy = "created_at"
    autocomplete_fields = ("owner", "technology_areas")
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Alert]:
        return super().get_queryset(request).annotate(match_total=subquery_count(Match, "alert"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Alerts are saved by their owners from a filtered list page.
        return False

    @admin.display(description=_("matches"), ordering="match_total")
    def match_count(self, obj: Alert) -> int:
        return obj.match_total


@admin.register(Match)
class MatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("opportunity", "alert", "organization", "score", "created_at")
    list_filter = ("created_at",)
    list_select_related = ("opportunity", "alert", "organization")
    search_fields = ("opportunity__title", "organization__name", "alert__name")
    date_hierarchy = "created_at"
    fields = ("opportunity", "alert", "organization", "score", "reasons", "created_at")
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "recipient",
        "email",
        "delivery",
        "email_status",
        "attempts",
        "emailed_at",
        "read_at",
    )
    list_filter = ("kind", "email_status", "delivery", "created_at", "emailed_at")
    list_select_related = ("recipient",)
    search_fields = ("recipient__email", "email", "event_key")
    date_hierarchy = "created_at"
    fields = (
        "recipient",
        "email",
        "language",
        "kind",
        "event_key",
        "payload",
        "url",
        "delivery",
        "email_status",
        "attempts",
        "last_error",
        "emailed_at",
        "read_at",
        "created_at",
    )
    readonly_fields = fields


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """People choose their own e-mail deliveries (and unsubscribe links write them)."""

    list_display = ("user", "kind", "delivery", "updated_at")
    list_filter = ("kind", "delivery")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    fields = ("user", "kind", "delivery", "updated_at")
    readonly_fields = fields
