"""The admin finds accounts never verified and deletes them through the clean-up service."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.accounts.factories import UserFactory, verify_email

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def accounts():
    old = timezone.now() - datetime.timedelta(days=45)
    stale = UserFactory(email="stale@example.org", date_joined=old)
    recent = UserFactory(email="recent@example.org")
    verified = UserFactory(email="verified@example.org", date_joined=old)
    verify_email(verified)
    return {"stale": stale, "recent": recent, "verified": verified}


def listed(response) -> set[str]:
    return {user.email for user in response.context["cl"].result_list}


def test_the_filter_lists_every_account_never_verified(admin_client, accounts):
    response = admin_client.get(CHANGELIST, {"verification": "never"})

    assert listed(response) == {"stale@example.org", "recent@example.org"}


def test_the_filter_lists_those_the_nightly_clean_up_will_delete(admin_client, accounts):
    response = admin_client.get(CHANGELIST, {"verification": "expired"})

    assert listed(response) == {"stale@example.org"}


def test_the_action_deletes_only_the_selected_accounts_never_verified(admin_client, accounts):
    selected = [accounts["recent"].pk, accounts["verified"].pk]

    response = admin_client.post(
        CHANGELIST, {"action": "delete_never_verified", "_selected_action": selected}
    )

    assert response.status_code == 302
    assert set(User.objects.values_list("email", flat=True)) >= {"stale@example.org"}
    assert not User.objects.filter(email="recent@example.org").exists()
    assert User.objects.filter(email="verified@example.org").exists()
