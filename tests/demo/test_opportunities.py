"""seed_demo fills the marketplace: every type and state, interests and introductions, once."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityEvent,
    OpportunityStatus,
    OpportunityType,
)

pytestmark = pytest.mark.django_db


def test_seed_builds_a_living_marketplace_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    opportunities = Opportunity.objects.all()
    assert opportunities.count() >= 300
    assert set(opportunities.values_list("type", flat=True)) == set(OpportunityType.values)
    assert set(opportunities.values_list("status", flat=True)) == set(OpportunityStatus.values)
    clusters = opportunities.values("organization__cluster").distinct().count()
    assert clusters == 10
    assert opportunities.filter(is_anonymous=True).exists()
    # Made through the services: every opportunity has its events.
    assert not opportunities.filter(events__isnull=True).exists()
    assert (
        OpportunityEvent.objects.filter(action="published").count()
        == opportunities.exclude(
            status__in=["draft", "submitted", "changes_requested", "rejected"]
        ).count()
    )

    introductions = ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
    assert ExpressionOfInterest.objects.filter(status=InterestStatus.PENDING).exists()
    assert introductions.count() >= 20
    assert introductions.exclude(
        organization__country=F("opportunity__organization__country")
    ).exists()
    # The demo accounts take part: a demo member's organization has received interest.
    assert ExpressionOfInterest.objects.filter(
        opportunity__organization__memberships__user__email__startswith="member-"
    ).exists()

    counts = (Opportunity.objects.count(), ExpressionOfInterest.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Opportunity.objects.count(), ExpressionOfInterest.objects.count()) == counts


def test_the_bigger_clusters_post_more(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    per_cluster = Counter(Opportunity.objects.values_list("organization__cluster__slug", flat=True))
    assert per_cluster["china-medical-city"] > 2 * per_cluster["singapore-biopolis-network"]
    assert per_cluster["boston-bay-life-sciences"] > 2 * per_cluster["singapore-biopolis-network"]
