import pytest
from allauth.mfa.models import Authenticator

from tests.accounts.factories import UserFactory


def _with_totp(user):
    # Staff pages, the admin included, require TOTP (partners.mfa); the row is what counts.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def consortium_admin(db):
    """A member of the WLSCC secretariat: `is_staff`, not a superuser."""
    return _with_totp(UserFactory(is_staff=True, email="secretariat@wlscc.example"))


@pytest.fixture
def superuser(db):
    return _with_totp(UserFactory(is_staff=True, is_superuser=True, email="root@wlscc.example"))


@pytest.fixture
def admin_client(client, consortium_admin):
    client.force_login(consortium_admin)
    return client
