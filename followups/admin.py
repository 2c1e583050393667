"""Follow-ups in the admin: visible and filterable, changed only in the portal's services."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from import_export.admin import ExportMixin

from accounts.admin_access import ReadOnlyAdminMixin
from accounts.roles import is_consortium_admin
from core.exports import CSV, XLSX  # formula-safe (spreadsheet injection)

from .models import FollowUp, FollowUpEvent, OpportunityFeedback
from .resources import AgreementResource, agreements_queryset


class FollowUpEventInline(admin.TabularInline):
    model = FollowUpEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "side", "actor", "action", "via", "from_stage", "to_stage", "comment")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdminMixin, ExportMixin, admin.ModelAdmin):
    """The export is of agreements (the follow-ups that reached one)."""

    resource_classes = (AgreementResource,)
    export_formats = (CSV, XLSX)
    list_display = (
        "introduced_at",
        "owner_organization",
        "interested_organization",
        "stage",
        "agreement_type",
        "disputed_at",
        "nudges_sent",
    )
    list_filter = (
        "stage",
        "agreement_type",
        "value_band",
        "no_deal_reason",
        ("disputed_at", admin.EmptyFieldListFilter),
        ("owner_organization__cluster", admin.RelatedOnlyFieldListFilter),
        ("interested_organization__cluster", admin.RelatedOnlyFieldListFilter),
        "introduced_at",
    )
    list_select_related = ("owner_organization", "interested_organization")
    search_fields = ("owner_organization__name", "interested_organization__name")
    date_hierarchy = "introduced_at"
    inlines = (FollowUpEventInline,)
    exclude = ("source_type", "source_id")

    def get_export_queryset(self, request: HttpRequest) -> QuerySet[FollowUp]:
        return agreements_queryset(super().get_export_queryset(request))

    def has_export_permission(self, request: HttpRequest) -> bool:
        return is_consortium_admin(request.user)


@admin.register(FollowUpEvent)
class FollowUpEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "follow_up", "side", "action", "via", "from_stage", "to_stage")
    list_filter = ("action", "side", "via", "to_stage", "created_at")
    list_select_related = ("follow_up", "actor")
    search_fields = ("comment", "actor__email")
    date_hierarchy = "created_at"
    exclude = ("answer_key",)


@admin.register(OpportunityFeedback)
class OpportunityFeedbackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "opportunity", "organization", "reason", "show_name")
    list_filter = ("reason", "show_name", "created_at")
    list_select_related = ("opportunity", "organization")
    search_fields = ("opportunity__title", "organization__name", "text")
    date_hierarchy = "created_at"
