"""Onboarding a cluster's members: organizations and their contacts from CSV or Excel."""

import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Contact, Organization
from tests.clusters.factories import ClusterFactory, TechnologyAreaFactory
from tests.partners.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

IMPORT = "admin:partners_organization_import"
PROCESS = "admin:partners_organization_process_import"
CSV_FORMAT, XLSX_FORMAT = "0", "1"
HEADERS = [
    "slug",
    "name",
    "cluster",
    "kind",
    "country",
    "city",
    "technology_areas",
    "contact_name",
    "contact_email",
]


@pytest.fixture
def lyon():
    return ClusterFactory(slug="lyonbiopole", short_name="Lyonbiopole", country="FR")


@pytest.fixture
def area():
    return TechnologyAreaFactory(slug="diagnostics-ivd", name="Diagnostics/IVD")


def rows(count=20):
    return [
        [
            f"lyon-biotech-{n}",
            f"Lyon Biotech {n}",
            "lyonbiopole",
            "company",
            "FR",
            "Lyon",
            "diagnostics-ivd",
            f"Contact {n}",
            f"contact{n}@lyon-biotech-{n}.example",
        ]
        for n in range(count)
    ]


def as_csv(data, headers=HEADERS):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(data)
    return SimpleUploadedFile("members.csv", buffer.getvalue().encode(), "text/csv")


def dry_run(client, upload, file_format=CSV_FORMAT):
    return client.post(
        reverse(IMPORT), {"resource": "0", "format": file_format, "import_file": upload}
    )


def confirm(client, response):
    assert response.context["confirm_form"] is not None, "the dry run found errors"
    return client.post(reverse(PROCESS), response.context["confirm_form"].initial)


def import_file(client, upload, file_format=CSV_FORMAT):
    return confirm(client, dry_run(client, upload, file_format))


def test_a_dry_run_with_two_invalid_rows_shows_both_errors_and_writes_nothing(
    admin_client, lyon, area
):
    data = rows()
    data[4][2] = "atlantis"  # no such cluster
    data[11][3] = "spaceship"  # no such kind

    response = dry_run(admin_client, as_csv(data))

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [5, 12]
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "Unknown cluster “atlantis”" in page
    assert "“spaceship” is not a valid kind" in page
    assert Organization.objects.count() == 0
    assert Contact.objects.count() == 0


def test_the_fixed_file_creates_twenty_organizations_with_their_contacts(
    admin_client, consortium_admin, lyon, area
):
    response = import_file(admin_client, as_csv(rows()))

    assert response.status_code == 302
    assert Organization.objects.filter(cluster=lyon).count() == 20
    organization = Organization.objects.get(slug="lyon-biotech-7")
    assert organization.name == "Lyon Biotech 7"
    assert organization.country.code == "FR"
    assert list(organization.technology_areas.all()) == [area]
    assert organization.contacts.get().email == "contact7@lyon-biotech-7.example"
    assert organization.history.get().history_user == consortium_admin


def test_reimporting_the_same_file_creates_no_duplicates(admin_client, lyon, area):
    import_file(admin_client, as_csv(rows()))

    response = dry_run(admin_client, as_csv(rows()))
    confirm(admin_client, response)

    assert response.context["result"].totals["skip"] == 20
    assert Organization.objects.count() == 20
    assert Contact.objects.count() == 20


def test_a_reimport_updates_the_organization_and_its_contact(admin_client, lyon, area):
    import_file(admin_client, as_csv(rows()))
    data = rows()
    data[3][5] = "Villeurbanne"
    data[3][7] = "Dr. Contact Three"

    import_file(admin_client, as_csv(data))

    organization = Organization.objects.get(slug="lyon-biotech-3")
    assert organization.city == "Villeurbanne"
    assert organization.contacts.get().name == "Dr. Contact Three"
    assert Organization.objects.count() == 20
    assert organization.history.count() == 2


def test_without_a_slug_column_rows_are_keyed_on_the_name(admin_client, lyon, area):
    headers = HEADERS[1:]
    data = [row[1:] for row in rows(3)]

    import_file(admin_client, as_csv(data, headers))
    import_file(admin_client, as_csv(data, headers))

    assert sorted(Organization.objects.values_list("slug", flat=True)) == [
        "lyon-biotech-0",
        "lyon-biotech-1",
        "lyon-biotech-2",
    ]


def test_a_second_row_for_the_same_organization_adds_a_contact(admin_client, lyon, area):
    data = rows(1) + rows(1)
    data[1][7], data[1][8] = "Second person", "second@lyon-biotech-0.example"

    import_file(admin_client, as_csv(data))

    organization = Organization.objects.get()
    assert sorted(organization.contacts.values_list("name", flat=True)) == [
        "Contact 0",
        "Second person",
    ]


def test_a_slug_taken_in_another_cluster_is_a_row_error(admin_client, lyon, area):
    other = OrganizationFactory(slug="lyon-biotech-0", cluster=ClusterFactory(), name="Other")

    response = dry_run(admin_client, as_csv(rows(1)))

    assert response.context["result"].has_validation_errors()
    other.refresh_from_db()
    assert other.name == "Other"


def test_unknown_technology_areas_and_bad_contact_emails_are_row_errors(admin_client, lyon, area):
    data = rows(2)
    data[0][6] = "diagnostics-ivd;teleportation"
    data[1][8] = "not-an-email"

    response = dry_run(admin_client, as_csv(data))

    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [1, 2]
    assert "teleportation" in response.content.decode()
    assert Organization.objects.count() == 0


def test_an_excel_file_imports_too(admin_client, lyon, area):
    dataset = tablib.Dataset(*rows(2), headers=HEADERS)
    upload = SimpleUploadedFile(
        "members.xlsx",
        dataset.export("xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    import_file(admin_client, upload, XLSX_FORMAT)

    assert Organization.objects.count() == 2


def test_country_names_and_kind_labels_are_understood(admin_client, lyon, area):
    data = rows(1)
    data[0][3], data[0][4] = "Research group", "france"

    import_file(admin_client, as_csv(data))

    organization = Organization.objects.get()
    assert organization.kind == "research_group"
    assert organization.country.code == "FR"


def test_an_existing_contact_matched_by_email_is_not_duplicated(admin_client, lyon, area):
    organization = OrganizationFactory(slug="lyon-biotech-0", cluster=lyon, country="FR")
    ContactFactory(organization=organization, name="Old", email="CONTACT0@lyon-biotech-0.example")

    import_file(admin_client, as_csv(rows(1)))

    assert organization.contacts.get().name == "Contact 0"
