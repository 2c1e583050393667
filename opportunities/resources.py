"""Exports for reporting (django-import-export): opportunities, interests and introductions.

Export only: opportunities and interests are created in the portal, through the services.
"""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from import_export import fields, resources

from clusters.models import TechnologyArea
from partners.resources import organization_columns

from .models import ExpressionOfInterest, InterestStatus, Opportunity


def _list(values: Any) -> str:
    return ";".join(str(value) for value in values or [])


class OpportunityResource(resources.ModelResource):
    organization = fields.Field(attribute="organization__name", column_name="organization")
    organization_slug = fields.Field(
        attribute="organization__slug", column_name="organization_slug"
    )
    cluster = fields.Field(attribute="organization__cluster__slug", column_name="cluster")
    country = fields.Field(column_name="country")
    technology_areas = fields.Field(column_name="technology_areas")
    collaboration_types = fields.Field(column_name="collaboration_types")
    partner_kinds = fields.Field(column_name="partner_kinds")
    target_countries = fields.Field(column_name="target_countries")
    interest_count = fields.Field(attribute="interest_total", column_name="interests")
    introduction_count = fields.Field(attribute="introduction_total", column_name="introductions")

    class Meta:
        model = Opportunity
        name = "Opportunities"
        fields = (
            "id",
            "title",
            "type",
            "status",
            "organization",
            "organization_slug",
            "cluster",
            "country",
            "is_anonymous",
            "stage",
            "trl",
            "ip_status",
            "technology_areas",
            "collaboration_types",
            "partner_kinds",
            "target_countries",
            "created_at",
            "submitted_at",
            "published_at",
            "expires_on",
            "closed_at",
            "close_reason",
            "renewal_count",
            "interest_count",
            "introduction_count",
        )
        export_order = fields

    def dehydrate_country(self, opportunity: Opportunity) -> str:
        return opportunity.organization.country.code

    def dehydrate_technology_areas(self, opportunity: Opportunity) -> str:
        return _list(area.slug for area in opportunity.technology_areas.all())

    def dehydrate_collaboration_types(self, opportunity: Opportunity) -> str:
        return _list(opportunity.collaboration_types)

    def dehydrate_partner_kinds(self, opportunity: Opportunity) -> str:
        return _list(opportunity.partner_kinds)

    def dehydrate_target_countries(self, opportunity: Opportunity) -> str:
        return _list(opportunity.target_countries)

    def get_queryset(self) -> QuerySet[Opportunity]:
        # The admin passes its own queryset, prepared by `export_queryset` too.
        return export_queryset(super().get_queryset())


def export_queryset(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """Everything an export row reads, loaded in a fixed number of queries."""
    if "interest_total" not in queryset.query.annotations:
        queryset = queryset.annotate(
            interest_total=Count("interests", distinct=True),
            introduction_total=Count(
                "interests",
                filter=Q(interests__status=InterestStatus.ACCEPTED),
                distinct=True,
            ),
        )
    return queryset.select_related("organization__cluster").prefetch_related(
        Prefetch("technology_areas", queryset=TechnologyArea.objects.only("id", "slug"))
    )


# The opportunity and the two organizations of an interest, as exported columns.
_BOTH_SIDES = (
    "id",
    "opportunity_id",
    "opportunity",
    "opportunity_type",
    "owner",
    "owner_cluster",
    "owner_country",
    "interested",
    "interested_cluster",
    "interested_country",
)


class InterestResource(
    organization_columns("owner", "opportunity__organization"),
    organization_columns("interested", "organization"),
    resources.ModelResource,
):
    """One row per expression of interest, with both sides' organization and cluster."""

    opportunity_id = fields.Field(attribute="opportunity_id", column_name="opportunity_id")
    opportunity = fields.Field(attribute="opportunity__title", column_name="opportunity")
    opportunity_type = fields.Field(attribute="opportunity__type", column_name="opportunity_type")
    sent_at = fields.Field(attribute="created_at", column_name="sent_at")

    class Meta:
        model = ExpressionOfInterest
        name = "Expressions of interest"
        fields = (*_BOTH_SIDES, "status", "sent_at", "answered_at")
        export_order = fields

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return queryset.select_related(
            "opportunity__organization__cluster", "organization__cluster"
        )


class IntroductionResource(InterestResource):
    """Introductions: accepted expressions of interest, the consortium's main outcome."""

    introduced_at = fields.Field(attribute="answered_at", column_name="introduced_at")

    class Meta(InterestResource.Meta):
        name = "Introductions (accepted expressions of interest)"
        fields = (*_BOTH_SIDES, "sent_at", "introduced_at")
        export_order = fields

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return super().filter_export(queryset, **kwargs).filter(status=InterestStatus.ACCEPTED)
