"""What the marketplace holds about a person that the download must show: the translations
they wrote (core.personal_data; registered in OpportunitiesConfig.ready()). On account
deletion a translation stays with its opportunity and loses the link to its author."""

from typing import Any

from core.personal_data import personal_data_section

from .models import OpportunityTranslation


@personal_data_section("opportunity_translations")
def opportunity_translations(user) -> list[dict[str, Any]]:
    translations = OpportunityTranslation.objects.filter(author=user).select_related("opportunity")
    return [
        {
            "opportunity_id": translation.opportunity_id,
            "opportunity": translation.opportunity.title,
            "language": translation.language,
            "title": translation.title,
            "summary": translation.summary,
            "updated_at": translation.updated_at.isoformat(),
        }
        for translation in translations.order_by("created_at", "pk")
    ]
