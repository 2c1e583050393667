import pytest
from django.contrib.auth.models import AnonymousUser

from partners.models import MembershipRole
from partners.roles import roles_of
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterStaffFactory
from tests.partners.factories import MembershipFactory


@pytest.mark.django_db
def test_visitor_has_no_role():
    roles = roles_of(AnonymousUser())

    assert not roles.is_authenticated
    assert not roles.is_member
    assert not roles.is_cluster_staff


@pytest.mark.django_db
def test_it_collects_memberships_and_staff_clusters():
    user = UserFactory()
    member_of = MembershipFactory(user=user).organization
    admin_of = MembershipFactory(user=user, role=MembershipRole.ADMIN).organization
    staff_of = ClusterStaffFactory(user=user).cluster

    roles = roles_of(user)

    assert roles.is_member_of(member_of.id)
    assert not roles.is_admin_of(member_of.id)
    assert roles.is_admin_of(admin_of.id)
    assert roles.is_staff_of(staff_of.id)
    assert not roles.is_consortium_admin


@pytest.mark.django_db
def test_it_is_memoised_per_user_object(django_assert_num_queries):
    user = UserFactory()
    roles_of(user)

    with django_assert_num_queries(0):
        roles_of(user)


@pytest.mark.django_db
def test_inactive_users_have_no_role():
    user = UserFactory(is_active=False, is_superuser=True)

    assert not roles_of(user).is_consortium_admin
