"""Exports for reporting: organizations, opportunities and introductions."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opportunities.models import InterestStatus
from tests.clusters.factories import ClusterFactory, TechnologyAreaFactory
from tests.opportunities.factories import ExpressionOfInterestFactory, PublishedOpportunityFactory
from tests.partners.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def export_csv(client, url_name, resource="0", query=""):
    url = reverse(url_name) + query
    form = client.get(url).context["form"]
    data = {"format": "0", "resource": resource}
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False) and field.initial:
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_organizations_export_with_their_first_contact(admin_client):
    area = TechnologyAreaFactory(slug="cdmo")
    organization = OrganizationFactory(
        name="Kyoto CDMO", cluster=ClusterFactory(slug="kansai"), technology_areas=[area]
    )
    ContactFactory(organization=organization, name="Aiko", position=0)
    ContactFactory(organization=organization, name="Ben", position=1)

    rows = export_csv(admin_client, "admin:partners_organization_export")

    assert len(rows) == 1
    assert rows[0]["name"] == "Kyoto CDMO"
    assert rows[0]["cluster"] == "kansai"
    assert rows[0]["technology_areas"] == "cdmo"
    assert rows[0]["contact_name"] == "Aiko"


def test_the_organization_export_reimports_as_is(admin_client):
    organization = OrganizationFactory(cluster=ClusterFactory(slug="kansai"))
    ContactFactory(organization=organization)
    rows = export_csv(admin_client, "admin:partners_organization_export")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)

    response = admin_client.post(
        reverse("admin:partners_organization_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("export.csv", buffer.getvalue().encode()),
        },
    )

    assert not response.context["result"].has_validation_errors()
    assert response.context["result"].totals["skip"] == 1


def test_the_organization_export_follows_the_changelist_filters(admin_client):
    OrganizationFactory(name="Verified one", is_verified=True)
    OrganizationFactory(name="Unverified one", is_verified=False)

    rows = export_csv(
        admin_client, "admin:partners_organization_export", query="?is_verified__exact=0"
    )

    assert [row["name"] for row in rows] == ["Unverified one"]


def test_opportunities_export_with_interest_and_introduction_counts(admin_client):
    opportunity = PublishedOpportunityFactory(title="Licensable assay")
    ExpressionOfInterestFactory(opportunity=opportunity, status=InterestStatus.ACCEPTED)
    ExpressionOfInterestFactory(opportunity=opportunity)

    rows = export_csv(admin_client, "admin:opportunities_opportunity_export")

    assert len(rows) == 1
    assert rows[0]["title"] == "Licensable assay"
    assert rows[0]["interests"] == "2"
    assert rows[0]["introductions"] == "1"
    assert rows[0]["cluster"] == opportunity.organization.cluster.slug


def test_introductions_export_only_accepted_interests(admin_client):
    owner_cluster = ClusterFactory(slug="lyon", country="FR")
    partner_cluster = ClusterFactory(slug="osaka", country="JP")
    opportunity = PublishedOpportunityFactory(
        organization=OrganizationFactory(cluster=owner_cluster)
    )
    ExpressionOfInterestFactory(
        opportunity=opportunity,
        organization=OrganizationFactory(cluster=partner_cluster, name="Osaka Lab"),
        status=InterestStatus.ACCEPTED,
    )
    ExpressionOfInterestFactory(opportunity=opportunity, status=InterestStatus.PENDING)
    ExpressionOfInterestFactory(opportunity=opportunity, status=InterestStatus.DECLINED)

    rows = export_csv(admin_client, "admin:opportunities_expressionofinterest_export")

    assert len(rows) == 1
    assert rows[0]["interested"] == "Osaka Lab"
    assert (rows[0]["owner_country"], rows[0]["interested_country"]) == ("FR", "JP")
    assert (rows[0]["owner_cluster"], rows[0]["interested_cluster"]) == ("lyon", "osaka")


def test_all_interests_export_with_their_status(admin_client):
    ExpressionOfInterestFactory(status=InterestStatus.ACCEPTED)
    ExpressionOfInterestFactory(status=InterestStatus.PENDING)

    rows = export_csv(admin_client, "admin:opportunities_expressionofinterest_export", "1")

    assert sorted(row["status"] for row in rows) == ["accepted", "pending"]


@pytest.mark.parametrize("rows", [1, 30])
def test_the_opportunity_export_costs_the_same_for_1_or_30_rows(
    admin_client, django_assert_num_queries, rows
):
    area = TechnologyAreaFactory()
    for opportunity in PublishedOpportunityFactory.create_batch(rows, technology_areas=[area]):
        ExpressionOfInterestFactory(opportunity=opportunity)
    url = reverse("admin:opportunities_opportunity_export")
    form = admin_client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update(
        {
            name: "on"
            for name, field in form.fields.items()
            if getattr(field, "is_selectable_field", False)
        }
    )

    # Request (7), the page of rows with counts, their technology areas.
    with django_assert_num_queries(9):
        admin_client.post(url, data)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_organization_export_costs_the_same_for_1_or_30_rows(
    admin_client, django_assert_num_queries, rows
):
    area = TechnologyAreaFactory()
    for organization in OrganizationFactory.create_batch(rows, technology_areas=[area]):
        ContactFactory(organization=organization)
    url = reverse("admin:partners_organization_export")
    form = admin_client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update(
        {
            name: "on"
            for name, field in form.fields.items()
            if getattr(field, "is_selectable_field", False)
        }
    )

    # Request (7), the rows with their cluster, their technology areas, their contacts.
    with django_assert_num_queries(10):
        admin_client.post(url, data)
