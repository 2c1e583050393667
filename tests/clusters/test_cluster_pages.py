"""/clusters/ and /clusters/<slug>/."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from clusters.models import Cluster, TechnologyArea
from partners.models import Organization, OrganizationKind
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def detail_url(cluster) -> str:
    return reverse("clusters:detail", args=[cluster.slug])


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())


def test_the_list_shows_exactly_the_ten_seeded_clusters_with_their_countries(client, seeded):
    response = client.get(reverse("clusters:list"))

    assert response.status_code == 200
    shown = list(response.context["clusters"])
    assert len(shown) == 10
    for cluster in Cluster.objects.all():
        assert detail_url(cluster) in response.text
        assert str(cluster.country.name) in response.text


def test_each_seeded_cluster_page_lists_its_organizations(client, seeded):
    for cluster in Cluster.objects.all():
        response = client.get(detail_url(cluster))

        assert response.status_code == 200
        listed = response.context["organizations"]
        assert listed, cluster.slug
        assert {org.cluster_id for org in listed} == {cluster.pk}
        for org in listed:
            assert reverse("partners:detail", args=[org.slug]) in response.text


def test_the_list_counts_verified_organizations_and_published_opportunities(client):
    cluster = ClusterFactory()
    org = OrganizationFactory(cluster=cluster)
    OrganizationFactory(cluster=cluster, is_verified=False)
    PublishedOpportunityFactory(organization=org)
    OpportunityFactory(organization=org)  # a draft does not count

    response = client.get(reverse("clusters:list"))

    [shown] = response.context["clusters"]
    assert shown.organization_count == 1
    assert shown.opportunity_count == 1


def test_the_list_costs_one_query_per_kind_of_data(client, django_assert_num_queries):
    for _ in range(3):
        OrganizationFactory(cluster=ClusterFactory())

    # 1 clusters with their counts, 2 their focus areas.
    with django_assert_num_queries(2):
        client.get(reverse("clusters:list"))


def test_a_cluster_page_shows_profile_services_focus_areas_and_contact(client):
    cluster = ClusterFactory(
        name="Kansai Bio",
        description="Regenerative medicine around Osaka.",
        services=["incubation", "market_entry"],
        contact_email="desk@kansai.example",
        employees=47000,
    )
    cluster.focus_areas.set([TechnologyArea.objects.get(slug="cell-gene-therapy")])

    response = client.get(detail_url(cluster))

    assert "Regenerative medicine around Osaka." in response.text
    assert "Incubation" in response.text and "Market entry support" in response.text
    assert "Cell &amp; gene therapy" in response.text
    assert "desk@kansai.example" in response.text
    assert "47000" in response.text


def test_a_cluster_page_counts_its_organizations_by_kind(client):
    cluster = ClusterFactory()
    OrganizationFactory.create_batch(2, cluster=cluster, kind=OrganizationKind.HOSPITAL)
    OrganizationFactory(cluster=cluster, kind=OrganizationKind.INVESTOR)
    OrganizationFactory(kind=OrganizationKind.INVESTOR)  # another cluster

    response = client.get(detail_url(cluster))

    assert {row["kind"]: row["count"] for row in response.context["kind_counts"]} == {
        "hospital": 2,
        "investor": 1,
    }


def test_a_cluster_page_hides_unverified_members_from_visitors(client):
    cluster = ClusterFactory()
    OrganizationFactory(cluster=cluster, name="Listed Member")
    OrganizationFactory(cluster=cluster, name="Pending Member", is_verified=False)

    response = client.get(detail_url(cluster))

    assert "Listed Member" in response.text
    assert "Pending Member" not in response.text


def test_a_cluster_page_paginates_its_members(client):
    cluster = ClusterFactory()
    OrganizationFactory.create_batch(30, cluster=cluster)

    response = client.get(detail_url(cluster), {"page": "2"})

    assert response.context["page_obj"].number == 2
    assert len(response.context["organizations"]) == 6
    assert client.get(detail_url(cluster), {"page": "x"}).status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_a_cluster_page_costs_a_constant_number_of_queries(
    client, django_assert_num_queries, count
):
    cluster = ClusterFactory()
    areas = TechnologyArea.objects.filter(slug__in=["vaccines", "genomics"])
    for _ in range(count):
        org = OrganizationFactory(cluster=cluster, technology_areas=areas)
        PublishedOpportunityFactory(organization=org, technology_areas=areas)

    # 1 cluster with its counts, 2 its focus areas, 3 count of members, 4 page of members with
    # their cluster, 5 their technology areas with parents, 6 members by kind, 7 latest
    # opportunities with their owner, 8 their technology areas.
    with django_assert_num_queries(8):
        response = client.get(detail_url(cluster))

    assert len(response.context["organizations"]) == min(count, 24)


def test_a_cluster_page_shows_its_published_opportunities_only(client):
    cluster = ClusterFactory()
    org = OrganizationFactory(cluster=cluster, name="Owner Org")
    PublishedOpportunityFactory(organization=org, title="Licensable assay")
    OpportunityFactory(organization=org, title="Draft idea")
    PublishedOpportunityFactory(title="Elsewhere")

    response = client.get(detail_url(cluster))

    assert "Licensable assay" in response.text
    assert "Draft idea" not in response.text
    assert "Elsewhere" not in response.text


def test_a_cluster_page_keeps_the_owner_of_an_anonymous_opportunity_hidden(client):
    cluster = ClusterFactory()
    owner = OrganizationFactory(cluster=cluster, name="Secret Owner")
    PublishedOpportunityFactory(organization=owner, title="Anonymous offer", is_anonymous=True)
    client.force_login(MembershipFactory().user)

    response = client.get(detail_url(cluster))

    [shown] = response.context["opportunities"]
    assert shown.title == "Anonymous offer"
    assert not shown.owner_visible


def test_an_unknown_cluster_is_a_404(client):
    assert client.get(reverse("clusters:detail", args=["atlantis"])).status_code == 404


def test_seeding_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    first = (
        Organization.objects.count(),
        sorted(Organization.objects.values_list("slug", flat=True)),
        Organization.technology_areas.through.objects.count(),
        Organization.objects.filter(contacts__isnull=False).count(),
    )

    call_command("seed_demo", stdout=StringIO())

    second = (
        Organization.objects.count(),
        sorted(Organization.objects.values_list("slug", flat=True)),
        Organization.technology_areas.through.objects.count(),
        Organization.objects.filter(contacts__isnull=False).count(),
    )
    assert second == first
