"""A person sees and edits their own profile, downloads their data and deletes the account."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.partners.factories import MembershipFactory


@pytest.mark.django_db
def test_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_profile_shows_my_organizations(client, verified_user):
    membership = MembershipFactory(user=verified_user)
    client.force_login(verified_user)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert membership.organization.name in page


@pytest.mark.django_db
def test_profile_edit_saves_my_details(client, verified_user):
    client.force_login(verified_user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "job_title": "Head of BD",
            "phone": "+44 20 0000",
            "language": "fr",
        },
    )

    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert (verified_user.first_name, verified_user.job_title, verified_user.language) == (
        "Ada",
        "Head of BD",
        "fr",
    )


@pytest.mark.django_db
def test_profile_edit_cannot_grant_privileges_or_change_the_login(client, verified_user):
    client.force_login(verified_user)
    email = verified_user.email

    client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Ada",
            "last_name": "L",
            "language": "en",
            "is_staff": "on",
            "is_superuser": "on",
            "email": "takeover@example.org",
        },
    )

    verified_user.refresh_from_db()
    assert not verified_user.is_staff
    assert not verified_user.is_superuser
    assert verified_user.email == email


@pytest.mark.django_db
def test_profile_post_without_csrf_token_is_rejected(verified_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(verified_user)

    response = client.post(
        reverse("accounts:profile"), {"first_name": "Mallory", "last_name": "", "language": "en"}
    )

    assert response.status_code == 403
    verified_user.refresh_from_db()
    assert verified_user.first_name != "Mallory"


@pytest.mark.django_db
def test_personal_data_download_is_json_with_my_data(client, verified_user):
    membership = MembershipFactory(user=verified_user)
    client.force_login(verified_user)

    response = client.get(reverse("accounts:export"))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == verified_user.email
    assert data["memberships"][0]["organization"] == membership.organization.name
    assert data["email_addresses"] == [
        {"email": verified_user.email, "verified": True, "primary": True}
    ]
    assert "password" not in json.dumps(data)


@pytest.mark.django_db
def test_account_deletion_needs_the_password(client, verified_user):
    client.force_login(verified_user)

    response = client.post(reverse("accounts:delete"), {"password": "not my password"})

    assert response.status_code == 200
    assert "This is not your current password." in response.content.decode()
    assert User.objects.filter(pk=verified_user.pk).exists()


@pytest.mark.django_db
def test_account_deletion_removes_the_account_and_logs_out(client, verified_user):
    MembershipFactory(user=verified_user)
    client.force_login(verified_user)

    response = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=verified_user.pk).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_account_deletion_is_not_possible_with_get(client, verified_user):
    client.force_login(verified_user)

    assert client.get(reverse("accounts:delete")).status_code == 200
    assert User.objects.filter(pk=verified_user.pk).exists()
