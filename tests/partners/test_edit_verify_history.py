"""Verification records who and when; the history shows who changed what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import MembershipRole
from partners.services import organization_update
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory
from tests.partners.editing import organization_form_data
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.personas import staff_of

pytestmark = pytest.mark.django_db


def test_staff_verification_records_who_and_when(client):
    organization = OrganizationFactory(is_verified=False)
    staff = staff_of(organization.cluster)
    client.force_login(staff)

    response = client.post(reverse("partners:verify", args=[organization.slug]))

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.is_verified
    assert organization.verified_by == staff
    assert organization.verified_at is not None


def test_staff_can_withdraw_a_verification(client):
    organization = OrganizationFactory(is_verified=True)
    client.force_login(staff_of(organization.cluster))

    client.post(reverse("partners:verify", args=[organization.slug]), {"action": "unverify"})

    organization.refresh_from_db()
    assert not organization.is_verified
    assert organization.verified_by is None


def test_verification_is_post_only(client):
    organization = OrganizationFactory(is_verified=False)
    client.force_login(staff_of(organization.cluster))

    assert client.get(reverse("partners:verify", args=[organization.slug])).status_code == 405
    organization.refresh_from_db()
    assert not organization.is_verified


def test_organization_admin_cannot_verify_their_own_organization(client):
    organization = OrganizationFactory(is_verified=False)
    admin = MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user
    client.force_login(admin)

    response = client.post(reverse("partners:verify", args=[organization.slug]))

    assert response.status_code == 403
    organization.refresh_from_db()
    assert not organization.is_verified


def test_history_shows_who_changed_what(client):
    organization = OrganizationFactory(city="Lyon")
    staff = staff_of(organization.cluster)
    client.force_login(staff)
    client.post(
        reverse("partners:edit", args=[organization.slug]),
        organization_form_data(organization, city="Grenoble"),
    )

    page = client.get(reverse("partners:history", args=[organization.slug])).content.decode()

    assert "Lyon" in page
    assert "Grenoble" in page
    assert str(staff) in page


def test_the_profile_page_says_when_and_by_whom_it_was_last_updated(client):
    organization = OrganizationFactory()
    editor = UserFactory(first_name="Grace", last_name="Hopper")
    organization_update(actor=editor, organization=organization, data={"city": "Basel"})
    client.force_login(staff_of(organization.cluster))

    page = client.get(reverse("partners:detail", args=[organization.slug])).content.decode()

    assert "Last updated" in page
    assert "by Grace Hopper" in page


def test_members_do_not_see_the_history_on_the_profile(client):
    organization = OrganizationFactory()
    client.force_login(MembershipFactory(organization=organization).user)

    page = client.get(reverse("partners:detail", args=[organization.slug])).content.decode()

    assert "Last updated" not in page


def test_history_page_costs_the_same_queries_however_long_the_history(
    client, django_assert_num_queries
):
    organization = OrganizationFactory()
    staff = staff_of(organization.cluster)
    client.force_login(staff)
    url = reverse("partners:history", args=[organization.slug])
    client.get(url)  # warm up the session and the MFA check

    with CaptureQueriesContext(connection) as short_history:
        client.get(url)
    for city in ("A", "B", "C", "D", "E"):
        organization_update(actor=staff, organization=organization, data={"city": city})

    with django_assert_num_queries(len(short_history.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr>") > 5


def test_staff_of_another_cluster_cannot_read_the_history(client):
    organization = OrganizationFactory()
    client.force_login(staff_of(ClusterFactory()))

    assert client.get(reverse("partners:history", args=[organization.slug])).status_code == 403
