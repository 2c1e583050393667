"""An organization's answer time and rate over 12 months, shown once it answered 3 interests;
interests waiting 7 days are highlighted; 30 days close them as expired."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from followups.selectors import responsiveness
from opportunities.models import ExpressionOfInterest, InterestStatus, OpportunityEvent
from opportunities.services import interest_expire_due
from tests.followups.conftest import days_ago
from tests.opportunities.factories import ExpressionOfInterestFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def answered(opportunity, *, sent_days_ago: int, answer_days: int, status=InterestStatus.ACCEPTED):
    sent = days_ago(sent_days_ago)
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity,
        organization=OrganizationFactory(),
        status=status,
        answered_at=sent + datetime.timedelta(days=answer_days),
    )
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(created_at=sent)
    return interest


def test_median_answer_time_and_rate_over_twelve_months(
    published, owner_org, django_assert_num_queries
):
    for sent, days in ((100, 1), (50, 3), (20, 8)):
        answered(published, sent_days_ago=sent, answer_days=days)
    answered(published, sent_days_ago=400, answer_days=30)  # older than 12 months
    ExpressionOfInterestFactory(opportunity=published, organization=OrganizationFactory())

    # Postgres: the counts and the median of the answered in one query
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        figures = responsiveness(organization_ids=[owner_org.pk])[owner_org.pk]

    assert (figures.received, figures.answered) == (4, 3)
    assert figures.median_days == pytest.approx(3)
    assert figures.is_shown


def test_it_shows_on_the_profile_and_the_opportunities_from_three_answers(
    client, published, owner_org
):
    for sent in (30, 20):
        answered(published, sent_days_ago=sent, answer_days=2)
    profile = reverse("partners:detail", args=[owner_org.slug])
    opportunity = reverse("opportunities:detail", args=[published.pk])

    assert "Usually answers" not in client.get(profile).text
    answered(published, sent_days_ago=10, answer_days=2, status=InterestStatus.DECLINED)

    assert "Usually answers within 2 days" in client.get(profile).text
    assert "3 of 3 interests answered in 12 months" in client.get(opportunity).text


def test_an_anonymous_owner_shows_no_answer_time(client, anonymous_published, owner, member_b):
    for sent in (30, 20, 10):
        answered(anonymous_published, sent_days_ago=sent, answer_days=2)
    client.force_login(member_b)

    page = client.get(reverse("opportunities:detail", args=[anonymous_published.pk])).text

    assert "Usually answers" not in page


def test_interests_waiting_seven_days_are_highlighted_for_the_owner(client, published, owner):
    waiting = ExpressionOfInterestFactory(opportunity=published, organization=OrganizationFactory())
    fresh = ExpressionOfInterestFactory(opportunity=published, organization=OrganizationFactory())
    ExpressionOfInterest.objects.filter(pk=waiting.pk).update(created_at=days_ago(8))
    client.force_login(owner)

    rows = {row.pk: row for row in client.get(reverse("dashboard:home")).context["received"]}

    assert rows[waiting.pk].is_waiting_long and not rows[fresh.pk].is_waiting_long


def test_thirty_days_unanswered_close_as_expired(published):
    old = ExpressionOfInterestFactory(opportunity=published, organization=OrganizationFactory())
    recent = ExpressionOfInterestFactory(opportunity=published, organization=OrganizationFactory())
    ExpressionOfInterest.objects.filter(pk=old.pk).update(created_at=days_ago(31))

    assert interest_expire_due() == 1
    assert interest_expire_due() == 0

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (InterestStatus.EXPIRED, InterestStatus.PENDING)
    event = OpportunityEvent.objects.get(interest=old)
    assert (event.action, event.actor) == (OpportunityEvent.Action.INTEREST_EXPIRED, None)
    assert old.answered_at <= timezone.now()


def test_expired_interests_do_not_count_as_answered(published, owner_org):
    for sent in (60, 50, 40):
        interest = ExpressionOfInterestFactory(
            opportunity=published, organization=OrganizationFactory()
        )
        ExpressionOfInterest.objects.filter(pk=interest.pk).update(created_at=days_ago(sent))
    interest_expire_due()

    figures = responsiveness(organization_ids=[owner_org.pk])[owner_org.pk]

    assert (figures.received, figures.answered, figures.is_shown) == (3, 0, False)
