"""The search lists count at most COUNT_CAP rows ("over 1,000") and rank relevance among the
newest RANKED_CANDIDATES matches: a common term costs the same as a rare one. Plans, not
timings (the timings are `make bench`'s)."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from core import listing, search
from core.listing import CappedPaginator
from opportunities.models import Opportunity
from opportunities.selectors import opportunity_list
from partners.models import Organization
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory
from tests.performance.test_indexes import analyze, plan_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organoid_offers():
    organization = OrganizationFactory()
    owners = Organization.objects.bulk_create(
        OrganizationFactory.build(
            cluster=organization.cluster, slug=f"owner-{n}", name=f"Owner {n}"
        )
        for n in range(30)
    )
    offers = [
        PublishedOpportunityFactory.build(
            organization=owners[n], title=f"Organoid kidney model {n}", is_anonymous=False
        )
        for n in range(12)
    ] + [
        PublishedOpportunityFactory.build(organization=owners[n % 30], title=f"Offer {n}")
        for n in range(3000)
    ]
    Opportunity.objects.bulk_create(offers)
    analyze(Opportunity, "opportunities_opp_search_gin")
    return organization


def test_the_capped_count_reads_at_most_cap_plus_one_rows_through_the_gin_index(organoid_offers):
    queryset = opportunity_list(filters={"q": "organoid", "sort": "newest"}, user=AnonymousUser())
    paginator = CappedPaginator(queryset, 20, cap=5)
    counted = queryset.order_by().values("pk")[: paginator.cap + 1]  # what `count` wraps

    plan = plan_of(counted)

    assert "opportunities_opp_search_gin" in plan
    assert "Limit" in plan.splitlines()[0]
    assert "Seq Scan on opportunities_opportunity" not in plan
    assert (paginator.count, paginator.is_capped, paginator.num_pages) == (5, True, 1)


def test_an_uncapped_count_is_exact(organoid_offers):
    queryset = opportunity_list(filters={"q": "organoid", "sort": "newest"}, user=AnonymousUser())
    paginator = CappedPaginator(queryset, 20, cap=None)
    assert (paginator.count, paginator.is_capped) == (12, False)


def test_relevance_ranks_only_the_newest_candidates_through_the_gin_index(organoid_offers):
    with mock.patch.object(search, "RANKED_CANDIDATES", 4):
        queryset = opportunity_list(filters={"q": "organoid"}, user=AnonymousUser())
        plan = plan_of(queryset)
        rows = list(queryset)

    assert "opportunities_opp_search_gin" in plan
    assert "Seq Scan on opportunities_opportunity" not in plan
    newest = sorted(
        Opportunity.objects.filter(title__startswith="Organoid"),
        key=lambda o: (o.published_at, o.pk),
        reverse=True,
    )[:5]
    assert {row.pk for row in rows} == {row.pk for row in newest}


@pytest.mark.parametrize(
    ("url", "expected"),
    [("opportunities:list", "over 4 opportunities"), ("partners:list", "over 4 organizations")],
)
def test_a_list_beyond_the_cap_says_over(client, organoid_offers, url, expected):
    Organization.objects.bulk_create(
        OrganizationFactory.build(cluster=organoid_offers.cluster, name=f"Organoid lab {n}")
        for n in range(8)
    )
    with (
        mock.patch.object(search, "RANKED_CANDIDATES", 4),
        mock.patch.object(listing, "RANKED_CANDIDATES", 4),
    ):
        html = client.get(reverse(url), {"q": "organoid"}).content.decode()
    assert expected in html
