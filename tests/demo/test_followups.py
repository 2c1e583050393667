"""seed_demo follows the demo introductions up: every state across the ten clusters, some
agreements disputed, feedback given; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q

from followups.models import FollowUp, FollowUpEvent, OpportunityFeedback, Stage
from stats.kpi import Period, cluster_kpis
from stats.selectors import cluster_rows

pytestmark = pytest.mark.django_db


def test_the_demo_has_follow_ups_in_every_state_in_every_cluster(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    stages = set(FollowUp.objects.values_list("stage", flat=True))
    assert set(Stage.values) - {Stage.INTRODUCED} <= stages
    assert FollowUp.objects.filter(disputed_at__isnull=False).exists()
    assert FollowUpEvent.objects.filter(action="corrected").exists()
    assert OpportunityFeedback.objects.count() >= 20
    clusters = cluster_rows()
    assert len(clusters) == 10
    for cluster in clusters:
        side = Q(owner_organization__cluster_id=cluster.id) | Q(
            interested_organization__cluster_id=cluster.id
        )
        assert FollowUp.objects.filter(side).exists(), cluster.slug
    with_agreements = [
        cluster
        for cluster in clusters
        if cluster_kpis(cluster=cluster, period=Period.last_year()).agreements
    ]
    assert len(with_agreements) >= 8

    before = (FollowUp.objects.count(), FollowUpEvent.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (FollowUp.objects.count(), FollowUpEvent.objects.count()) == before
