"""Who sees which organization and which of its contacts."""

import pytest
from django.contrib.auth.models import AnonymousUser

from opportunities.models import InterestStatus
from opportunities.selectors import organization_visible_contacts
from partners.models import ContactVisibility
from partners.permissions import can_view_organization
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterStaffFactory
from tests.opportunities.factories import ExpressionOfInterestFactory
from tests.partners.factories import ContactFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganizationFactory()


@pytest.fixture
def contacts(org):
    return {
        visibility: ContactFactory(
            organization=org, name=f"{visibility} person", visibility=visibility
        )
        for visibility in ContactVisibility.values
    }


def member_of(organization):
    return MembershipFactory(organization=organization).user


def visible_names(user, organization) -> set[str]:
    return {c.name for c in organization_visible_contacts(user=user, organization=organization)}


# can_view_organization


def test_a_visitor_can_view_a_verified_active_organization(org):
    assert can_view_organization(AnonymousUser(), org)


def test_a_visitor_cannot_view_an_unverified_organization():
    assert not can_view_organization(AnonymousUser(), OrganizationFactory(is_verified=False))


def test_a_member_of_another_organization_cannot_view_an_unverified_organization():
    pending = OrganizationFactory(is_verified=False)

    assert not can_view_organization(member_of(OrganizationFactory()), pending)


def test_its_own_member_can_view_an_unverified_organization():
    pending = OrganizationFactory(is_verified=False)

    assert can_view_organization(member_of(pending), pending)


def test_staff_of_its_cluster_can_view_an_unverified_organization():
    pending = OrganizationFactory(is_verified=False)

    assert can_view_organization(ClusterStaffFactory(cluster=pending.cluster).user, pending)


def test_staff_of_another_cluster_cannot_view_an_unverified_organization():
    pending = OrganizationFactory(is_verified=False)

    assert not can_view_organization(ClusterStaffFactory().user, pending)


def test_a_consortium_admin_can_view_an_unverified_organization(admin_user):
    assert can_view_organization(admin_user, OrganizationFactory(is_verified=False))


def test_nobody_but_consortium_admins_views_an_inactive_organization(admin_user):
    gone = OrganizationFactory(is_active=False)

    assert not can_view_organization(member_of(gone), gone)
    assert not can_view_organization(AnonymousUser(), gone)
    assert can_view_organization(admin_user, gone)


# organization_visible_contacts


def test_a_visitor_sees_no_contact(org, contacts):
    assert visible_names(AnonymousUser(), org) == set()


def test_a_signed_in_user_without_organization_sees_no_contact(org, contacts):
    assert visible_names(UserFactory(), org) == set()


def test_a_member_of_another_organization_sees_members_contacts_only(org, contacts):
    assert visible_names(member_of(OrganizationFactory()), org) == {"members person"}


def test_staff_of_another_cluster_sees_members_contacts_only(org, contacts):
    assert visible_names(ClusterStaffFactory().user, org) == {"members person"}


def test_an_accepted_interest_in_its_opportunity_reveals_introduced_contacts(org, contacts):
    other = OrganizationFactory()
    ExpressionOfInterestFactory(
        opportunity__organization=org, organization=other, status=InterestStatus.ACCEPTED
    )

    assert visible_names(member_of(other), org) == {"members person", "introduced person"}


def test_its_accepted_interest_in_my_opportunity_reveals_introduced_contacts(org, contacts):
    other = OrganizationFactory()
    ExpressionOfInterestFactory(
        opportunity__organization=other, organization=org, status=InterestStatus.ACCEPTED
    )

    assert visible_names(member_of(other), org) == {"members person", "introduced person"}


@pytest.mark.parametrize("status", [InterestStatus.PENDING, InterestStatus.DECLINED])
def test_an_unanswered_or_declined_interest_reveals_nothing_more(org, contacts, status):
    other = OrganizationFactory()
    ExpressionOfInterestFactory(opportunity__organization=org, organization=other, status=status)

    assert visible_names(member_of(other), org) == {"members person"}


def test_an_introduction_to_a_third_organization_reveals_nothing_more(org, contacts):
    other = OrganizationFactory()
    ExpressionOfInterestFactory(
        opportunity__organization=OrganizationFactory(),
        organization=other,
        status=InterestStatus.ACCEPTED,
    )

    assert visible_names(member_of(other), org) == {"members person"}


def test_its_own_member_sees_every_contact(org, contacts):
    assert visible_names(member_of(org), org) == {c.name for c in contacts.values()}


def test_staff_of_its_cluster_sees_every_contact(org, contacts):
    staff = ClusterStaffFactory(cluster=org.cluster).user

    assert visible_names(staff, org) == {c.name for c in contacts.values()}


def test_a_consortium_admin_sees_every_contact(org, contacts, admin_user):
    assert visible_names(admin_user, org) == {c.name for c in contacts.values()}


def test_nobody_sees_contacts_of_an_organization_they_cannot_view(contacts):
    pending = OrganizationFactory(is_verified=False)
    ContactFactory(organization=pending, visibility=ContactVisibility.MEMBERS)

    assert visible_names(member_of(OrganizationFactory()), pending) == set()
