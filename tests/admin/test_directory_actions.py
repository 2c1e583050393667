"""Admin actions on organizations, users, invitations and join requests, per object."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from partners.models import Invitation, JoinRequest, JoinRequestStatus, Membership
from tests.accounts.factories import UserFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def run_action(client, url_name, action, objects):
    return client.post(
        reverse(url_name),
        {"action": action, "_selected_action": [obj.pk for obj in objects], "index": 0},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_verify_organizations_records_who_verified(admin_client, consortium_admin):
    organization = OrganizationFactory(is_verified=False)

    run_action(
        admin_client,
        "admin:partners_organization_changelist",
        "verify_organizations",
        [organization],
    )

    organization.refresh_from_db()
    assert organization.is_verified
    assert organization.verified_by == consortium_admin
    assert organization.verified_at is not None
    assert organization.history.first().history_user == consortium_admin


def test_verifying_an_already_verified_organization_is_reported(admin_client, consortium_admin):
    verified_at = timezone.now() - datetime.timedelta(days=30)
    verified = OrganizationFactory(name="Known lab", is_verified=True, verified_at=verified_at)
    new = OrganizationFactory(is_verified=False)

    response = run_action(
        admin_client,
        "admin:partners_organization_changelist",
        "verify_organizations",
        [verified, new],
    )

    verified.refresh_from_db()
    new.refresh_from_db()
    assert verified.verified_at == verified_at
    assert new.is_verified
    assert any("Known lab" in m and "already verified" in m for m in messages_of(response))


def test_withdraw_verification(admin_client):
    organization = OrganizationFactory(is_verified=True)

    run_action(
        admin_client,
        "admin:partners_organization_changelist",
        "unverify_organizations",
        [organization],
    )

    organization.refresh_from_db()
    assert not organization.is_verified


def test_deactivate_users(admin_client):
    users = UserFactory.create_batch(2)

    run_action(admin_client, "admin:accounts_user_changelist", "deactivate_users", users)

    for user in users:
        user.refresh_from_db()
        assert not user.is_active


def test_an_admin_cannot_deactivate_themself(admin_client, consortium_admin):
    other = UserFactory()

    response = run_action(
        admin_client,
        "admin:accounts_user_changelist",
        "deactivate_users",
        [consortium_admin, other],
    )

    consortium_admin.refresh_from_db()
    other.refresh_from_db()
    assert consortium_admin.is_active
    assert not other.is_active
    assert any("your own account" in m for m in messages_of(response))


def test_a_staff_admin_cannot_deactivate_a_superuser(admin_client, superuser):
    response = run_action(
        admin_client, "admin:accounts_user_changelist", "deactivate_users", [superuser]
    )

    superuser.refresh_from_db()
    assert superuser.is_active
    assert any("only a superuser" in m for m in messages_of(response))


def test_a_deactivated_user_can_no_longer_use_their_session(client):
    member = MembershipFactory().user
    client.force_login(member)
    member.is_active = False
    member.save(update_fields=["is_active"])

    response = client.get(reverse("home"))

    assert not response.wsgi_request.user.is_authenticated


def invitation(**kwargs):
    return Invitation.objects.create(
        organization=OrganizationFactory(),
        email=kwargs.pop("email", "colleague@example.org"),
        token_hash=kwargs.pop("token_hash", "a" * 64),
        expires_at=timezone.now() + datetime.timedelta(days=7),
        **kwargs,
    )


def test_revoke_invitations(admin_client):
    open_one = invitation()
    accepted = invitation(
        email="taken@example.org", token_hash="b" * 64, accepted_at=timezone.now()
    )

    response = run_action(
        admin_client,
        "admin:partners_invitation_changelist",
        "revoke_invitations",
        [open_one, accepted],
    )

    open_one.refresh_from_db()
    accepted.refresh_from_db()
    assert open_one.revoked_at is not None
    assert accepted.revoked_at is None
    assert any("taken@example.org" in m for m in messages_of(response))


def test_approve_a_join_request_makes_a_membership(admin_client, consortium_admin):
    join_request = JoinRequest.objects.create(
        organization=OrganizationFactory(), user=UserFactory()
    )

    run_action(admin_client, "admin:partners_joinrequest_changelist", "approve", [join_request])

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_by == consortium_admin
    assert Membership.objects.filter(
        user=join_request.user, organization=join_request.organization
    ).exists()


def test_a_decided_join_request_is_reported_not_changed(admin_client):
    declined = JoinRequest.objects.create(
        organization=OrganizationFactory(), user=UserFactory(), status=JoinRequestStatus.DECLINED
    )

    response = run_action(
        admin_client, "admin:partners_joinrequest_changelist", "approve", [declined]
    )

    declined.refresh_from_db()
    assert declined.status == JoinRequestStatus.DECLINED
    assert not Membership.objects.filter(user=declined.user).exists()
    assert len([m for m in messages_of(response) if "already been answered" in m]) == 1
