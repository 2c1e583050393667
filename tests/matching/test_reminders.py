"""Scheduled notifications: expiry warnings and unanswered-interest reminders."""

import datetime

import pytest
from django.utils import timezone, translation

from notifications.models import Notification, NotificationKind
from notifications.reminders import expiry_warnings_create, interest_reminders_create
from notifications.tasks import expiry_warnings_create_task, interest_reminders_create_task
from notifications.texts import headline
from opportunities.models import ExpressionOfInterest, OpportunityStatus, OpportunityTranslation
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    PublishedOpportunityFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 6, 1)


def expiring(world, days: int, **kwargs):
    return PublishedOpportunityFactory(
        organization=world.owner_org,
        author=world.author,
        expires_on=TODAY + datetime.timedelta(days=days),
        **kwargs,
    )


def test_the_author_and_admins_are_warned_14_days_before_expiry(world):
    soon = expiring(world, 14)
    expiring(world, 15)
    expiring(world, 3, status=OpportunityStatus.CLOSED)

    assert expiry_warnings_create(today=TODAY) == 1

    warning = Notification.objects.get(kind=NotificationKind.EXPIRING_SOON)
    assert warning.recipient == world.author  # the author is also the organization's admin
    assert warning.payload == {
        "opportunity_id": soon.pk,
        "title": soon.title,
        "versions": {},
        "expires_on": "2030-06-15",
    }


def test_an_expiry_warning_quotes_each_recipients_version(world):
    soon = expiring(world, 10)
    OpportunityTranslation.objects.create(
        opportunity=soon, language="ja", title="日本語の題名", summary="日本語の要約"
    )

    expiry_warnings_create(today=TODAY)

    warning = Notification.objects.get(kind=NotificationKind.EXPIRING_SOON)
    assert warning.payload["versions"] == {
        "ja": {"title": "日本語の題名", "summary": "日本語の要約"}
    }
    with translation.override("ja"):
        assert "日本語の題名" in headline(warning.kind, warning.payload)
    with translation.override("de"):
        assert soon.title in headline(warning.kind, warning.payload)


def test_an_expiry_warning_is_sent_once(world):
    expiring(world, 10)

    expiry_warnings_create(today=TODAY)
    expiry_warnings_create(today=TODAY + datetime.timedelta(days=1))

    assert Notification.objects.filter(kind=NotificationKind.EXPIRING_SOON).count() == 1


def test_the_expiry_warning_task_runs_the_service(world):
    PublishedOpportunityFactory(
        organization=world.owner_org,
        author=world.author,
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )

    assert expiry_warnings_create_task.delay().get() == 1


def test_an_interest_unanswered_for_14_days_reminds_the_owner_once(world):
    opportunity = PublishedOpportunityFactory(organization=world.owner_org, author=world.author)
    old = ExpressionOfInterestFactory(opportunity=opportunity, organization=world.partner_org)
    ExpressionOfInterest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    ExpressionOfInterestFactory(opportunity=opportunity)  # sent today

    assert interest_reminders_create() == 1
    assert interest_reminders_create_task.delay().get() == 0

    reminder = Notification.objects.get(kind=NotificationKind.EOI_UNANSWERED)
    assert reminder.recipient == world.author
    assert reminder.payload["organization"] == "Osaka Diagnostics"


def test_an_answered_interest_reminds_nobody(world):
    opportunity = PublishedOpportunityFactory(organization=world.owner_org, author=world.author)
    answered = ExpressionOfInterestFactory(opportunity=opportunity, status="declined")
    ExpressionOfInterest.objects.filter(pk=answered.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )

    assert interest_reminders_create() == 0
