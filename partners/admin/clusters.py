"""The clusters' admin lives with the organizations: its list counts them."""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import ConsortiumAdminMixin
from clusters.models import Cluster, ClusterService, ClusterStaff
from core.admin import count_column, subquery_count
from partners.models import Organization


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

    organization_count = count_column("organization_total", _("organizations"))
    verified_count = count_column("verified_total", _("verified"))
    staff_count = count_column("staff_total", _("staff"))
