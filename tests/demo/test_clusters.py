"""seed_demo: the ten clusters, once, and only with DEBUG on."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clusters.models import Cluster

pytestmark = pytest.mark.django_db


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


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("seed_demo")
