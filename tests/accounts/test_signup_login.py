"""Sign-up, e-mail verification, log-in, log-out and password reset through allauth."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import DEFAULT_PASSWORD

CONFIRM_LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/")


def sign_up(client: Client, email: str = "ada@example.org"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )


@pytest.mark.django_db
def test_sign_up_verify_and_log_in_end_to_end(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    link = CONFIRM_LINK.search(mail.outbox[0].body).group(0)

    browser = Client()  # the link is opened from the mail program, in a fresh session
    confirm_path = link.split("://", 1)[1].split("/", 1)[1]
    assert browser.get(f"/{confirm_path}").status_code == 200
    assert browser.post(f"/{confirm_path}").status_code == 302

    response = browser.post(
        reverse("account_login"), {"login": "ada@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert browser.session["_auth_user_id"] == str(User.objects.get(email="ada@example.org").pk)


@pytest.mark.django_db
def test_log_in_before_verification_is_refused(client):
    sign_up(client)
    browser = Client()

    response = browser.post(
        reverse("account_login"), {"login": "ada@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in browser.session


@pytest.mark.django_db
def test_signing_up_twice_does_not_reveal_the_existing_account(client):
    sign_up(client)
    second = sign_up(Client())

    # Same answer as a new sign-up; the owner of the address gets an e-mail instead.
    assert second.status_code == 302
    assert second["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="ada@example.org").count() == 1


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_unknown_addresses(client, verified_user):
    known = client.post(reverse("account_reset_password"), {"email": verified_user.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")


@pytest.mark.django_db
def test_log_out_needs_a_post(client, verified_user):
    client.force_login(verified_user)

    assert client.get(reverse("account_logout")).status_code == 200
    assert "_auth_user_id" in client.session

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_page_uses_the_portal_layout(client):
    page = client.get(reverse("account_login")).content.decode()

    assert "Skip to main content" in page
    assert 'class="form-control' in page
