"""The busiest changelists cost a fixed number of queries, whatever the number of rows."""

import pytest
from django.urls import reverse

from opportunities.models import OpportunityStatus
from tests.accounts.factories import UserFactory
from tests.clusters.factories import TechnologyAreaFactory
from tests.opportunities.factories import ExpressionOfInterestFactory, OpportunityFactory
from tests.partners.factories import ContactFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

# Per request, before the changelist itself:
#   session, user, the user's memberships and cluster staff rows (partners.roles),
#   the TOTP check (partners.mfa), and the user's permissions and group permissions
#   (Django's admin templates ask `has_perm`).
REQUEST_QUERIES = 7


def opportunities(count):
    area = TechnologyAreaFactory()
    for opportunity in OpportunityFactory.create_batch(
        count, author=UserFactory(), technology_areas=[area]
    ):
        ExpressionOfInterestFactory(opportunity=opportunity)


def organizations(count):
    for organization in OrganizationFactory.create_batch(count):
        ContactFactory(organization=organization)
        MembershipFactory(organization=organization)


# The opportunity changelist:
#   size of the moderation queue (object-tools link), clusters of the cluster filter,
#   COUNT(*) of the filtered list, the page of rows (organization and cluster joined,
#   interest, introduction and technology-area counts as subqueries), and the two queries
#   of the date hierarchy.
OPPORTUNITY_LIST_QUERIES = REQUEST_QUERIES + 6


@pytest.mark.parametrize("rows", [1, 50])
def test_the_opportunity_list_costs_the_same_for_1_or_50_rows(
    admin_client, django_assert_num_queries, rows
):
    opportunities(rows)
    url = reverse("admin:opportunities_opportunity_changelist")

    with django_assert_num_queries(OPPORTUNITY_LIST_QUERIES):
        response = admin_client.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


# The organization changelist:
#   clusters of the cluster filter, countries of the country filter, COUNT(*) of the filtered
#   list, the page of rows (cluster joined, member and published-opportunity counts as
#   subqueries), and the two queries of the date hierarchy.
ORGANIZATION_LIST_QUERIES = REQUEST_QUERIES + 6


@pytest.mark.parametrize("rows", [1, 50])
def test_the_organization_list_costs_the_same_for_1_or_50_rows(
    admin_client, django_assert_num_queries, rows
):
    organizations(rows)
    url = reverse("admin:partners_organization_changelist")

    with django_assert_num_queries(ORGANIZATION_LIST_QUERIES):
        response = admin_client.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_moderation_queue_costs_the_same_for_1_or_50_rows(
    admin_client, django_assert_num_queries, rows
):
    OpportunityFactory.create_batch(rows, status=OpportunityStatus.SUBMITTED)
    url = reverse("admin:opportunities_opportunity_moderation_queue")

    # Clusters of the filter, COUNT(*), the page of rows.
    with django_assert_num_queries(REQUEST_QUERIES + 3):
        response = admin_client.get(url)

    assert len(response.context["cl"].result_list) == rows
