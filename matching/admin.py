"""Alerts and matches in the admin."""

from django.contrib import admin

from accounts.admin_access import ConsortiumAdminMixin, ReadOnlyAdminMixin

from .models import Alert, Match
from .services import alert_areas_sync


@admin.register(Alert)
class AlertAdmin(ConsortiumAdminMixin, admin.ModelAdmin):
    list_display = ["name", "owner", "frequency", "is_active", "created_at"]
    list_filter = ["frequency", "is_active"]
    search_fields = ["name", "keywords", "owner__email"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["technology_areas"]
    list_select_related = ["owner"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the areas are saved here
        alert_areas_sync(alert=form.instance)


@admin.register(Match)
class MatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["opportunity", "alert", "organization", "score", "created_at"]
    list_select_related = ["opportunity", "alert", "organization"]
    search_fields = ["opportunity__title", "organization__name", "alert__name"]
    date_hierarchy = "created_at"
