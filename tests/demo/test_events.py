"""The demo partnering events: every demo member and organization admin has meetings and a
request to answer in the upcoming one; the past one is closed."""

import random

import pytest

from demo import accounts as accounts_demo
from demo import clusters as clusters_demo
from demo import events as events_demo
from demo import partners as partners_demo
from events.models import Event, MeetingFeedback, MeetingRequest, Registration
from events.selectors import agenda
from followups.models import FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    clusters_demo.seed(rng=random.Random(1))
    partners_demo.seed(rng=random.Random(2))
    accounts_demo.seed(rng=random.Random(3))
    events_demo.seed(rng=random.Random(4))


def test_every_demo_member_and_org_admin_has_meetings_in_the_upcoming_event(seeded):
    event = Event.objects.prefetch_related("organisers").get(slug="wlscc-partnering-day-taizhou")
    registrations = Registration.objects.filter(event=event).select_related("user")

    assert {cluster.slug for cluster in event.organisers.all()} == {
        "china-medical-city",
        "lyon-biopole",
    }
    assert event.format == "hybrid" and event.status == "published"
    assert registrations.count() == 20
    for registration in registrations:
        registration.event = event
        assert agenda(registration=registration), registration.user.email


def test_the_upcoming_event_has_open_requests_to_answer(seeded):
    open_requests = MeetingRequest.objects.filter(
        event__slug="wlscc-partnering-day-taizhou", status="pending"
    )

    assert open_requests.values("recipient").distinct().count() >= 10


def test_the_past_event_is_closed_with_answered_requests(seeded):
    past = Event.objects.get(slug="lyon-online-partnering-day")

    assert past.status == "closed" and past.ends_at < past.closed_at
    assert past.requests.filter(status="declined").exists()


def test_seeding_again_changes_nothing(seeded):
    before = (Registration.objects.count(), MeetingRequest.objects.count())

    summary = events_demo.seed(rng=random.Random(4))

    assert "already there" in summary
    assert (Registration.objects.count(), MeetingRequest.objects.count()) == before


def test_the_upcoming_event_uses_the_published_auto_schedule(seeded):
    event = Event.objects.get(slug="wlscc-partnering-day-taizhou")
    run = event.schedule_runs.get()

    assert event.scheduling == "auto" and run.status == "published"
    assert run.figures["scheduled"] == event.meetings.filter(status="scheduled").count() > 0
    assert not event.meetings.exclude(source="organisers").exists()


def test_the_past_event_has_held_meetings_no_shows_and_answers(seeded):
    past = Event.objects.get(slug="lyon-online-partnering-day")

    assert past.meetings.filter(outcome="held").exists()
    assert past.meetings.filter(outcome="no_show").exists()
    assert MeetingFeedback.objects.filter(meeting__event=past).exists()
    held = past.meetings.filter(outcome="held").first()
    assert (
        FollowUp.objects.filter(source_id=held.pk).exists()
        or FollowUp.objects.filter(
            owner_organization__in=[
                held.request.sender.organization_id,
                held.request.recipient.organization_id,
            ]
        ).exists()
    )
