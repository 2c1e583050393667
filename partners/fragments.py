"""What an organization card's HTML depends on
(partners/includes/organization_card.html), for the copy of it
core/fragments.py keeps in the cache (which adds the language, time zone, script prefix and
template source). Each value below is read by the card, directly or through a property; a new
one the card comes to read belongs here too (tests/partners/test_card_fragments.py)."""

from collections.abc import Hashable

from core.fragments import dated, register_fragment

from .models import Organization

CARD_TEMPLATE = "partners/includes/organization_card.html"


def organization_card_stamp(organization: Organization) -> Hashable:
    # Its own fields (name, slug, logo, verification, kind, city, country, language), its
    # cluster's name, the areas shown; whether the reader has a version (the language badge)
    # and the description shown, which carry no date here (with_reader_version).
    return (
        dated(organization, organization.cluster),
        dated(*organization.technology_areas.all()),
        organization.has_reader_version,
        getattr(organization, "reader_language", None),
        getattr(organization, "reader_description", None),
    )


register_fragment(CARD_TEMPLATE, name="organization", stamp=organization_card_stamp)
