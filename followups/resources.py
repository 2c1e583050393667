"""Export of agreements for the consortium's reporting (django-import-export, export only)."""

from django.db.models import QuerySet
from import_export import fields, resources

from .models import FollowUp, Stage


class AgreementResource(resources.ModelResource):
    owner = fields.Field(attribute="owner_organization__name", column_name="owner")
    owner_cluster = fields.Field(
        attribute="owner_organization__cluster__slug", column_name="owner_cluster"
    )
    owner_country = fields.Field(column_name="owner_country")
    partner = fields.Field(attribute="interested_organization__name", column_name="partner")
    partner_cluster = fields.Field(
        attribute="interested_organization__cluster__slug", column_name="partner_cluster"
    )
    partner_country = fields.Field(column_name="partner_country")
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

    def dehydrate_owner_country(self, follow_up: FollowUp) -> str:
        return str(follow_up.owner_organization.country)

    def dehydrate_partner_country(self, follow_up: FollowUp) -> str:
        return str(follow_up.interested_organization.country)


def agreements_queryset(queryset: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    return queryset.filter(stage=Stage.AGREEMENT).select_related(
        "owner_organization__cluster",
        "interested_organization__cluster",
        "interest__opportunity",
    )
