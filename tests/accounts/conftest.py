import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory, verify_email


def totp_code(secret: str) -> str:
    """The code an authenticator app shows right now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


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
