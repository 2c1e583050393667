"""Opportunities in the admin: moderation by the consortium secretariat.

Every state change goes through `opportunities.services`, exactly as for cluster staff in the
portal (one rule, two doors): the event is recorded, the author is notified, and an illegal
transition is refused with the service's message, per opportunity. The change form edits the
content only; the status and its dates are read-only there.
"""

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import ConsortiumAdminMixin, ReadOnlyAdminMixin, TranslationInline
from accounts.roles import is_consortium_admin
from core.admin import apply_per_object, subquery_count
from core.exports import CSV, XLSX  # formula-safe (spreadsheet injection)
from opportunities.models import (
    FIT_FIELDS,
    CollaborationType,
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityAttachment,
    OpportunityEvent,
    OpportunityStatus,
    OpportunityTranslation,
)
from opportunities.resources import (
    OpportunityResource,
    export_queryset,
)
from opportunities.scoring import completeness
from opportunities.services.lifecycle import (
    opportunity_expire,
)
from partners.models import OrganizationKind

from .moderation import ModerationActionsMixin, days_since

# Set by the services' transitions only: read-only in the change form.
STATUS_FIELDS = (
    "status",
    "moderation_comment",
    "close_reason",
    "submitted_at",
    "published_at",
    "closed_at",
    "renewal_count",
    "created_at",
    "updated_at",
)


class ExpiryFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return (
            ("overdue", _("Published, past its expiry date")),
            ("soon", _("Published, expires within 14 days")),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        published = queryset.filter(status=OpportunityStatus.PUBLISHED)
        if self.value() == "overdue":
            return published.filter(expires_on__lte=today)
        if self.value() == "soon":
            return published.filter(
                expires_on__gt=today, expires_on__lte=today + datetime.timedelta(days=14)
            )
        return queryset


class OpportunityAdminForm(forms.ModelForm):
    collaboration_types = forms.MultipleChoiceField(
        label=_("collaboration types sought"),
        choices=CollaborationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partner_kinds = forms.MultipleChoiceField(
        label=_("partner kinds sought"),
        choices=OrganizationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_countries = forms.MultipleChoiceField(
        label=_("target countries"),
        choices=countries,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        required=False,
    )

    class Meta:
        model = Opportunity
        fields = ("collaboration_types",)  # the admin adds the fields of its fieldsets


class OpportunityEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OpportunityEvent
    fk_name = "opportunity"
    extra = 0
    fields = ("created_at", "action", "from_status", "to_status", "actor", "comment")
    readonly_fields = fields
    ordering = ("-created_at",)
    verbose_name_plural = _("events (who did what, when)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[OpportunityEvent]:
        return super().get_queryset(request).select_related("actor")


class InterestInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ExpressionOfInterest
    fk_name = "opportunity"
    extra = 0
    fields = ("organization", "status", "created_at", "answered_at")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExpressionOfInterest]:
        return super().get_queryset(request).select_related("organization")


class OpportunityTranslationInline(TranslationInline):
    """The author's translations, reviewed with the opportunity (sending the opportunity back
    for changes is how to fix one)."""

    model = OpportunityTranslation
    fields = ("language", "title", "summary", "author", "updated_at")
    readonly_fields = fields


class AttachmentInline(ConsortiumAdminMixin, admin.TabularInline):
    """Attachments are uploaded in the portal (checked there); here they can only be removed."""

    model = OpportunityAttachment
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False


@admin.register(Opportunity)
class OpportunityAdmin(
    ModerationActionsMixin, ConsortiumAdminMixin, ExportMixin, SimpleHistoryAdmin
):
    form = OpportunityAdminForm
    # Export button, plus a link to the moderation queue.
    import_export_change_list_template = "admin/opportunities/opportunity/change_list.html"
    resource_classes = (OpportunityResource,)
    export_formats = (CSV, XLSX)
    list_display = (
        "title",
        "organization",
        "cluster",
        "type",
        "status",
        "interest_count",
        "completeness_score",
        "days_waiting",
        "published_at",
        "expires_on",
    )
    list_filter = (
        "status",
        "type",
        ("organization__cluster", admin.RelatedOnlyFieldListFilter),
        ExpiryFilter,
        "stage",
        "is_anonymous",
        "created_at",
        "submitted_at",
        "published_at",
        "expires_on",
    )
    # Tens of thousands of rows: skip the second, unfiltered COUNT(*).
    show_full_result_count = False
    list_select_related = ("organization__cluster",)
    search_fields = ("title", "summary", "organization__name")
    search_help_text = _("Title, summary or organization name.")
    date_hierarchy = "created_at"
    autocomplete_fields = ("organization", "author", "technology_areas")
    readonly_fields = (*STATUS_FIELDS, "completeness_score")
    fieldsets = (
        (None, {"fields": ("title", "type", "organization", "author", "is_anonymous")}),
        (
            _("Content"),
            {
                "fields": (
                    "summary",
                    "description",
                    "technology_areas",
                    *FIT_FIELDS,
                    "expires_on",
                    "completeness_score",
                )
            },
        ),
        (
            _("Status (changed only by the actions)"),
            {"fields": STATUS_FIELDS},
        ),
    )
    inlines = (
        OpportunityTranslationInline,
        AttachmentInline,
        InterestInline,
        OpportunityEventInline,
    )
    actions = ("publish", "request_changes", "reject", "expire_overdue")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Opportunity]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                interest_total=subquery_count(ExpressionOfInterest, "opportunity"),
                introduction_total=subquery_count(
                    ExpressionOfInterest, "opportunity", status=InterestStatus.ACCEPTED
                ),
                area_total=subquery_count(Opportunity.technology_areas.through, "opportunity"),
            )
        )

    def get_export_queryset(self, request: HttpRequest) -> QuerySet[Opportunity]:
        return export_queryset(super().get_export_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Opportunities are posted by members in the portal, through the services.
        return False

    def has_export_permission(self, request: HttpRequest) -> bool:
        return is_consortium_admin(request.user)

    def revert_disabled(self, request: HttpRequest, obj: Opportunity | None = None) -> bool:
        # Reverting would change the status behind the services' back.
        return True

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        return [
            path(
                "moderation-queue/",
                self.admin_site.admin_view(self.moderation_queue_view),
                name=f"{info[0]}_{info[1]}_moderation_queue",
            ),
            *super().get_urls(),
        ]

    def moderation_queue_view(self, request: HttpRequest) -> HttpResponse:
        return ModerationQueueAdmin(self.model, self.admin_site).changelist_view(request)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = extra_context or {}
        extra_context["moderation_queue_count"] = Opportunity.objects.filter(
            status=OpportunityStatus.SUBMITTED
        ).count()
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("cluster"), ordering="organization__cluster__name")
    def cluster(self, obj: Opportunity) -> str:
        return str(obj.organization.cluster)

    @admin.display(description=_("interests"), ordering="interest_total")
    def interest_count(self, obj: Opportunity) -> str:
        return f"{obj.interest_total} / {obj.introduction_total}"

    @admin.display(description=_("completeness"))
    def completeness_score(self, obj: Opportunity) -> str:
        area_count = getattr(obj, "area_total", None)
        if area_count is None:
            area_count = obj.technology_areas.count() if obj.pk else 0
        score = completeness(
            summary=obj.summary,
            technology_area_count=area_count,
            stage=obj.stage,
            trl=obj.trl,
            ip_status=obj.ip_status,
            collaboration_types=obj.collaboration_types,
            target_countries=obj.target_countries,
        ).score
        return f"{score}%"

    @admin.display(description=_("days waiting"), ordering="submitted_at")
    def days_waiting(self, obj: Opportunity) -> int | None:
        if obj.status != OpportunityStatus.SUBMITTED:
            return None
        return days_since(obj.submitted_at)

    @admin.action(description=_("Expire selected opportunities past their expiry date"))
    def expire_overdue(self, request: HttpRequest, queryset: QuerySet[Opportunity]) -> None:
        today = timezone.localdate()

        def expire(opportunity: Opportunity) -> None:
            if opportunity.expires_on is None or opportunity.expires_on > today:
                raise ValidationError(
                    gettext("has not reached its expiry date (%(date)s).")
                    % {
                        "date": date_format(opportunity.expires_on)
                        if opportunity.expires_on
                        else "—"
                    }
                )
            opportunity_expire(opportunity=opportunity)

        apply_per_object(
            self,
            request,
            queryset,
            expire,
            done_message=gettext("Expired %(count)d opportunity(ies): %(objects)s."),
        )


