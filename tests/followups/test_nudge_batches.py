"""The daily nudges in batches: a fixed number of queries whatever the number due, every e-mail
an outbox row written once per due date, preferences respected across a batch."""

import datetime

import pytest
from django.utils import timezone

from followups import services
from followups.models import FollowUp, FollowUpEvent
from notifications.models import (
    Delivery,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from opportunities.models import ExpressionOfInterest
from tests.followups.factories import IntroductionFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def introduced(count: int, *, days_ago: int = 31) -> list[tuple]:
    """`count` introductions, each with its owner's and its partner's contact."""
    people = []
    for _ in range(count):
        introduction = IntroductionFactory()
        owner = MembershipFactory(organization=introduction.opportunity.organization).user
        partner = MembershipFactory(organization=introduction.organization).user
        ExpressionOfInterest.objects.filter(pk=introduction.pk).update(
            author=partner,
            answered_by=owner,
            answered_at=timezone.now() - datetime.timedelta(days=days_ago),
        )
        people.append((introduction, owner, partner))
    return people


def nudge_rows():
    return Notification.objects.filter(kind=NotificationKind.FOLLOW_UP_NUDGE)


@pytest.mark.parametrize("count", [1, 6])
def test_the_daily_nudges_take_a_fixed_number_of_queries(django_assert_num_queries, count):
    introduced(count)

    # 1 the introductions due, then the batch: 2 savepoint, 3 introductions without a
    # follow-up, 4 their follow-ups opened (one INSERT), 5 the follow-ups locked, 6 nudges_sent
    # raised, 7 the "nudged" statements (one INSERT), 8 the follow-ups with what the e-mails
    # quote, 9 the opportunities' translations, 10 the sides' members, 11 preferences,
    # 12 notifications (one INSERT), 13 the pending ones to e-mail after the commit,
    # 14 savepoint released
    with django_assert_num_queries(14):
        assert services.nudges_send_due() == count

    assert nudge_rows().count() == 2 * count


def test_every_nudge_is_an_outbox_row_once_per_due_date(settings, monkeypatch):
    monkeypatch.setattr(services, "NUDGE_BATCH", 2)
    people = introduced(5)

    assert services.nudges_send_due() == 5
    assert services.nudges_send_due() == 0
    FollowUp.objects.update(nudges_sent=0)  # as if a second run raced the first
    assert services.nudges_send_due() == 5

    expected = {
        (user.pk, f"follow-up:{introduction.follow_up.pk}:nudge:1")
        for introduction, owner, partner in people
        for user in (owner, partner)
    }
    assert set(nudge_rows().values_list("recipient_id", "event_key")) == expected
    assert nudge_rows().count() == 10
    assert set(nudge_rows().values_list("email_status", flat=True)) == {EmailStatus.PENDING}


def test_each_nudge_is_recorded_in_the_history():
    [(introduction, _owner, _partner)] = introduced(1, days_ago=95)

    services.nudges_send_due()

    event = FollowUpEvent.objects.get(follow_up__interest=introduction)
    assert (event.action, event.nudge, event.from_stage, event.to_stage) == (
        FollowUpEvent.Action.NUDGED,
        2,
        "introduced",
        "introduced",
    )


def test_preferences_apply_to_each_recipient_of_a_batch():
    (_i1, owner, partner), (_i2, other_owner, other_partner) = introduced(2)
    NotificationPreference.objects.create(
        user=partner, kind=NotificationKind.FOLLOW_UP_NUDGE, delivery=Delivery.OFF
    )

    services.nudges_send_due()

    statuses = dict(nudge_rows().values_list("recipient_id", "email_status"))
    assert statuses[partner.pk] == EmailStatus.SKIPPED
    assert {statuses[owner.pk], statuses[other_owner.pk], statuses[other_partner.pk]} == {
        EmailStatus.PENDING
    }
