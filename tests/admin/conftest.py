import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture
def consortium_admin(db):
    """A member of the WLSCC secretariat: `is_staff`, not a superuser."""
    return UserFactory(is_staff=True, email="secretariat@wlscc.example", totp=True)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, email="root@wlscc.example", totp=True)


@pytest.fixture
def admin_client(client, consortium_admin):
    client.force_login(consortium_admin)
    return client
