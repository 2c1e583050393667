"""The organizations' admin, with the count of published opportunities (opportunities sit
above partners, so the column is added here)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import count_column, subquery_count
from opportunities.models import Opportunity, OpportunityStatus
from partners.admin.organizations import OrganizationAdmin as DirectoryOrganizationAdmin
from partners.models import Organization

admin.site.unregister(Organization)


@admin.register(Organization)
class OrganizationAdmin(DirectoryOrganizationAdmin):
    list_display = (*DirectoryOrganizationAdmin.list_display[:-1], "published_count", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                published_total=subquery_count(
                    Opportunity, "organization", status=OpportunityStatus.PUBLISHED
                )
            )
        )

    published_count = count_column("published_total", _("published opportunities"))
