"""accounts.models.EmailUserManager.get: the signed-in user's read, compiled once per process."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from tests.accounts.factories import UserFactory


@pytest.mark.django_db
def test_the_users_get_by_pk_loads_the_row_the_queryset_loads(django_assert_num_queries):
    user = UserFactory()
    expected = User.objects.filter(pk=user.pk).get()

    with django_assert_num_queries(1):
        loaded = User.objects.get(pk=user.pk)

    assert {f.attname: getattr(loaded, f.attname) for f in User._meta.concrete_fields} == {
        f.attname: getattr(expected, f.attname) for f in User._meta.concrete_fields
    }
    assert not loaded._state.adding
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=0)
    assert User.objects.get(email=user.email) == user


@pytest.mark.django_db
def test_a_related_manager_of_users_still_filters_by_its_relation():
    user = UserFactory()
    group = Group.objects.create(name="editors")

    with pytest.raises(User.DoesNotExist):
        group.user_set.get(pk=user.pk)
    user.groups.add(group)
    assert group.user_set.get(pk=user.pk) == user
