"""The bench dataset's follow-ups (bench/build_dataset.py) load into the real tables."""

import datetime
import random

import pytest
from django.utils import timezone

from bench import build_dataset
from followups.models import FollowUp, FollowUpEvent
from tests.followups.factories import IntroductionFactory

pytestmark = pytest.mark.django_db


def test_every_introduction_but_the_due_ones_gets_a_follow_up(monkeypatch):
    monkeypatch.setattr(build_dataset, "NOW", timezone.now())
    introductions = [IntroductionFactory() for _ in range(30)]
    data = type("Data", (), {})()
    data.rng = random.Random(1)
    data.sizes = {"nudges_due": 5}
    data.introductions = [
        (
            interest.pk,
            interest.opportunity.organization_id,
            interest.organization_id,
            timezone.now() - datetime.timedelta(days=100),
        )
        for interest in introductions
    ]

    counts = build_dataset.build_follow_ups(data)

    assert counts["follow-ups"] == FollowUp.objects.count() == 25
    assert counts["nudges due"] == 5
    moved_on = FollowUp.objects.exclude(stage="introduced")
    assert FollowUpEvent.objects.count() == moved_on.count() >= 10
    assert not FollowUp.objects.filter(stage="agreement", agreement_type="").exists()
    assert set(FollowUp.objects.values_list("nudges_sent", flat=True)) == {2}
