"""Keyset pages of the directory and the marketplace (core.listing.paginate with a Keyset):
"Next" and "Previous" are cursors, numbered links and old `?page=N` links keep working, the
pages go on past the capped count, and a cursor page costs the queries of a numbered one."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from core import listing
from opportunities.filters import NEWEST
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("partners:list")
MARKETPLACE = reverse("opportunities:list")


def link(response, rel: str) -> dict[str, str] | None:
    """The query of the page's rel="next"/"prev" link, or None."""
    found = re.search(rf'rel="{rel}" href="([^"]*)"', response.text)
    if found is None:
        return None
    query = parse_qs(urlsplit(unescape(found.group(1))).query)
    return {key: values[0] for key, values in query.items()}


def names(response) -> list[str]:
    return [organization.name for organization in response.context["organizations"]]


def titles(response) -> list[str]:
    return [opportunity.title for opportunity in response.context["opportunities"]]


@pytest.fixture
def directory():
    # Names out of creation order, so that the order is the list's, not the table's.
    for number in reversed(range(45)):
        OrganizationFactory(name=f"Org {number:02d}")
    return [f"Org {number:02d}" for number in range(45)]


def test_next_is_a_cursor_and_leads_to_the_following_rows(client, directory):
    first = client.get(DIRECTORY)
    after = link(first, "next")

    second = client.get(DIRECTORY, after)

    assert set(after) == {"after"}
    assert names(first) == directory[:20]
    assert names(second) == directory[20:40]
    assert second.context["page_obj"].number == 2
    assert 'aria-current="page"><span class="page-link">2<' in second.text


def test_the_last_cursor_page_has_no_next_and_previous_goes_back(client, directory):
    second = client.get(DIRECTORY, link(client.get(DIRECTORY), "next"))
    third = client.get(DIRECTORY, link(second, "next"))
    back = link(third, "prev")

    assert names(third) == directory[40:]
    assert link(third, "next") is None
    assert set(back) == {"before"}
    assert names(client.get(DIRECTORY, back)) == directory[20:40]
    # From the second page, "Previous" is the first page's number.
    assert link(second, "prev") == {"page": "1"}


def test_old_numbered_links_still_work(client, directory):
    response = client.get(DIRECTORY, {"page": "2"})

    assert names(response) == directory[20:40]
    assert 'href="?page=1"' in response.text


def test_filters_are_kept_and_a_removed_filter_starts_again(client, directory):
    first = client.get(DIRECTORY, {"kind": "company", "sort": "name"})
    after = link(first, "next")
    second = client.get(DIRECTORY, after)

    assert after["kind"] == "company" and after["sort"] == "name"
    assert names(second) == directory[20:40]
    # The chip that removes a filter leads back to the first page.
    assert 'href="?sort=name"' in second.text


def test_the_pages_go_on_past_the_capped_count(client, directory, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 30)
    last_numbered = client.get(DIRECTORY, {"page": "2"})
    beyond = client.get(DIRECTORY, link(last_numbered, "next"))

    assert last_numbered.context["page_obj"].paginator.is_capped
    assert names(last_numbered) == directory[20:30]
    assert names(beyond) == directory[30:45]
    assert beyond.context["page_obj"].number == 3
    assert "Page 3" in beyond.text and "Page 3 of" not in beyond.text
    assert "over 30 organizations" in beyond.text


def test_a_cursor_page_costs_the_queries_of_a_numbered_page(
    client, directory, django_assert_num_queries
):
    after = link(client.get(DIRECTORY, {"kind": "company"}), "next")

    # As the numbered page: 1 count, 2 the page's keys, 3 its organizations with their
    # cluster, 4 their technology areas, 5 clusters (select), 6 distinct countries (select),
    # 7 technology areas (select).
    with django_assert_num_queries(7):
        client.get(DIRECTORY, {"kind": "company"})
    with django_assert_num_queries(7):
        response = client.get(DIRECTORY, after)

    assert names(response) == directory[20:40]


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WzEsMiwzXQ", "!!!"])
def test_a_cursor_that_is_not_ours_gives_the_first_page(client, directory, cursor):
    response = client.get(DIRECTORY, {"after": cursor})

    assert response.status_code == 200
    assert names(response) == directory[:20]


def test_lists_in_another_order_keep_numbered_pages(client, directory):
    response = client.get(DIRECTORY, {"sort": "newest"})

    assert link(response, "next") == {"sort": "newest", "page": "2"}


def test_the_marketplace_pages_by_publication_time_ties_and_unpublished_last(client, owner_org):
    now = timezone.now()
    for number in range(30):
        # Three opportunities per publication time: the primary key breaks the ties.
        PublishedOpportunityFactory(
            organization=owner_org,
            title=f"Offer {number:02d}",
            published_at=now - datetime.timedelta(hours=number // 3),
        )
    PublishedOpportunityFactory(organization=owner_org, title="Never dated", published_at=None)
    # Newest first: each group of three by time, the last created first within it.
    expected = [f"Offer {3 * group + place:02d}" for group in range(10) for place in (2, 1, 0)]

    first = client.get(MARKETPLACE)
    second = client.get(MARKETPLACE, link(first, "next"))

    assert titles(first) == expected[:20]
    assert titles(second) == [*expected[20:], "Never dated"]
    assert titles(client.get(MARKETPLACE, link(second, "prev"))) == expected[:20]


def test_a_marketplace_cursor_after_an_undated_row_reads_the_rest(client, owner_org):
    undated = [
        PublishedOpportunityFactory(organization=owner_org, published_at=None) for _ in range(3)
    ]
    token = NEWEST.encode(2, undated[2])

    response = client.get(MARKETPLACE, {"after": token})

    assert [o.pk for o in response.context["opportunities"]] == [undated[1].pk, undated[0].pk]
