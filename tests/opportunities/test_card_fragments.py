"""The marketplace's opportunity cards are kept in the cache (core/fragments.py): a change to
anything a card shows is on the next page at once, each language and each viewer variant
(`owner_visible`) has its own card, and a broken cache only costs rendering them."""

import pytest
from django.test import Client
from django.urls import reverse

from clusters.models import TechnologyArea
from opportunities import services
from opportunities.models import OpportunityTranslation
from partners.services import organization_update
from tests.cards import OPPORTUNITY_CARD, only_card, page_cards
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.personas import OWNER_NAME

pytestmark = pytest.mark.django_db
URL = reverse("opportunities:list")


def cards(response) -> list[str]:
    return page_cards(response, OPPORTUNITY_CARD)


def card(client: Client, **params) -> str:
    return only_card(client, URL, OPPORTUNITY_CARD, **params)


@pytest.fixture
def listed(owner_org, owner, area):
    return PublishedOpportunityFactory(
        organization=owner_org,
        author=owner,
        title="Sepsis assay licence",
        language="en",
        technology_areas=[area],
    )


@pytest.fixture
def stranger(cluster_b):
    """A member of an organization with no introduction to the owner."""
    return MembershipFactory(organization=OrganizationFactory(cluster=cluster_b)).user


def test_a_changed_title_shows_at_once(client, listed):
    card(client)
    listed.title = "Sepsis assay, exclusive licence"
    listed.save()

    assert "Sepsis assay, exclusive licence" in card(client)


def test_a_renamed_owner_shows_at_once(client, listed, owner_org):
    assert OWNER_NAME in card(client)

    organization_update(actor=None, organization=owner_org, data={"name": "Zephyrine Renamed"})

    assert "Zephyrine Renamed" in card(client)


def test_a_renamed_cluster_shows_at_once(client, member_b, anonymous_published, cluster_a):
    client.force_login(member_b)
    assert f"A member of {cluster_a.name}" in card(client, q="anonymous")

    cluster_a.name = "Rhone Alps Biocluster"
    cluster_a.save()  # the admin's edit (the cluster's staff cannot rename it)

    assert "A member of Rhone Alps Biocluster" in card(client, q="anonymous")


def test_a_renamed_technology_area_shows_at_once(client, listed, area):
    assert area.name in card(client)

    area.name = "In vitro diagnostics and assays"
    area.save()  # the taxonomy is edited in the admin

    assert "In vitro diagnostics and assays" in card(client)


def test_an_area_added_shows_at_once(client, listed):
    other = TechnologyArea.objects.exclude(pk__in=listed.technology_areas.all()).first()
    card(client)

    listed.technology_areas.add(other)

    assert other.name in card(client)


def test_a_changed_translation_shows_at_once(client, listed, owner):
    OpportunityTranslation.objects.create(
        opportunity=listed, language="de", title="Sepsis-Test", summary="Lizenz.", author=owner
    )
    german = Client(headers={"Accept-Language": "de"})
    assert "Sepsis-Test" in card(german)

    translation = listed.translations.get()
    translation.title = "Sepsis-Schnelltest"
    translation.save()  # the author's edit (services.opportunity_translations_set, on a draft)

    assert "Sepsis-Schnelltest" in card(german)
    assert "Sepsis assay licence" in card(client)  # English readers keep the original


def test_each_language_gets_its_own_card(listed):
    english, german = Client(), Client(headers={"Accept-Language": "de"})

    for _ in range(2):  # the second round is read from the cache
        assert "France" in card(english)
        assert "Frankreich" in card(german)
        assert "Technologieangebot" in card(german)


@pytest.mark.parametrize("named_first", [True, False])
def test_a_hidden_owners_card_never_reaches_the_introduced_and_vice_versa(
    owner, member_b, other_org, anonymous_published, stranger, cluster_a, named_first
):
    """The introduced party's card names the owner; a member without an introduction reads
    "a member of": each variant has its own entry, whoever comes first."""
    interest = ExpressionOfInterestFactory(opportunity=anonymous_published, organization=other_org)
    services.interest_accept(actor=owner, interest=interest)
    introduced, unintroduced = Client(), Client()
    introduced.force_login(member_b)
    unintroduced.force_login(stranger)
    order = [introduced, unintroduced] if named_first else [unintroduced, introduced]

    for _ in range(2):
        for viewer in order:
            html = card(viewer)
            if viewer is introduced:
                assert OWNER_NAME in html
            else:
                assert OWNER_NAME not in html
                assert f"A member of {cluster_a.name}" in html


def test_a_visitor_gets_the_named_card_a_member_stored_and_nothing_else(
    client, listed, anonymous_published, member_b
):
    """Visitors never see an anonymous opportunity: the cards a member's page stored (one of
    them hidden) add nothing to theirs."""
    member = Client()
    member.force_login(member_b)
    assert len(cards(member.get(URL))) == 2

    (visitor_card,) = cards(client.get(URL))

    assert OWNER_NAME in visitor_card
    assert anonymous_published.title not in visitor_card
