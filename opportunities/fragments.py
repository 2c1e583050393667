"""What an opportunity card's HTML depends on
(opportunities/includes/opportunity_card.html), for the copy of it
core/fragments.py keeps in the cache (which adds the language, time zone, script prefix and
template source). Each value below is read by the card, directly or through a property; a new
one the card comes to read belongs here too (tests/opportunities/test_card_fragments.py)."""

from collections.abc import Hashable

from core.fragments import dated, register_fragment

from .models import Opportunity

CARD_TEMPLATE = "opportunities/includes/opportunity_card.html"


def opportunity_card_stamp(opportunity: Opportunity) -> Hashable:
    organization = opportunity.organization
    return (
        # Its own fields (type, title, summary, status, language, dates, stage, TRL), its
        # owner's name, slug and country, its cluster's name, and the areas shown (the
        # prefetched list: one added or removed is another stamp too).
        dated(opportunity, organization, organization.cluster),
        dated(*opportunity.technology_areas.all()),
        # The viewer's: the owner named, or "a member of <cluster>" (mark_owner_visibility).
        opportunity.owner_visible,
        # The reader's version (with_reader_version): its texts, which carry no date here.
        getattr(opportunity, "reader_language", None),
        getattr(opportunity, "reader_title", None),
        getattr(opportunity, "reader_summary", None),
    )


register_fragment(CARD_TEMPLATE, name="opportunity", stamp=opportunity_card_stamp)
