"""Attachments, expressions of interest and the event log: read, export, never edited here."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from accounts.admin_access import ConsortiumAdminMixin, ReadOnlyAdminMixin
from accounts.roles import is_consortium_admin
from core.exports import CSV, XLSX  # formula-safe (spreadsheet injection)
from opportunities.models import (
    ExpressionOfInterest,
    OpportunityAttachment,
    OpportunityEvent,
)
from opportunities.resources import (
    InterestResource,
    IntroductionResource,
)


@admin.register(OpportunityAttachment)
class OpportunityAttachmentAdmin(ConsortiumAdminMixin, admin.ModelAdmin):
    list_display = ("original_name", "opportunity", "content_type", "size", "uploaded_at")
    list_filter = ("content_type", "uploaded_at")
    list_select_related = ("opportunity",)
    search_fields = ("original_name", "opportunity__title")
    date_hierarchy = "uploaded_at"
    fields = ("opportunity", "original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Uploaded in the portal, where the file's type and size are checked.
        return False


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(ConsortiumAdminMixin, ExportMixin, admin.ModelAdmin):
    """Interests and introductions (accepted interests). Answered in the portal by the owner."""

    resource_classes = (IntroductionResource, InterestResource)
    export_formats = (CSV, XLSX)
    list_display = (
        "opportunity",
        "owner",
        "organization",
        "status",
        "created_at",
        "answered_at",
    )
    list_filter = (
        "status",
        ("organization__cluster", admin.RelatedOnlyFieldListFilter),
        ("opportunity__organization__cluster", admin.RelatedOnlyFieldListFilter),
        "created_at",
        "answered_at",
    )
    list_select_related = ("opportunity__organization", "organization")
    search_fields = ("opportunity__title", "organization__name", "opportunity__organization__name")
    date_hierarchy = "created_at"
    fields = (
        "opportunity",
        "organization",
        "author",
        "message",
        "status",
        "reply",
        "answered_by",
        "answered_at",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_export_permission(self, request: HttpRequest) -> bool:
        return is_consortium_admin(request.user)

    @admin.display(description=_("owner"), ordering="opportunity__organization__name")
    def owner(self, obj: ExpressionOfInterest) -> str:
        return str(obj.opportunity.organization)


@admin.register(OpportunityEvent)
class OpportunityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "opportunity", "action", "from_status", "to_status", "actor")
    list_filter = ("action", "created_at")
    list_select_related = ("opportunity", "actor")
    search_fields = ("opportunity__title", "actor__email", "comment")
    date_hierarchy = "created_at"
    fields = (
        "opportunity",
        "interest",
        "action",
        "from_status",
        "to_status",
        "actor",
        "comment",
        "created_at",
    )
    readonly_fields = fields
