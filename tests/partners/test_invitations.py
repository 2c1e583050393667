"""Invitations: an e-mailed link that works once, before it expires, for the invited person."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import EmailStatus, Notification, NotificationKind
from partners.models import Invitation, Membership, MembershipRole
from partners.services import invitation_create, invitation_token_hash
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory, verify_email
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.personas import staff_of

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^\s]+(/accounts/invitations/[^\s/]+/)")


@pytest.fixture
def organization():
    return OrganizationFactory(name="Osaka Assay Group")


@pytest.fixture
def invitee():
    user = UserFactory(email="kenji@example.jp")
    verify_email(user)
    return user


def invite(organization, email="kenji@example.jp", role=MembershipRole.MEMBER, **kwargs):
    actor = MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user
    _invitation, token = invitation_create(
        actor=actor, organization=organization, email=email, role=role
    )
    return reverse("accounts:invitation_accept", args=[token])


def test_staff_invite_sends_an_e_mail_with_a_link(
    client, organization, django_capture_on_commit_callbacks
):
    client.force_login(staff_of(organization.cluster))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partners:invite", args=[organization.slug]),
            {"email": "kenji@example.jp", "role": MembershipRole.ADMIN},
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kenji@example.jp"]
    assert "Osaka Assay Group" in message.subject
    path = LINK.search(message.body).group(1)
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == invitation_token_hash(token)
    assert token not in invitation.token_hash


def test_the_invitation_goes_through_the_outbox_which_forgets_the_link_once_sent(
    organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        path = invite(organization)

    notification = Notification.objects.get(kind=NotificationKind.INVITATION)
    assert (notification.recipient, notification.email) == (None, "kenji@example.jp")
    assert notification.email_status == EmailStatus.SENT
    assert path in mail.outbox[0].body
    # Only the invitation's hash of the token stays in the database.
    assert notification.url == ""
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_the_invitation_is_written_in_the_inviters_language(
    organization, django_capture_on_commit_callbacks
):
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        invite(organization)

    message = mail.outbox[0]
    assert message.subject == "Vous êtes invité à rejoindre Osaka Assay Group sur le portail WLSCC"
    assert "Accepter l'invitation (le lien ne fonctionne qu'une fois) :" in message.body


def test_the_link_works_once(client, organization, invitee):
    url = invite(organization)
    client.force_login(invitee)

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == 302
    assert Membership.objects.filter(user=invitee, organization=organization).count() == 1
    assert second.status_code == 410
    assert "already been used" in second.content.decode()


def test_the_link_does_not_work_after_expiry(client, organization, invitee):
    url = invite(organization)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(invitee)

    response = client.post(url)

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_a_withdrawn_invitation_does_not_work(client, organization, invitee):
    url = invite(organization)
    Invitation.objects.update(revoked_at=timezone.now())
    client.force_login(invitee)

    assert client.post(url).status_code == 410
    assert not Membership.objects.filter(user=invitee).exists()


def test_an_unknown_token_is_not_found(client):
    assert client.get(reverse("accounts:invitation_accept", args=["nope"])).status_code == 404


def test_someone_else_cannot_accept_with_a_forwarded_link(client, organization):
    url = invite(organization)
    stranger = UserFactory(email="stranger@example.org")
    verify_email(stranger)
    client.force_login(stranger)

    response = client.post(url, follow=True)

    assert "was sent to kenji@example.jp" in response.content.decode()
    assert not Membership.objects.filter(user=stranger).exists()
    assert Invitation.objects.get().accepted_at is None


def test_accepting_gives_the_invited_role(client, organization, invitee):
    url = invite(organization, role=MembershipRole.ADMIN)
    client.force_login(invitee)

    client.post(url)

    assert Membership.objects.get(user=invitee).role == MembershipRole.ADMIN


def test_a_new_person_signs_up_from_the_link_and_joins(client, organization):
    url = invite(organization)
    assert client.get(url).status_code == 200

    response = client.post(
        reverse("account_signup"),
        {"email": "kenji@example.jp", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )

    # The link proved the address: no second verification mail, straight back to the invitation.
    assert response["Location"] == url
    assert mail.outbox == []
    client.post(url)
    assert Membership.objects.filter(
        user__email="kenji@example.jp", organization=organization
    ).exists()


def test_an_existing_person_logs_in_from_the_link_and_comes_back(client, organization, invitee):
    url = invite(organization)
    client.get(url)

    response = client.post(
        reverse("account_login"), {"login": invitee.email, "password": DEFAULT_PASSWORD}
    )

    assert response["Location"] == url


def test_inviting_an_existing_member_is_refused(client, organization):
    member = MembershipFactory(organization=organization).user
    client.force_login(staff_of(organization.cluster))

    response = client.post(
        reverse("partners:invite", args=[organization.slug]),
        {"email": member.email, "role": MembershipRole.MEMBER},
    )

    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_organization_admin_invites_colleagues(organization):
    client = Client()
    client.force_login(MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user)

    response = client.post(
        reverse("partners:invite", args=[organization.slug]),
        {"email": "colleague@example.org", "role": MembershipRole.MEMBER},
    )

    assert response.status_code == 302
    assert Invitation.objects.get().email == "colleague@example.org"


def test_an_invitation_can_be_withdrawn(client, organization):
    invite(organization)
    client.force_login(staff_of(organization.cluster))

    client.post(
        reverse("partners:invitation_revoke", args=[organization.slug, Invitation.objects.get().pk])
    )

    assert Invitation.objects.get().revoked_at is not None
