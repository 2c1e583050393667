"""Join requests and the members page of an organization."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification, NotificationKind
from partners.models import JoinRequest, JoinRequestStatus, Membership, MembershipRole
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.personas import staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory()


@pytest.fixture
def org_admin(organization):
    return MembershipFactory(organization=organization, role=MembershipRole.ADMIN).user


def test_a_signed_in_person_asks_to_join_and_the_admins_are_told(
    client, organization, org_admin, django_capture_on_commit_callbacks
):
    person = UserFactory()
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partners:join", args=[organization.slug]), {"message": "I run the lab."}
        )

    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert (join_request.user, join_request.status) == (person, JoinRequestStatus.PENDING)
    assert mail.outbox[0].to == [org_admin.email]


def test_each_admin_is_told_in_their_own_language_and_members_are_not(
    client, organization, org_admin, django_capture_on_commit_callbacks
):
    org_admin.language = "de"
    org_admin.save(update_fields=["language"])
    MembershipFactory(organization=organization, role=MembershipRole.ADMIN)
    member = MembershipFactory(organization=organization, role=MembershipRole.MEMBER).user
    client.force_login(UserFactory(first_name="Kenji", last_name="Sato"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partners:join", args=[organization.slug]), {"message": "Hi"})

    told = Notification.objects.filter(kind=NotificationKind.JOIN_REQUEST_RECEIVED)
    assert told.count() == 2
    assert not told.filter(recipient=member).exists()
    [to_admin] = [message for message in mail.outbox if message.to == [org_admin.email]]
    assert to_admin.subject == f"Kenji Sato bittet darum, {organization.name} beizutreten"
    assert "Hi" in to_admin.body


def test_the_person_who_asked_hears_the_answer(
    client, organization, org_admin, django_capture_on_commit_callbacks
):
    join_request = JoinRequest.objects.create(organization=organization, user=UserFactory())
    client.force_login(org_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partners:join_request_decide", args=[organization.slug, join_request.pk]),
            {"decision": "approve"},
        )

    [message] = mail.outbox
    assert message.to == [join_request.user.email]
    assert message.subject == f"You are now a member of {organization.name}"
    assert reverse("partners:detail", args=[organization.slug]) in message.body


def test_asking_twice_is_refused(client, organization):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("partners:join", args=[organization.slug]), {"message": ""})

    response = client.post(reverse("partners:join", args=[organization.slug]), {"message": ""})

    assert response.status_code == 200
    assert JoinRequest.objects.count() == 1


def test_members_cannot_ask_to_join_again(client, organization):
    client.force_login(MembershipFactory(organization=organization).user)

    assert client.get(reverse("partners:join", args=[organization.slug])).status_code == 403


def test_visitors_are_asked_to_log_in_before_asking_to_join(client, organization):
    response = client.get(reverse("partners:join", args=[organization.slug]))

    assert response["Location"].startswith(reverse("account_login"))


def test_the_profile_page_offers_the_join_request_to_signed_in_non_members(client, organization):
    client.force_login(UserFactory())

    page = client.get(reverse("partners:detail", args=[organization.slug])).content.decode()

    assert reverse("partners:join", args=[organization.slug]) in page


def test_an_admin_approves_a_request(client, organization, org_admin):
    join_request = JoinRequest.objects.create(organization=organization, user=UserFactory())
    client.force_login(org_admin)

    client.post(
        reverse("partners:join_request_decide", args=[organization.slug, join_request.pk]),
        {"decision": "approve"},
    )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_by == org_admin
    assert Membership.objects.filter(user=join_request.user, organization=organization).exists()


def test_cluster_staff_decline_a_request(client, organization):
    join_request = JoinRequest.objects.create(organization=organization, user=UserFactory())
    client.force_login(staff_of(organization.cluster))

    client.post(
        reverse("partners:join_request_decide", args=[organization.slug, join_request.pk]),
        {"decision": "decline"},
    )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert not Membership.objects.filter(user=join_request.user).exists()


def test_a_request_cannot_be_decided_through_another_organization(client, organization):
    join_request = JoinRequest.objects.create(organization=organization, user=UserFactory())
    other = OrganizationFactory()
    client.force_login(MembershipFactory(organization=other, role=MembershipRole.ADMIN).user)

    response = client.post(
        reverse("partners:join_request_decide", args=[other.slug, join_request.pk]),
        {"decision": "approve"},
    )

    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


def test_staff_of_another_cluster_cannot_decide(client, organization):
    join_request = JoinRequest.objects.create(organization=organization, user=UserFactory())
    client.force_login(staff_of(ClusterFactory()))

    response = client.post(
        reverse("partners:join_request_decide", args=[organization.slug, join_request.pk]),
        {"decision": "approve"},
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(user=join_request.user).exists()


def test_the_members_page_lists_members_and_pending_requests(client, organization, org_admin):
    member = MembershipFactory(organization=organization).user
    JoinRequest.objects.create(organization=organization, user=UserFactory(email="new@example.org"))
    client.force_login(org_admin)

    page = client.get(reverse("partners:members", args=[organization.slug])).content.decode()

    assert member.email in page
    assert "new@example.org" in page


def test_an_admin_removes_a_member(client, organization, org_admin):
    membership = MembershipFactory(organization=organization)
    client.force_login(org_admin)

    client.post(reverse("partners:membership_remove", args=[organization.slug, membership.pk]))

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_plain_member_cannot_see_the_members_page(client, organization):
    client.force_login(MembershipFactory(organization=organization).user)

    assert client.get(reverse("partners:members", args=[organization.slug])).status_code == 403
