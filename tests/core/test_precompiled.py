"""core.precompiled: a queryset's SQL compiled once, run with each call's own parameters."""

import pytest

from clusters.models import ClusterStaff
from core.precompiled import PrecompiledQuery
from tests.clusters.factories import ClusterStaffFactory


def staff_clusters(user_id):
    return ClusterStaff.objects.filter(user_id=user_id).values_list("cluster_id")


@pytest.mark.django_db
def test_each_call_reads_the_rows_of_its_own_parameters(django_assert_num_queries):
    query = PrecompiledQuery(staff_clusters, 0)
    first, second = ClusterStaffFactory(), ClusterStaffFactory()
    ClusterStaffFactory(user=second.user)
    sql = query.sql()

    with django_assert_num_queries(2):
        first_rows = query.rows(first.user_id)
        second_rows = query.rows(second.user_id)

    assert sorted(first_rows) == [(first.cluster_id,)]
    assert sorted(second_rows) == sorted(
        ClusterStaff.objects.filter(user=second.user).values_list("cluster_id")
    )
    assert len(second_rows) == 2
    assert query.rows(0) == []
    assert query.sql() is sql  # compiled once


@pytest.mark.django_db
def test_the_querysets_own_parameters_are_kept():
    kept = ClusterStaffFactory()
    other = ClusterStaffFactory(user=kept.user)
    query = PrecompiledQuery(
        lambda user_id: staff_clusters(user_id).filter(cluster_id=kept.cluster_id), 0
    )

    assert query.rows(kept.user_id) == [(kept.cluster_id,)]
    assert other.cluster_id != kept.cluster_id


@pytest.mark.django_db
def test_it_refuses_a_queryset_with_a_constant_equal_to_a_placeholder():
    query = PrecompiledQuery(lambda user_id: staff_clusters(user_id).exclude(cluster_id=0), 0)

    with pytest.raises(ValueError, match=r"stands 2 times"):
        query.rows(1)


@pytest.mark.django_db
def test_dicts_name_each_column():
    staff = ClusterStaffFactory()
    query = PrecompiledQuery(
        lambda user_id: ClusterStaff.objects.filter(user_id=user_id).values("cluster_id"), 0
    )

    assert query.dicts(staff.user_id) == [{"cluster_id": staff.cluster_id}]


@pytest.mark.django_db
def test_it_refuses_a_queryset_that_leaves_out_a_placeholder():
    query = PrecompiledQuery(lambda user_id: staff_clusters(7), 0)

    with pytest.raises(ValueError, match=r"stands 0 times"):
        query.rows(1)


def test_it_refuses_a_call_without_every_parameter():
    query = PrecompiledQuery(staff_clusters, 0)

    with pytest.raises(TypeError):
        query.rows()


@pytest.mark.django_db
def test_first_loads_the_instance_the_orm_loads():
    staff = ClusterStaffFactory()
    query = PrecompiledQuery(lambda pk: ClusterStaff.objects.filter(pk=pk), 0)

    loaded = query.first(staff.pk)

    expected = ClusterStaff.objects.get(pk=staff.pk)
    assert type(loaded) is ClusterStaff
    assert loaded.__dict__.keys() == expected.__dict__.keys()
    assert {name: getattr(loaded, name) for name in ("pk", "user_id", "cluster_id")} == {
        name: getattr(expected, name) for name in ("pk", "user_id", "cluster_id")
    }
    assert not loaded._state.adding and loaded._state.db == "default"
    assert query.first(0) is None


@pytest.mark.django_db
def test_first_refuses_a_queryset_of_partial_rows():
    query = PrecompiledQuery(lambda pk: ClusterStaff.objects.filter(pk=pk).only("user_id"), 0)

    with pytest.raises(ValueError, match=r"does not select whole"):
        query.first(1)
