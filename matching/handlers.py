"""Matching reacts to the marketplace's domain events (registered in MatchingConfig.ready)."""

from core.domain_events import subscribe
from opportunities.models import Opportunity, OpportunityEvent

from .services import opportunity_match


@subscribe("opportunity.published")
def match_published_opportunity(*, event: OpportunityEvent) -> None:
    opportunity_match(
        opportunity=Opportunity.objects.select_related("organization").get(pk=event.opportunity_id)
    )
