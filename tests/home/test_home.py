import json
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from home.selectors import compute_key_figures, key_figures
from opportunities.models import InterestStatus, OpportunityStatus
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import ExpressionOfInterestFactory, PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_cache(settings):
    """A private cache: the shared test Redis may be flushed by a parallel test run."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "home"}
    }


@pytest.fixture
def cmc():
    return ClusterFactory(
        name="China Medical City", slug="cmc", country="CN", latitude="32.455", longitude="119.923"
    )


def test_home_shows_what_the_consortium_offers(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    for offer in ("Technology transfer", "Partnerships", "Investment", "Outsourcing"):
        assert offer in response.content.decode()


def test_map_markers_come_from_cluster_coordinates(client, cmc):
    ClusterFactory(name="No coordinates yet")
    html = client.get(reverse("home")).content.decode()
    data = re.search(r'<script id="cluster-map-data" type="application/json">(.*?)</script>', html)
    markers = json.loads(data.group(1))
    assert markers == [
        {"name": "China Medical City", "coords": [32.455, 119.923], "url": "/clusters/cmc/"}
    ]


def test_every_cluster_is_listed_for_browsers_without_javascript(client, cmc):
    ClusterFactory(name="No coordinates yet")
    html = client.get(reverse("home")).content.decode()
    assert "China Medical City" in html
    assert "No coordinates yet" in html


def test_home_has_no_inline_script(client, cmc):
    html = client.get(reverse("home")).content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag


def test_key_numbers_count_introductions_and_cross_border_share(cmc):
    lyon = ClusterFactory(name="Lyon")
    owner = OrganizationFactory(cluster=cmc)
    opportunity = PublishedOpportunityFactory(organization=owner)
    ExpressionOfInterestFactory(
        opportunity=opportunity,
        organization=OrganizationFactory(cluster=lyon),
        status=InterestStatus.ACCEPTED,
    )
    ExpressionOfInterestFactory(
        opportunity=opportunity,
        organization=OrganizationFactory(cluster=cmc),
        status=InterestStatus.ACCEPTED,
    )
    ExpressionOfInterestFactory(opportunity=opportunity, status=InterestStatus.PENDING)
    figures = compute_key_figures()
    assert figures.introductions == 2
    assert figures.cross_border_percent == 50


def test_key_numbers_count_only_open_opportunities(cmc):
    PublishedOpportunityFactory(organization__cluster=cmc)
    PublishedOpportunityFactory(organization__cluster=cmc, status=OpportunityStatus.CLOSED)
    PublishedOpportunityFactory(organization__cluster=cmc, organization__is_active=False)
    assert compute_key_figures().opportunities == 1


def test_key_numbers_are_cached(cmc, local_cache, django_assert_num_queries):
    key_figures()
    with django_assert_num_queries(0):
        key_figures()


def test_home_works_when_the_cache_is_down(client, cmc):
    with (
        mock.patch("core.caching.cache.get", side_effect=ConnectionError),
        mock.patch("core.caching.cache.set", side_effect=ConnectionError),
    ):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_visitors_do_not_see_anonymous_opportunities(client, cmc):
    PublishedOpportunityFactory(title="Secret assay", is_anonymous=True, organization__cluster=cmc)
    assert "Secret assay" not in client.get(reverse("home")).content.decode()


def test_members_see_anonymous_opportunities_without_their_owner(client, cmc):
    owner = OrganizationFactory(name="Hidden Pharma Ltd", cluster=cmc)
    PublishedOpportunityFactory(title="Secret assay", is_anonymous=True, organization=owner)
    member = MembershipFactory().user
    client.force_login(member)
    html = client.get(reverse("home")).content.decode()
    assert "Secret assay" in html
    assert "A member of China Medical City" in html
    assert "Hidden Pharma Ltd" not in html


def test_latest_opportunities_name_public_owners(client, cmc):
    owner = OrganizationFactory(name="Open Pharma Ltd", cluster=cmc)
    PublishedOpportunityFactory(title="Open assay", organization=owner)
    html = client.get(reverse("home")).content.decode()
    assert "Open assay" in html
    assert "Open Pharma Ltd" in html


def test_home_shows_an_empty_state_without_opportunities(client):
    assert "No open opportunities yet" in client.get(reverse("home")).content.decode()


def test_visitors_are_invited_to_sign_up(client):
    assert reverse("account_signup") in client.get(reverse("home")).content.decode()


def test_home_takes_a_constant_number_of_queries(client, django_assert_num_queries):
    def build(n: int) -> None:
        for _ in range(n):
            cluster = ClusterFactory()
            PublishedOpportunityFactory.create_batch(2, organization__cluster=cluster)

    build(1)
    # clusters; key figures: introductions, organizations, open opportunities;
    # latest opportunities
    with django_assert_num_queries(5):
        client.get(reverse("home"))
    build(5)
    cache.clear()
    with django_assert_num_queries(5):
        client.get(reverse("home"))


def test_a_warm_cache_saves_the_key_figures_queries(client, local_cache, django_assert_num_queries):
    client.get(reverse("home"))
    with django_assert_num_queries(2):  # clusters and latest opportunities
        client.get(reverse("home"))


def test_signed_in_member_home_takes_a_constant_number_of_queries(
    client, cmc, django_assert_max_num_queries
):
    member = MembershipFactory(organization__cluster=cmc).user
    client.force_login(member)
    client.get(reverse("home"))
    PublishedOpportunityFactory.create_batch(8, organization__cluster=cmc)
    with django_assert_max_num_queries(12):
        client.get(reverse("home"))


def test_members_are_invited_to_post_an_opportunity(client, cmc):
    client.force_login(MembershipFactory(organization__cluster=cmc).user)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("opportunities:create")}">Post an opportunity' in html


def test_cluster_staff_are_sent_to_their_queue(client, cmc):
    from tests.clusters.factories import ClusterStaffFactory

    client.force_login(ClusterStaffFactory(cluster=cmc).user)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("dashboard:home")}">Review your cluster&#x27;s queue' in html


def test_cluster_cards_count_active_organizations_from_the_key_figures(client, cmc):
    OrganizationFactory.create_batch(3, cluster=cmc)
    OrganizationFactory(cluster=cmc, is_active=False)
    other = ClusterFactory()
    OrganizationFactory(cluster=other)
    assert compute_key_figures().organizations_by_cluster == {cmc.pk: 3, other.pk: 1}
    html = client.get(reverse("home")).content.decode()
    assert "3 organizations" in html
    assert re.search(r"\b1 organization(?!s)", html)
