"""The directory's organization cards are kept in the cache (core/fragments.py): a change to
anything a card shows is on the next page at once, each language has its own card, a card
holds nothing of its viewer, and a broken cache only costs rendering them."""

import pytest
from django.test import Client
from django.urls import reverse

from partners.services import organization_translations_set, organization_update
from tests.cards import ORGANIZATION_CARD, only_card, page_cards
from tests.clusters.factories import ClusterFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
URL = reverse("partners:list")


def cards(response) -> list[str]:
    return page_cards(response, ORGANIZATION_CARD)


def card(client: Client, **params) -> str:
    return only_card(client, URL, ORGANIZATION_CARD, **params)


@pytest.fixture
def listed(area):
    return OrganizationFactory(
        name="Lyon Assays",
        cluster=ClusterFactory(name="Rhone Valley Biocluster", country="FR"),
        language="en",
        description="Rapid sepsis assays.",
        technology_areas=[area],
    )


def test_a_changed_name_shows_at_once(client, listed):
    card(client)

    organization_update(actor=None, organization=listed, data={"name": "Lyon Assays SAS"})

    assert "Lyon Assays SAS" in card(client)


def test_a_verification_shows_at_once(listed, staff_of_listed):
    member = Client()
    member.force_login(staff_of_listed)
    listed.is_verified = False
    listed.save()
    assert "Not yet verified" in card(member)

    listed.is_verified = True
    listed.save()

    assert "Verified" in card(member) and "Not yet" not in card(member)


@pytest.fixture
def staff_of_listed(listed):
    """A member of the listed organization (who sees it unverified too)."""
    return MembershipFactory(organization=listed).user


def test_a_renamed_cluster_shows_at_once(client, listed):
    card(client)
    cluster = listed.cluster
    cluster.name = "Rhone Alps Biocluster"
    cluster.save()  # the admin's edit (the cluster's staff cannot rename it)

    assert "member of Rhone Alps Biocluster" in card(client)


def test_a_renamed_technology_area_shows_at_once(client, listed, area):
    assert area.name in card(client)

    area.name = "In vitro diagnostics and assays"
    area.save()  # the taxonomy is edited in the admin

    assert "In vitro diagnostics and assays" in card(client)


def test_a_changed_translation_shows_at_once(client, listed):
    german = Client(headers={"Accept-Language": "de"})
    organization_translations_set(
        actor=None, organization=listed, translations=[{"language": "de", "description": "Tests."}]
    )
    assert "Tests." in card(german)

    organization_translations_set(
        actor=None,
        organization=listed,
        translations=[{"language": "de", "description": "Schnelltests für Sepsis."}],
    )

    assert "Schnelltests für Sepsis." in card(german)
    assert "Rapid sepsis assays." in card(client)  # English readers keep the original


def test_each_language_gets_its_own_card(listed):
    english, german = Client(), Client(headers={"Accept-Language": "de"})

    for _ in range(2):  # the second round is read from the cache
        assert "France" in card(english)
        assert "Frankreich" in card(german)


def test_a_members_stored_cards_add_nothing_to_a_visitors_page(client, listed, staff_of_listed):
    """A member also sees their own unverified organization: its card, stored by their page,
    is not on a visitor's."""
    unverified = OrganizationFactory(name="Pending Lab", is_verified=False, cluster=listed.cluster)
    member = Client()
    member.force_login(MembershipFactory(organization=unverified).user)
    assert len(cards(member.get(URL))) == 2

    (visitor_card,) = cards(client.get(URL))

    assert "Lyon Assays" in visitor_card
