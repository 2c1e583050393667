"""interests_involving: the interests some organizations sent or received, as one UNION."""

import pytest

from opportunities.models import ExpressionOfInterest, InterestStatus
from opportunities.selectors import INTEREST_ROW_DEFERRED, interests_involving
from tests.opportunities.factories import ExpressionOfInterestFactory, PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine():
    return OrganizationFactory()


def test_it_holds_the_interests_sent_and_those_received(mine):
    sent = ExpressionOfInterestFactory(organization=mine)
    received = ExpressionOfInterestFactory(
        opportunity=PublishedOpportunityFactory(organization=mine)
    )
    ExpressionOfInterestFactory()  # between two other organizations
    assert set(interests_involving([mine.pk])) == {sent, received}


def test_among_narrows_both_sides(mine):
    accepted = ExpressionOfInterestFactory(organization=mine, status=InterestStatus.ACCEPTED)
    ExpressionOfInterestFactory(organization=mine)  # pending
    received = ExpressionOfInterestFactory(
        opportunity=PublishedOpportunityFactory(organization=mine), status=InterestStatus.ACCEPTED
    )
    ExpressionOfInterestFactory(opportunity=PublishedOpportunityFactory(organization=mine))
    among = ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
    assert set(interests_involving([mine.pk], among=among)) == {accepted, received}


def test_no_organization_no_interest():
    ExpressionOfInterestFactory()
    assert not interests_involving([]).exists()


def test_it_is_one_query_of_a_union(mine, django_assert_num_queries):
    ExpressionOfInterestFactory(organization=mine)
    queryset = interests_involving([mine.pk]).defer(*INTEREST_ROW_DEFERRED)
    assert "UNION" in str(queryset.query)
    with django_assert_num_queries(1):
        assert len(list(queryset)) == 1
