"""Nudges 30, 90 and 180 days after an introduction: each exactly once, none after an end
state or when both sides opted out."""

import datetime

import pytest
from django.utils import timezone

from core import domain_events
from followups import services
from followups.models import FollowUp, FollowUpEvent, Stage
from opportunities.models import ExpressionOfInterest

pytestmark = pytest.mark.django_db


@pytest.fixture
def nudges():
    """Every nudge of a published "follow_up.nudges_due", as (interest id, nudge number)."""
    seen: list[tuple[int, int]] = []

    def handler(*, nudges):
        seen.extend((follow_up.interest_id, number) for follow_up, number in nudges)

    domain_events.subscribe("follow_up.nudges_due")(handler)
    yield seen
    domain_events._handlers["follow_up.nudges_due"].remove(handler)


def introduced_days_ago(introduction, days: int) -> None:
    ExpressionOfInterest.objects.filter(pk=introduction.pk).update(
        answered_at=timezone.now() - datetime.timedelta(days=days)
    )


def later(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_each_nudge_is_sent_once_on_its_day(introduction, nudges):
    assert services.nudges_send_due(now=later(29)) == 0
    assert services.nudges_send_due(now=later(30)) == 1
    assert services.nudges_send_due(now=later(31)) == 0
    assert services.nudges_send_due(now=later(90)) == 1
    assert services.nudges_send_due(now=later(180)) == 1
    assert services.nudges_send_due(now=later(400)) == 0

    assert nudges == [(introduction.pk, 1), (introduction.pk, 2), (introduction.pk, 3)]
    assert list(
        FollowUpEvent.objects.filter(action="nudged")
        .order_by("nudge")
        .values_list("nudge", flat=True)
    ) == [1, 2, 3]


def test_a_missed_nudge_is_replaced_by_the_latest_due(introduction, nudges):
    introduced_days_ago(introduction, 100)

    services.nudges_send_due()

    assert nudges == [(introduction.pk, 2)]


def test_no_nudge_after_an_end_state(introduction, owner, nudges):
    services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.NO_DEAL, no_deal_reason="timing"
    )

    assert services.nudges_send_due(now=later(30)) == 0
    assert nudges == []


def test_no_nudge_once_both_sides_opted_out(introduction, nudges):
    services.nudges_send_due(now=later(30))
    FollowUp.objects.update(owner_opted_out=True, interested_opted_out=True)

    assert services.nudges_send_due(now=later(90)) == 0
    assert nudges == [(introduction.pk, 1)]


def test_a_second_run_for_the_same_nudge_sends_nothing(introduction, nudges):
    services.nudges_send_due(now=later(30))

    assert services.follow_up_nudge(interest_id=introduction.pk, number=1) is False
    assert nudges == [(introduction.pk, 1)]
