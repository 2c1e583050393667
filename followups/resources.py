"""Export of agreements for the consortium's reporting (django-import-export, export only)."""

from django.db.models import QuerySet
from import_export import fields, resources

from partners.resources import organization_columns

from .models import FollowUp, Stage


class AgreementResource(
    organization_columns("owner", "owner_organization"),
    organization_columns("partner", "interested_organization"),
    resources.ModelResource,
):
    opportunity = fields.Field(attribute="interest__opportunity__title", column_name="opportunity")

    class Meta:
        model = FollowUp
        name = "Agreements"
        fields = (
            "id",
            "opportunity",
            "owner",
            "owner_cluster",
            "owner_country",
            "partner",
            "partner_cluster",
            "partner_country",
            "agreement_type",
            "value_band",
            "agreement_date",
            "agreement_side",
            "agreement_recorded_at",
            "disputed_at",
            "introduced_at",
        )
        export_order = fields


def agreements_queryset(queryset: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    return queryset.filter(stage=Stage.AGREEMENT).select_related(
        "owner_organization__cluster",
        "interested_organization__cluster",
        "interest__opportunity",
    )
