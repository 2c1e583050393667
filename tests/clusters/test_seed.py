import pytest
from django.core.management import call_command

from clusters.models import Cluster, TechnologyArea


@pytest.mark.django_db
def test_taxonomy_is_loaded_by_migration():
    assert TechnologyArea.objects.filter(parent=None).count() >= 8
    assert TechnologyArea.objects.exclude(parent=None).count() >= 40


@pytest.mark.django_db
def test_seed_demo_creates_ten_clusters_once(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    call_command("seed_demo")

    assert Cluster.objects.count() == 10
    assert Cluster.objects.get(is_coordinator=True).name == "China Medical City"
    assert set(Cluster.objects.values_list("country", flat=True)) == {
        "CN",
        "US",
        "GB",
        "DE",
        "FR",
        "CA",
        "CH",
        "JP",
        "KR",
        "SG",
    }


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("seed_demo")
