"""Staff must set up TOTP before using staff features; the admin logs in through allauth."""

import pytest
from django.urls import reverse

from partners.models import MembershipRole
from tests.accounts.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    activate_totp,
    totp_code,
    verify_email,
)
from tests.clusters.factories import ClusterStaffFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory


@pytest.fixture
def staff_and_org(db):
    staff = ClusterStaffFactory()
    verify_email(staff.user)
    organization = OrganizationFactory(cluster=staff.cluster)
    return staff.user, organization


@pytest.mark.django_db
def test_staff_without_totp_is_sent_to_the_mfa_setup_page(client, staff_and_org):
    user, organization = staff_and_org
    client.force_login(user)

    response = client.get(reverse("partners:edit", args=[organization.slug]))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_staff_page_works_after_setting_up_totp(client, staff_and_org, login_with_password):
    user, organization = staff_and_org
    edit_url = reverse("partners:edit", args=[organization.slug])
    assert login_with_password(client, user).status_code == 302
    assert client.get(edit_url)["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password again before a security change.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    setup_page = client.get(reverse("mfa_activate_totp"))
    assert setup_page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert activated.status_code == 302
    assert client.get(edit_url).status_code == 200


@pytest.mark.django_db
def test_the_setup_page_offers_the_way_back(client, staff_and_org, login_with_password):
    user, organization = staff_and_org
    edit_url = reverse("partners:edit", args=[organization.slug])
    login_with_password(client, user)
    client.get(edit_url)

    page = client.get(reverse("mfa_index"))

    assert f'href="{edit_url}"' in page.content.decode()


@pytest.mark.django_db
def test_organization_admins_are_not_asked_for_totp(client):
    membership = MembershipFactory(role=MembershipRole.ADMIN)
    client.force_login(membership.user)

    response = client.get(reverse("partners:edit", args=[membership.organization.slug]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_consortium_admin_without_totp_cannot_use_the_django_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_consortium_admin_with_totp_uses_the_django_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    activate_totp(admin)
    client.force_login(admin)

    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_the_admin_login_page_sends_to_the_portal_login(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response["Location"]


@pytest.mark.django_db
def test_login_asks_for_the_totp_code_once_it_is_set_up(client, staff_and_org):
    user, _organization = staff_and_org
    secret = activate_totp(user)

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
