"""What an organization card's HTML depends on
(partners/includes/organization_card.html), for the copy of it
core/fragments.py keeps in the cache (which adds the language, time zone, script prefix and
template source). Each value below is read by the card, directly or through a property; a new
one the card comes to read belongs here too (tests/partners/test_card_fragments.py)."""

from collections.abc import Hashable

from core.fragments import register_fragment

from .models import Organization

CARD_TEMPLATE = "partners/includes/organization_card.html"


def organization_card_stamp(organization: Organization) -> Hashable:
    cluster = organization.cluster
    return (
        # Its own fields (name, slug, logo, verification, kind, city, country, language).
        organization.pk,
        organization.updated_at,
        # The reader's version (with_reader_version): whether there is one (the language badge)
        # and the description shown, which carry no date here.
        organization.has_reader_version,
        getattr(organization, "reader_language", None),
        getattr(organization, "reader_description", None),
        # Its cluster's name.
        cluster.pk,
        cluster.updated_at,
        # The areas shown (the prefetched list), each with its name's date.
        tuple((area.pk, area.updated_at) for area in organization.technology_areas.all()),
    )


register_fragment(CARD_TEMPLATE, name="organization", stamp=organization_card_stamp)
