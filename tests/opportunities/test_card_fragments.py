"""The marketplace's opportunity cards are kept in the cache (core/fragments.py): a change to
anything a card shows is on the next page at once, each language and each viewer variant
(`owner_visible`) has its own card, and a broken cache only costs rendering them."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from clusters.models import TechnologyArea
from core import fragments
from opportunities import services
from opportunities.models import OpportunityTranslation
from partners.services import organization_update
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.personas import OWNER_NAME

pytestmark = pytest.mark.django_db
URL = reverse("opportunities:list")


def cards(response) -> list[str]:
    """The opportunity cards of a page, as HTML."""
    html = response.content.decode()
    return [part.split("</article>")[0] for part in html.split('class="card card-opportunity"')[1:]]


def card(client: Client, **params) -> str:
    (only,) = cards(client.get(URL, params))
    return only


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


def test_a_pages_cards_are_read_in_one_round_trip_and_written_in_one(client, listed, owner_org):
    PublishedOpportunityFactory(organization=owner_org)
    with (
        mock.patch.object(fragments.cache, "get_many", wraps=fragments.cache.get_many) as read,
        mock.patch.object(fragments.cache, "set_many", wraps=fragments.cache.set_many) as write,
    ):
        client.get(URL)
        client.get(URL)

    assert read.call_count == 2
    assert len(read.call_args_list[0].args[0]) == 3  # the generation and the two cards
    assert write.call_count == 1  # the second page found both
    assert len(write.call_args.args[0]) == 2


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


def test_a_broken_cache_still_renders_the_cards(client, listed, caplog):
    with (
        mock.patch.object(fragments.cache, "get_many", side_effect=ConnectionError),
        mock.patch.object(fragments.cache, "set_many", side_effect=ConnectionError),
    ):
        response = client.get(URL)

    assert response.status_code == 200
    assert "Sepsis assay licence" in cards(response)[0]
    assert "fragments: cache read failed" in caplog.text


def test_retiring_the_fragments_renders_every_card_again(client, listed, renders):
    card(client)
    fragments.invalidate_fragments()
    card(client)

    assert renders == [listed.pk, listed.pk]
