"""The directory pages: /organizations/ and /organizations/<slug>/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from clusters.models import TechnologyArea
from partners.models import ContactVisibility, Organization
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory
from tests.partners.factories import ContactFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("partners:list")


def detail_url(org) -> str:
    return reverse("partners:detail", args=[org.slug])


def make_organizations(count: int, cluster=None) -> None:
    cluster = cluster or ClusterFactory()
    areas = list(TechnologyArea.objects.filter(slug__in=["vaccines", "biologics", "genomics"]))
    for _ in range(count):
        org = OrganizationFactory(cluster=cluster, technology_areas=areas)
        ContactFactory(organization=org, visibility=ContactVisibility.MEMBERS)


# List


def test_the_list_shows_verified_organizations_to_visitors(client):
    OrganizationFactory(name="Shown Verified Org")
    OrganizationFactory(name="Hidden Pending Org", is_verified=False)
    OrganizationFactory(name="Hidden Inactive Org", is_active=False)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert "Shown Verified Org" in response.text
    assert "Hidden Pending Org" not in response.text
    assert "Hidden Inactive Org" not in response.text


def test_the_list_shows_your_own_unverified_organization(client):
    pending = OrganizationFactory(name="My Pending Org", is_verified=False)
    client.force_login(MembershipFactory(organization=pending).user)

    assert "My Pending Org" in client.get(LIST_URL).text


def test_the_country_select_offers_the_countries_of_active_organizations_by_name(client):
    for country in ("JP", "DE", "CA", "DE"):
        OrganizationFactory(country=country)
    OrganizationFactory(country="FR", is_verified=False)  # active: its country is offered
    OrganizationFactory(country="BR", is_active=False)

    with translation.override("en"):
        response = client.get(LIST_URL)

    choices = list(response.context["filterset"].form.fields["country"].choices)
    assert choices == [
        ("", "All countries"),
        ("CA", "Canada"),
        ("FR", "France"),
        ("DE", "Germany"),
        ("JP", "Japan"),
    ]


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_costs_a_constant_number_of_queries(client, django_assert_num_queries, count):
    make_organizations(count)

    # 1 technology areas (area select; the chosen area is found among them), 2 count, 3 the
    # page's keys (by name), 4 its organizations with their cluster, 5 their technology areas
    # with parents, 6 clusters (cluster select), 7 distinct countries (country select).
    with django_assert_num_queries(7):
        response = client.get(LIST_URL, {"area": "therapeutics", "q": "", "kind": "company"})

    assert response.status_code == 200
    assert len(response.context["organizations"]) == min(count, 20)


def test_the_list_for_a_member_costs_the_same_queries_for_1_and_50_rows(
    client, django_assert_num_queries
):
    # Compared with itself rather than with a fixed number: the navigation bar of a signed-in
    # user belongs to other features (notifications...), the rows must not add anything.
    cluster = ClusterFactory()
    make_organizations(1, cluster=cluster)
    client.force_login(MembershipFactory(organization__cluster=cluster).user)
    with CaptureQueriesContext(connection) as one_row:
        client.get(LIST_URL)
    make_organizations(49, cluster=cluster)

    with django_assert_num_queries(len(one_row.captured_queries)):
        response = client.get(LIST_URL)

    assert len(response.context["organizations"]) == 20


def test_a_search_result_links_to_the_organization(client):
    org = OrganizationFactory(name="Kobe Antibody Works")

    response = client.get(LIST_URL, {"q": "antibody"})

    assert detail_url(org) in response.text


def test_an_empty_result_says_so_and_suggests_removing_filters(client):
    OrganizationFactory(name="Alpha")

    response = client.get(LIST_URL, {"q": "nothing-like-this", "kind": "hospital"})

    assert "No organization matches your search." in response.text
    assert "Try removing a filter" in response.text
    # Each active filter comes with a link that removes it and keeps the others.
    assert 'href="?kind=hospital"' in response.text
    assert 'href="?q=nothing-like-this"' in response.text


def test_pagination_links_keep_the_filters(client):
    cluster = ClusterFactory(slug="kansai")
    make_organizations(25, cluster=cluster)

    response = client.get(LIST_URL, {"cluster": "kansai", "kind": "company"})

    assert response.context["page_obj"].paginator.num_pages == 2
    assert 'href="?cluster=kansai&amp;kind=company&amp;page=2"' in response.text


def test_a_non_numeric_page_shows_the_first_page(client):
    make_organizations(25)

    response = client.get(LIST_URL, {"page": "abc"})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_a_page_beyond_the_last_shows_the_last_page(client):
    make_organizations(25)

    response = client.get(LIST_URL, {"page": "999"})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def test_an_htmx_request_gets_only_the_results(client):
    OrganizationFactory(name="Alpha")

    response = client.get(LIST_URL, headers={"HX-Request": "true"})

    assert "Alpha" in response.text
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(
        LIST_URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.text


def test_the_filter_form_works_without_javascript(client):
    response = client.get(LIST_URL)

    assert f'method="get" action="{LIST_URL}"' in response.text
    assert 'name="q"' in response.text and 'name="area"' in response.text


def test_search_text_is_escaped(client):
    response = client.get(LIST_URL, {"q": "<script>alert(1)</script>"})

    assert "<script>alert(1)</script>" not in response.text


# Detail


def test_a_visitor_sees_a_profile_without_personal_contacts(client):
    org = OrganizationFactory(
        name="Lyon Vaccines",
        capabilities="Adjuvant formulation",
        needs="Partners in Korea",
        email="info@lyon.example",
    )
    ContactFactory(organization=org, name="Members Person", visibility=ContactVisibility.MEMBERS)

    response = client.get(detail_url(org))

    assert response.status_code == 200
    assert "Lyon Vaccines" in response.text
    assert "Adjuvant formulation" in response.text
    assert "Partners in Korea" in response.text
    assert "Members Person" not in response.text
    assert "info@lyon.example" not in response.text


def test_a_member_sees_members_contacts_but_not_private_ones(client):
    org = OrganizationFactory()
    ContactFactory(organization=org, name="Members Person", visibility=ContactVisibility.MEMBERS)
    ContactFactory(organization=org, name="Private Person", visibility=ContactVisibility.PRIVATE)
    client.force_login(MembershipFactory().user)

    response = client.get(detail_url(org))

    assert "Members Person" in response.text
    assert "Private Person" not in response.text


def test_an_unverified_profile_is_a_404_for_a_visitor(client):
    assert client.get(detail_url(OrganizationFactory(is_verified=False))).status_code == 404


def test_an_unverified_profile_is_a_404_for_a_user_of_another_organization(client):
    client.force_login(MembershipFactory().user)

    assert client.get(detail_url(OrganizationFactory(is_verified=False))).status_code == 404


def test_an_unverified_profile_is_shown_to_its_own_member(client):
    pending = OrganizationFactory(is_verified=False)
    client.force_login(MembershipFactory(organization=pending).user)

    response = client.get(detail_url(pending))

    assert response.status_code == 200
    assert "Not yet verified" in response.text


def test_an_unknown_profile_is_a_404(client):
    assert client.get(reverse("partners:detail", args=["no-such-org"])).status_code == 404


def test_a_signed_in_user_without_organization_sees_no_contact(client):
    org = OrganizationFactory()
    ContactFactory(organization=org, name="Members Person", visibility=ContactVisibility.MEMBERS)
    client.force_login(UserFactory())

    assert "Members Person" not in client.get(detail_url(org)).text


@pytest.mark.parametrize("page", ["1", "2", "abc", "999"])
def test_a_ranked_search_counts_from_the_rows_of_its_page(client, page):
    """A search sorted by relevance reads its count from its page's rows (`COUNT(*) OVER ()`
    over the ranked candidates), without a COUNT query; only a page past the end is counted,
    then shows the last page."""
    make_organizations(25)
    for organization in Organization.objects.order_by("pk")[:23]:
        organization.capabilities = "monoclonal antibody engineering"
        organization.save()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST_URL, {"q": "antibody", "page": page})

    page_obj = response.context["page_obj"]
    assert page_obj.paginator.count == 23
    assert page_obj.number == (2 if page in ("2", "999") else 1)
    assert len(page_obj.object_list) == (3 if page_obj.number == 2 else 20)
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT")]
    assert len(counts) == (1 if page == "999" else 0)