class ModerationQueueAdmin(ModerationActionsMixin, ConsortiumAdminMixin, admin.ModelAdmin):
    """Submitted opportunities, oldest first, with how long each has waited.

    Not registered: `OpportunityAdmin` serves it at `moderation-queue/`, so the queue has the
    changelist's filters, search, pagination and actions without a proxy model.
    """

    change_list_template = "admin/opportunities/opportunity/moderation_queue.html"
    list_display = (
        "title",
        "organization",
        "cluster",
        "type",
        "submitted_at",
        "waiting",
        "completeness_score",
    )
    list_display_links = ("title",)
    list_filter = (("organization__cluster", admin.RelatedOnlyFieldListFilter), "type")
    list_select_related = ("organization__cluster",)
    search_fields = ("title", "summary", "organization__name")
    ordering = ("submitted_at", "pk")
    actions = ("publish", "request_changes", "reject")
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Opportunity]:
        return (
            super()
            .get_queryset(request)
            .filter(status=OpportunityStatus.SUBMITTED)
            .annotate(
                area_total=subquery_count(Opportunity.technology_areas.through, "opportunity")
            )
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {
            "title": gettext("Moderation queue"),
            "subtitle": gettext("Submitted opportunities, oldest first"),
            "changelist_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                current_app=self.admin_site.name,
            ),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    cluster = OpportunityAdmin.cluster
    completeness_score = OpportunityAdmin.completeness_score

    @admin.display(description=_("waiting"), ordering="submitted_at")
    def waiting(self, obj: Opportunity) -> str:
        days = days_since(obj.submitted_at)
        if days is None:
            return "—"
        text = ngettext("%(days)d day", "%(days)d days", days) % {"days": days}
        if days >= 7:
            return format_html("<strong>{}</strong>", text)
        return text
