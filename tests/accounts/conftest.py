import pytest

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory, verify_email


@pytest.fixture
def verified_user(db):
    """A person who signed up and confirmed their address (they can log in)."""
    user = UserFactory()
    verify_email(user)
    return user


@pytest.fixture
def login_with_password():
    """Log in through allauth's form, as a browser does (the session records how)."""

    def login(client, user, password: str = DEFAULT_PASSWORD):
        from django.urls import reverse

        return client.post(reverse("account_login"), {"login": user.email, "password": password})

    return login
