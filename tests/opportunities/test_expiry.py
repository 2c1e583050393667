"""Published opportunities expire on their expiry date, through the service and the task."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opportunities import services
from opportunities.models import OpportunityEvent, OpportunityStatus
from opportunities.tasks import opportunity_expire_due_task
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 1)


def test_expire_due_expires_those_at_or_past_their_date(owner_org):
    due = PublishedOpportunityFactory(organization=owner_org, expires_on=TODAY)
    late = PublishedOpportunityFactory(
        organization=owner_org, expires_on=TODAY - datetime.timedelta(days=3)
    )
    running = PublishedOpportunityFactory(
        organization=owner_org, expires_on=TODAY + datetime.timedelta(days=1)
    )
    assert services.opportunity_expire_due(today=TODAY) == 2
    for opportunity, status in (
        (due, OpportunityStatus.EXPIRED),
        (late, OpportunityStatus.EXPIRED),
        (running, OpportunityStatus.PUBLISHED),
    ):
        opportunity.refresh_from_db()
        assert opportunity.status == status


def test_expire_due_records_an_event_without_actor(owner_org):
    opportunity = PublishedOpportunityFactory(organization=owner_org, expires_on=TODAY)
    services.opportunity_expire_due(today=TODAY)
    event = opportunity.events.get()
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        OpportunityEvent.Action.EXPIRED,
        None,
        OpportunityStatus.PUBLISHED,
        OpportunityStatus.EXPIRED,
    )


def test_expire_due_is_idempotent(owner_org):
    PublishedOpportunityFactory(organization=owner_org, expires_on=TODAY)
    assert services.opportunity_expire_due(today=TODAY) == 1
    assert services.opportunity_expire_due(today=TODAY) == 0
    assert OpportunityEvent.objects.count() == 1


def test_expire_due_leaves_other_states_alone(owner_org):
    closed = PublishedOpportunityFactory(
        organization=owner_org, expires_on=TODAY, status=OpportunityStatus.CLOSED
    )
    assert services.opportunity_expire_due(today=TODAY) == 0
    closed.refresh_from_db()
    assert closed.status == OpportunityStatus.CLOSED


def test_expire_refuses_a_draft(owner_org):
    draft = OpportunityFactory(organization=owner_org)
    with pytest.raises(ValidationError) as error:
        services.opportunity_expire(opportunity=draft)
    assert error.value.messages == [str(services.MESSAGE_EXPIRE_NOT_PUBLISHED)]


def test_the_task_expires_what_is_due_today(owner_org):
    opportunity = PublishedOpportunityFactory(
        organization=owner_org, expires_on=timezone.localdate()
    )
    assert opportunity_expire_due_task.delay().get() == 1
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.EXPIRED
