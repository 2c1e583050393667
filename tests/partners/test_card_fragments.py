"""The directory's organization cards are kept in the cache (core/fragments.py): a change to
anything a card shows is on the next page at once, each language has its own card, a card
holds nothing of its viewer, and a broken cache only costs rendering them."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from core import fragments
from partners.services import organization_translations_set, organization_update
from tests.clusters.factories import ClusterFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
URL = reverse("partners:list")


def cards(response) -> list[str]:
    """The organization cards of a page, as HTML."""
    html = response.content.decode()
    return [part.split("</article>")[0] for part in html.split('class="card card-org"')[1:]]


def card(client: Client, **params) -> str:
    (only,) = cards(client.get(URL, params))
    return only


@pytest.fixture
def listed(area):
    return OrganizationFactory(
        name="Lyon Assays",
        cluster=ClusterFactory(name="Rhone Valley Biocluster", country="FR"),
        language="en",
        description="Rapid sepsis assays.",
        technology_areas=[area],
    )


@pytest.fixture
def renders(monkeypatch):
    """The cards rendered (not read from the cache) since the fixture was set up."""
    rendered = []
    real = fragments._render

    def counting(template, fragment, context, row):
        rendered.append(row.pk)
        return real(template, fragment, context, row)

    monkeypatch.setattr(fragments, "_render", counting)
    return rendered


def test_a_card_is_rendered_once_then_read_from_the_cache(client, listed, renders):
    first = card(client)
    second = card(client)

    assert renders == [listed.pk]
    assert second == first


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


def test_a_broken_cache_still_renders_the_cards(client, listed, caplog):
    with (
        mock.patch.object(fragments.cache, "get_many", side_effect=ConnectionError),
        mock.patch.object(fragments.cache, "set_many", side_effect=ConnectionError),
    ):
        response = client.get(URL)

    assert response.status_code == 200
    assert "Lyon Assays" in cards(response)[0]
    assert "fragments: cache write failed" in caplog.text
