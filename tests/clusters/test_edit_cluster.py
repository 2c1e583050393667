"""Cluster staff edit their own cluster's page (and no other)."""

import pytest
from django.urls import reverse

from clusters.models import Cluster, ClusterService, TechnologyArea
from tests.clusters.factories import ClusterFactory
from tests.personas import staff_of

pytestmark = pytest.mark.django_db


def cluster_data(**changes) -> dict:
    data = {
        "description": "Lyon's cluster for vaccines and diagnostics.",
        "services": [ClusterService.INCUBATION, ClusterService.REGULATORY],
        "website": "https://example.org",
        "contact_name": "Claire",
        "contact_email": "claire@example.org",
        "contact_phone": "+33 4 00 00 00 00",
    }
    data.update(changes)
    return data


def test_staff_edit_description_services_and_contact(client):
    cluster = ClusterFactory()
    staff = staff_of(cluster)
    area = TechnologyArea.objects.filter(parent__isnull=False).first()
    client.force_login(staff)

    response = client.post(
        reverse("clusters:edit", args=[cluster.slug]), cluster_data(focus_areas=[area.pk])
    )

    assert response["Location"] == reverse("clusters:detail", args=[cluster.slug])
    cluster.refresh_from_db()
    assert cluster.services == [ClusterService.INCUBATION, ClusterService.REGULATORY]
    assert cluster.contact_email == "claire@example.org"
    assert list(cluster.focus_areas.all()) == [area]
    assert cluster.history.first().history_user == staff


def test_staff_cannot_rename_their_cluster_or_make_it_coordinator(client):
    cluster = ClusterFactory(name="Original")
    client.force_login(staff_of(cluster))

    client.post(
        reverse("clusters:edit", args=[cluster.slug]),
        cluster_data(name="Renamed", is_coordinator="on", slug="renamed"),
    )

    cluster.refresh_from_db()
    assert (cluster.name, cluster.slug, cluster.is_coordinator) == (
        "Original",
        cluster.slug,
        False,
    )


def test_unknown_services_are_refused(client):
    cluster = ClusterFactory()
    client.force_login(staff_of(cluster))

    response = client.post(
        reverse("clusters:edit", args=[cluster.slug]), cluster_data(services=["free-money"])
    )

    assert response.status_code == 200
    assert Cluster.objects.get(pk=cluster.pk).services == []


def test_staff_of_another_cluster_cannot_edit(client):
    cluster = ClusterFactory(description="Before")
    client.force_login(staff_of(ClusterFactory()))

    response = client.post(reverse("clusters:edit", args=[cluster.slug]), cluster_data())

    assert response.status_code == 403
    assert Cluster.objects.get(pk=cluster.pk).description == "Before"
