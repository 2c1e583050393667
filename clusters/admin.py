from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from clusters.models import Cluster, ClusterService, ClusterStaff, TechnologyArea
from core.admin import ConsortiumAdminMixin, subquery_count
from partners.models import Organization


class TaxonomyLevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return (("top", _("Top areas")), ("sub", _("Sub-areas")))

    def queryset(self, request, queryset):
        if self.value() == "top":
            return queryset.filter(parent__isnull=True)
        if self.value() == "sub":
            return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(TechnologyArea)
class TechnologyAreaAdmin(ConsortiumAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "parent",
        "slug",
        "position",
        "organization_count",
        "opportunity_count",
    )
    list_display_links = ("name",)
    list_editable = ("position",)
    list_filter = (TaxonomyLevelFilter, ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "parent__name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("parent__position", "parent__name", "position", "name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[TechnologyArea]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                organization_total=subquery_count(
                    TechnologyArea.organizations.through, "technologyarea"
                ),
                opportunity_total=subquery_count(
                    TechnologyArea.opportunities.through, "technologyarea"
                ),
            )
        )

    @admin.display(description=_("organizations"), ordering="organization_total")
    def organization_count(self, obj: TechnologyArea) -> int:
        return obj.organization_total

    @admin.display(description=_("opportunities"), ordering="opportunity_total")
    def opportunity_count(self, obj: TechnologyArea) -> int:
        return obj.opportunity_total


class ClusterAdminForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("services offered"),
        choices=ClusterService.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Cluster
        fields = ("services",)  # the admin adds the fields of its fieldsets


class ClusterStaffInline(ConsortiumAdminMixin, admin.TabularInline):
    model = ClusterStaff
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Cluster)
class ClusterAdmin(ConsortiumAdminMixin, SimpleHistoryAdmin):
    form = ClusterAdminForm
    list_display = (
        "name",
        "short_name",
        "country",
        "city",
        "is_coordinator",
        "organization_count",
        "verified_count",
        "staff_count",
        "updated_at",
    )
    list_filter = ("country", "is_coordinator")
    search_fields = ("name", "short_name", "slug", "city", "region")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("focus_areas",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (ClusterStaffInline,)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "is_coordinator")}),
        (_("Place"), {"fields": ("country", "city", "region", "latitude", "longitude")}),
        (
            _("Profile"),
            {
                "fields": (
                    "website",
                    "logo",
                    "description",
                    "focus_areas",
                    "services",
                    "employees",
                    "founded_year",
                )
            },
        ),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cluster]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                organization_total=subquery_count(Organization, "cluster", is_active=True),
                verified_total=subquery_count(
                    Organization, "cluster", is_active=True, is_verified=True
                ),
                staff_total=subquery_count(ClusterStaff, "cluster"),
            )
        )

    @admin.display(description=_("organizations"), ordering="organization_total")
    def organization_count(self, obj: Cluster) -> int:
        return obj.organization_total

    @admin.display(description=_("verified"), ordering="verified_total")
    def verified_count(self, obj: Cluster) -> int:
        return obj.verified_total

    @admin.display(description=_("staff"), ordering="staff_total")
    def staff_count(self, obj: Cluster) -> int:
        return obj.staff_total


@admin.register(ClusterStaff)
class ClusterStaffAdmin(ConsortiumAdminMixin, admin.ModelAdmin):
    list_display = ("user", "user_email", "cluster", "created_at")
    list_filter = ("cluster", "created_at")
    list_select_related = ("user", "cluster")
    search_fields = ("user__email", "user__first_name", "user__last_name", "cluster__name")
    autocomplete_fields = ("user", "cluster")
    readonly_fields = ("created_at",)
    date_hierarchy = "created_at"

    @admin.display(description=_("e-mail"), ordering="user__email")
    def user_email(self, obj: ClusterStaff) -> str:
        return obj.user.email
