"""The costly cached figures (home key figures, /stats/, the staff dashboard's cluster figures)
are recomputed by a beat task before they expire, so no request computes them; a cache outage
only costs a recomputation."""

import importlib
from unittest import mock

import pytest
from django.apps import apps
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from core import caching
from core.schedules import SCHEDULES
from core.tasks import aggregates_refresh_task
from dashboard.selectors import CLUSTER_FIGURES
from home.selectors import KEY_FIGURES
from stats.selectors import CONSORTIUM_FIGURES
from tests.accounts.factories import activate_totp
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory
from tests.opportunities.factories import PublishedOpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_cache(settings):
    """A private cache: the shared test Redis may be flushed by a parallel test run."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "agg"}
    }


def test_every_costly_aggregate_is_registered_for_the_refresh():
    assert {KEY_FIGURES.key, CONSORTIUM_FIGURES.key, CLUSTER_FIGURES.key} <= set(caching.AGGREGATES)


def test_the_values_outlive_the_beat_period():
    """A late or failed run is covered: each value is kept longer than the refresh period."""
    (schedule,) = SCHEDULES
    for aggregate in caching.AGGREGATES.values():
        assert aggregate.timeout >= 2 * schedule["every_seconds"]


def test_the_migration_schedules_the_refresh_every_minute():
    PeriodicTask.objects.filter(task="core.tasks.aggregates_refresh_task").delete()
    (operation,) = importlib.import_module(
        "core.migrations.0003_beat_schedules"
    ).Migration.operations
    operation.code(apps, None)
    operation.code(apps, None)
    task = PeriodicTask.objects.get(task="core.tasks.aggregates_refresh_task")
    assert (task.interval.every, task.interval.period, task.enabled) == (60, "seconds", True)


def test_after_the_refresh_no_page_computes_an_aggregate(
    client, local_cache, django_assert_num_queries
):
    cluster = ClusterFactory()
    PublishedOpportunityFactory(organization__cluster=cluster)
    staff = ClusterStaffFactory(cluster=cluster).user
    activate_totp(staff)

    spent = aggregates_refresh_task()

    assert set(spent) == set(caching.AGGREGATES) | set(caching.FAMILIES)
    with django_assert_num_queries(0):  # every figure of /stats/ comes from the cache
        client.get(reverse("stats:index"))
    with django_assert_num_queries(2):  # clusters and latest opportunities, no key figures
        client.get(reverse("home"))
    client.force_login(staff)
    with mock.patch.object(CLUSTER_FIGURES, "compute", side_effect=AssertionError("computed")):
        response = client.get(reverse("dashboard:home"))
    (row,) = response.context["cluster_figures"]
    assert (row.pk, row.published_count, row.member_count) == (cluster.pk, 1, 1)


def test_the_refresh_replaces_a_stale_value(local_cache):
    cluster = ClusterFactory()
    aggregates_refresh_task()
    PublishedOpportunityFactory(organization__cluster=cluster)
    assert KEY_FIGURES.get().opportunities == 0  # cached, not yet refreshed
    aggregates_refresh_task()
    assert KEY_FIGURES.get().opportunities == 1


def test_one_failing_aggregate_does_not_stop_the_others(local_cache):
    with mock.patch.object(KEY_FIGURES, "compute", side_effect=RuntimeError("db")):
        spent = aggregates_refresh_task()
    assert KEY_FIGURES.key not in spent
    assert CONSORTIUM_FIGURES.key in spent


def test_a_cache_outage_costs_only_a_recomputation(client):
    with (
        mock.patch("core.caching.cache.get", side_effect=ConnectionError),
        mock.patch("core.caching.cache.set", side_effect=ConnectionError),
    ):
        aggregates_refresh_task()
        assert client.get(reverse("stats:index")).status_code == 200
        assert KEY_FIGURES.get().organizations == 0
