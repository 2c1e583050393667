"""Creating and editing organization profiles in the browser."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from clusters.models import TechnologyArea
from core.uploads import MESSAGE_NOT_IMAGE
from partners.models import Contact, ContactVisibility, MembershipRole, Organization
from tests.clusters.factories import ClusterFactory
from tests.partners.editing import (
    contacts_management,
    organization_form_data,
    png_upload,
)
from tests.partners.factories import ContactFactory, MembershipFactory, OrganizationFactory
from tests.personas import staff_of

pytestmark = pytest.mark.django_db


def admin_of(organization):
    return MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user


def new_organization_data(cluster, **changes) -> dict:
    data = {
        "name": "Lyon Assay Labs",
        "kind": "company",
        "cluster": cluster.pk,
        "country": "FR",
        "city": "Lyon",
        **contacts_management(total=1),
        "contacts-0-name": "Marie Curie",
        "contacts-0-role": "CEO",
        "contacts-0-email": "marie@example.org",
        "contacts-0-visibility": ContactVisibility.MEMBERS,
    }
    data.update(changes)
    return data


def test_staff_create_an_organization_of_their_cluster_with_areas_and_contacts(client):
    cluster = ClusterFactory()
    staff = staff_of(cluster)
    areas = list(TechnologyArea.objects.filter(parent__isnull=False)[:2])
    client.force_login(staff)

    response = client.post(
        reverse("partners:create"),
        new_organization_data(cluster, technology_areas=[area.pk for area in areas]),
    )

    organization = Organization.objects.get(name="Lyon Assay Labs")
    assert response["Location"] == reverse("partners:detail", args=[organization.slug])
    assert organization.cluster == cluster
    assert not organization.is_verified
    assert set(organization.technology_areas.all()) == set(areas)
    contact = organization.contacts.get()
    assert (contact.name, contact.visibility) == ("Marie Curie", ContactVisibility.MEMBERS)
    assert organization.history.first().history_user == staff


def test_staff_cannot_create_in_another_cluster(client):
    staff = staff_of(ClusterFactory())
    other = ClusterFactory()
    client.force_login(staff)

    response = client.post(reverse("partners:create"), new_organization_data(other))

    assert response.status_code == 403
    assert not Organization.objects.filter(name="Lyon Assay Labs").exists()


def test_posting_verification_fields_on_create_changes_nothing(client):
    cluster = ClusterFactory()
    staff = staff_of(cluster)
    client.force_login(staff)

    client.post(
        reverse("partners:create"),
        new_organization_data(
            cluster, is_verified="on", verified_by=staff.pk, slug="chosen", is_active=""
        ),
    )

    organization = Organization.objects.get(name="Lyon Assay Labs")
    assert not organization.is_verified
    assert organization.verified_by is None
    assert organization.slug == "lyon-assay-labs"
    assert organization.is_active


def test_organization_admin_edits_their_profile(client):
    organization = OrganizationFactory()
    client.force_login(admin_of(organization))

    response = client.post(
        reverse("partners:edit", args=[organization.slug]),
        organization_form_data(organization, description="We license assays.", city="Lyon"),
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.description, organization.city) == ("We license assays.", "Lyon")


def test_organization_admin_cannot_verify_or_move_by_posting_extra_fields(client):
    organization = OrganizationFactory(is_verified=False)
    other_cluster = ClusterFactory()
    client.force_login(admin_of(organization))

    response = client.post(
        reverse("partners:edit", args=[organization.slug]),
        organization_form_data(
            organization, cluster=other_cluster.pk, is_verified="on", verified_at="2026-01-01"
        ),
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.cluster != other_cluster
    assert not organization.is_verified
    assert organization.verified_at is None


def test_the_edit_form_offers_the_cluster_only_to_consortium_admins(client):
    organization = OrganizationFactory()
    client.force_login(admin_of(organization))

    page = client.get(reverse("partners:edit", args=[organization.slug])).content.decode()

    assert 'name="cluster"' not in page
    assert 'name="is_verified"' not in page


def test_the_areas_chooser_is_grouped_by_top_area(client):
    organization = OrganizationFactory()
    client.force_login(admin_of(organization))

    page = client.get(reverse("partners:edit", args=[organization.slug])).content.decode()

    assert "<summary" in page
    assert "Therapeutics" in page
    assert "Cell &amp; gene therapy" in page


def test_a_file_that_is_not_an_image_is_refused_as_logo(client):
    organization = OrganizationFactory()
    client.force_login(admin_of(organization))
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.7 not an image", content_type="image/png")

    response = client.post(
        reverse("partners:edit", args=[organization.slug]),
        organization_form_data(organization, name="Renamed", logo=fake),
    )

    assert response.status_code == 200
    assert str(MESSAGE_NOT_IMAGE) in response.content.decode()
    organization.refresh_from_db()
    assert organization.name != "Renamed"
    assert not organization.logo


def test_a_real_image_is_stored_as_logo(client):
    organization = OrganizationFactory()
    client.force_login(admin_of(organization))

    client.post(
        reverse("partners:edit", args=[organization.slug]),
        organization_form_data(organization, logo=png_upload("our secret plan.png")),
    )

    organization.refresh_from_db()
    assert organization.logo.name.startswith("organizations/logos/")
    # Stored under a random name: the uploader's file name never reaches the disk or a URL.
    assert "secret" not in organization.logo.name
    assert organization.logo.name.endswith(".png")


def test_contacts_are_edited_and_deleted_through_the_formset(client):
    organization = OrganizationFactory()
    keep = ContactFactory(organization=organization, name="Keep")
    drop = ContactFactory(organization=organization, name="Drop")
    client.force_login(admin_of(organization))
    data = organization_form_data(organization, **contacts_management(total=2, initial=2))
    for index, contact in enumerate(Contact.objects.filter(organization=organization)):
        data.update(
            {
                f"contacts-{index}-id": contact.pk,
                f"contacts-{index}-name": contact.name,
                f"contacts-{index}-email": contact.email,
                f"contacts-{index}-visibility": ContactVisibility.PRIVATE,
            }
        )
        if contact == drop:
            data[f"contacts-{index}-DELETE"] = "on"

    client.post(reverse("partners:edit", args=[organization.slug]), data)

    assert list(organization.contacts.values_list("name", "visibility")) == [
        (keep.name, ContactVisibility.PRIVATE)
    ]


def test_contacts_of_another_organization_cannot_be_edited_through_the_formset(client):
    organization = OrganizationFactory()
    foreign = ContactFactory(name="Foreign")
    client.force_login(admin_of(organization))
    data = organization_form_data(organization, **contacts_management(total=1, initial=1))
    data.update(
        {
            "contacts-0-id": foreign.pk,
            "contacts-0-name": "Hijacked",
            "contacts-0-visibility": ContactVisibility.MEMBERS,
        }
    )

    client.post(reverse("partners:edit", args=[organization.slug]), data)

    foreign.refresh_from_db()
    assert foreign.name == "Foreign"


def test_staff_of_another_cluster_cannot_edit(client):
    organization = OrganizationFactory()
    client.force_login(staff_of(ClusterFactory()))

    response = client.post(
        reverse("partners:edit", args=[organization.slug]),
        organization_form_data(organization, name="Taken over"),
    )

    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.name != "Taken over"


def test_an_unverified_organization_stays_hidden_from_other_clusters_staff(client):
    organization = OrganizationFactory(is_verified=False)
    client.force_login(staff_of(ClusterFactory()))

    assert client.get(reverse("partners:edit", args=[organization.slug])).status_code == 404


def test_edit_post_without_csrf_token_is_rejected(db):
    organization = OrganizationFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_of(organization))

    response = client.post(
        reverse("partners:edit", args=[organization.slug]),
        organization_form_data(organization, name="Forged"),
    )

    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.name != "Forged"


def test_the_organization_page_shows_the_edit_button_only_to_editors(client):
    organization = OrganizationFactory()
    edit_url = reverse("partners:edit", args=[organization.slug])
    client.force_login(MembershipFactory(organization=organization).user)
    assert (
        edit_url
        not in client.get(reverse("partners:detail", args=[organization.slug])).content.decode()
    )

    client.force_login(admin_of(organization))
    assert (
        edit_url
        in client.get(reverse("partners:detail", args=[organization.slug])).content.decode()
    )
