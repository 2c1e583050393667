from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_access import ConsortiumAdminMixin
from clusters.models import ClusterStaff, TechnologyArea
from core.admin import count_column, subquery_count


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

    organization_count = count_column("organization_total", _("organizations"))
    opportunity_count = count_column("opportunity_total", _("opportunities"))


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
