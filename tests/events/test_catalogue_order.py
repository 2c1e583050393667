"""The participant catalogue's order (organization, then last name) and search read the names a
registration carries; they follow a renamed organization or person."""

import pytest
from django.urls import reverse

from accounts.services import user_update_profile
from events.models import Registration
from partners.services import organization_update
from tests.accounts.factories import UserFactory
from tests.admin.test_change_forms import form_data
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(register, event, site):
    """`person(organization, first, last)`: a registered member with that name."""

    def make(organization, first_name: str, last_name: str) -> Registration:
        user = UserFactory(first_name=first_name, last_name=last_name)
        MembershipFactory(user=user, organization=organization)
        return register(event, organization, user=user)

    return make


def _catalogue(client, viewer: Registration, **filters) -> list[Registration]:
    client.force_login(viewer.user)
    url = reverse("events:participants", args=[viewer.event.slug])
    response = client.get(url, filters)
    assert response.status_code == 200
    return list(response.context["participants"])


def _found_by(client, viewer: Registration, *searches: str) -> list[list[Registration]]:
    return [_catalogue(client, viewer, q=search) for search in searches]


def test_a_registration_carries_the_names_of_its_organization_and_person(person, site):
    registration = person(site.seoul_org, "Bora", "Kim")

    registration.refresh_from_db()
    assert (registration.organization_name, registration.first_name, registration.last_name) == (
        "Seoul Devices",
        "Bora",
        "Kim",
    )


def test_the_catalogue_lists_by_organization_then_last_name(client, alice, person, site):
    zeta = OrganizationFactory(cluster=site.osaka, name="Zeta Pharma", country="JP")
    ito = person(zeta, "Aoi", "Ito")
    kim = person(site.seoul_org, "Bora", "Kim")
    ahn = person(site.seoul_org, "Jin", "Ahn")

    assert _catalogue(client, alice) == [ahn, kim, ito]


def test_a_renamed_organization_moves_in_the_catalogue(client, alice, person, site):
    zeta = OrganizationFactory(cluster=site.osaka, name="Zeta Pharma", country="JP")
    ito = person(zeta, "Aoi", "Ito")
    kim = person(site.seoul_org, "Bora", "Kim")

    organization_update(actor=None, organization=zeta, data={"name": "Alpha Pharma"})

    assert _catalogue(client, alice) == [ito, kim]
    assert _found_by(client, alice, "alpha", "zeta") == [[ito], []]


def test_a_renamed_person_moves_in_the_catalogue_and_is_found_by_the_new_name(
    client, alice, person, site
):
    kim = person(site.seoul_org, "Bora", "Kim")
    ahn = person(site.seoul_org, "Jin", "Ahn")

    user_update_profile(user=kim.user, data={"first_name": "Bomi", "last_name": "Choi"})

    assert [ahn, kim] == _catalogue(client, alice)
    assert _found_by(client, alice, "bomi choi", "bora") == [[kim], []]


def test_the_search_matches_each_word_in_any_of_the_names_offer_or_seek(
    client, alice, person, site
):
    kim = person(site.seoul_org, "Bora", "Kim")
    person(site.seoul_org, "Jin", "Ahn")

    assert _catalogue(client, alice, q="seoul bora") == [kim]
    assert _catalogue(client, alice, q="devices kim") == [kim]


def test_an_organization_renamed_in_the_admin_moves_in_the_catalogue(client, alice, person, site):
    zeta = OrganizationFactory(cluster=site.osaka, name="Zeta Pharma", country="JP")
    ito = person(zeta, "Aoi", "Ito")
    kim = person(site.seoul_org, "Bora", "Kim")
    client.force_login(UserFactory(is_staff=True, totp=True))
    url = reverse("admin:partners_organization_change", args=[zeta.pk])
    data = form_data(client.get(url))
    data["name"] = "Alpha Pharma"

    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert _catalogue(client, alice) == [ito, kim]
    assert _found_by(client, alice, "alpha", "zeta") == [[ito], []]


def test_a_person_renamed_in_the_admin_moves_in_the_catalogue(client, alice, person, site):
    kim = person(site.seoul_org, "Bora", "Kim")
    ahn = person(site.seoul_org, "Jin", "Ahn")
    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=True))
    url = reverse("admin:accounts_user_change", args=[kim.user.pk])
    data = form_data(client.get(url))
    data.update(first_name="Bomi", last_name="Choi")

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [ahn, kim] == _catalogue(client, alice)
    assert _found_by(client, alice, "bomi choi", "bora") == [[kim], []]
