"""core/fragments.py: a list page's cards are read in one round trip, rendered only when
missing, written in one, all retired at once, and a broken cache only costs rendering them
(what each card's key holds: tests/opportunities/ and tests/partners/test_card_fragments.py)."""

from unittest import mock

import pytest
from django.urls import reverse

from core import fragments
from tests.cards import OPPORTUNITY_CARD, ORGANIZATION_CARD, page_cards
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

# The list, its card and a factory of one listed row with `title` in its card.
LISTS = {
    "marketplace": (
        "opportunities:list",
        OPPORTUNITY_CARD,
        lambda title: PublishedOpportunityFactory(title=title),
    ),
    "directory": (
        "partners:list",
        ORGANIZATION_CARD,
        lambda title: OrganizationFactory(name=title),
    ),
}


@pytest.fixture(params=LISTS)
def listing(request):
    return LISTS[request.param]


@pytest.fixture
def renders(monkeypatch):
    """The rows whose card was rendered (not read from the cache) since the fixture began."""
    rendered = []
    real = fragments._render

    def counting(template, fragment, context, row):
        rendered.append(row.pk)
        return real(template, fragment, context, row)

    monkeypatch.setattr(fragments, "_render", counting)
    return rendered


def test_a_card_is_rendered_once_then_read_from_the_cache(client, listing, renders):
    url_name, css_class, make = listing
    row = make("Lyon sepsis assays")

    first = page_cards(client.get(reverse(url_name)), css_class)
    second = page_cards(client.get(reverse(url_name)), css_class)

    assert renders == [row.pk]
    assert second == first
    assert "Lyon sepsis assays" in first[0]


def test_a_pages_cards_are_read_in_one_round_trip_and_written_in_one(client, listing):
    url_name, _css_class, make = listing
    make("One")
    make("Two")
    with (
        mock.patch.object(fragments.cache, "get_many", wraps=fragments.cache.get_many) as read,
        mock.patch.object(fragments.cache, "set_many", wraps=fragments.cache.set_many) as write,
    ):
        client.get(reverse(url_name))
        client.get(reverse(url_name))

    assert read.call_count == 2
    assert len(read.call_args_list[0].args[0]) == 3  # the generation and the two cards
    assert write.call_count == 1  # the second page found both
    assert len(write.call_args.args[0]) == 2


def test_retiring_the_fragments_renders_every_card_again(client, listing, renders):
    url_name, _css_class, make = listing
    row = make("Lyon sepsis assays")
    client.get(reverse(url_name))

    fragments.invalidate_fragments()
    client.get(reverse(url_name))

    assert renders == [row.pk, row.pk]


def test_a_broken_cache_still_renders_the_cards(client, listing, caplog):
    url_name, css_class, make = listing
    make("Lyon sepsis assays")
    with (
        mock.patch.object(fragments.cache, "get_many", side_effect=ConnectionError),
        mock.patch.object(fragments.cache, "set_many", side_effect=ConnectionError),
    ):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert "Lyon sepsis assays" in page_cards(response, css_class)[0]
    assert "fragments: cache read failed" in caplog.text
    assert "fragments: cache write failed" in caplog.text


def test_with_debug_on_every_card_is_rendered(client, settings, listing, renders):
    """Templates reload when edited: a kept card would hide the edit."""
    settings.DEBUG = True
    url_name, _css_class, make = listing
    row = make("Lyon sepsis assays")

    client.get(reverse(url_name))
    client.get(reverse(url_name))

    assert renders == [row.pk, row.pk]


def test_new_interface_translations_render_every_card_again(
    client, listing, renders, settings, tmp_path
):
    url_name, _css_class, make = listing
    row = make("Basel organoid screening")
    catalogue = tmp_path / "de" / "LC_MESSAGES" / "django.mo"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_bytes(b"first deploy")
    settings.LOCALE_PATHS = [tmp_path]
    fragments._catalogue_digest.cache_clear()
    client.get(reverse(url_name))

    catalogue.write_bytes(b"a deploy with other translations")
    fragments._catalogue_digest.cache_clear()  # a new process, after the deploy
    client.get(reverse(url_name))

    assert renders == [row.pk, row.pk]
    fragments._catalogue_digest.cache_clear()
