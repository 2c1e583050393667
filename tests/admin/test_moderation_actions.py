"""Bulk moderation in the admin goes through the same services as the portal."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationKind
from opportunities.models import OpportunityEvent, OpportunityStatus
from tests.accounts.factories import UserFactory
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:opportunities_opportunity_changelist"


def submitted(**kwargs):
    kwargs.setdefault("author", UserFactory())
    return OpportunityFactory(
        status=OpportunityStatus.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
        **kwargs,
    )


def run_action(client, action, objects, url_name=CHANGELIST, **extra):
    return client.post(
        reverse(url_name),
        {"action": action, "_selected_action": [obj.pk for obj in objects], "index": 0, **extra},
        follow=True,
    )


def apply_text_action(client, action, objects, text, url_name=CHANGELIST):
    return client.post(
        reverse(url_name),
        {
            "action": action,
            "_selected_action": [obj.pk for obj in objects],
            "apply": "yes",
            "text": text,
        },
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_publish_publishes_each_opportunity_and_records_the_event(admin_client, consortium_admin):
    first, second = submitted(), submitted()

    response = run_action(admin_client, "publish", [first, second])

    assert response.status_code == 200
    for opportunity in (first, second):
        opportunity.refresh_from_db()
        assert opportunity.status == OpportunityStatus.PUBLISHED
        assert opportunity.expires_on is not None
        event = opportunity.events.get(action=OpportunityEvent.Action.PUBLISHED)
        assert event.actor == consortium_admin
        assert event.from_status == OpportunityStatus.SUBMITTED
    assert any("Published 2" in message for message in messages_of(response))


def test_publish_notifies_the_author(admin_client):
    author = UserFactory()
    opportunity = submitted(author=author)

    run_action(admin_client, "publish", [opportunity])

    notification = Notification.objects.get(recipient=author)
    assert notification.kind == NotificationKind.MODERATION_RESULT
    assert notification.payload["opportunity_id"] == opportunity.pk


def test_an_illegal_transition_is_reported_per_object_and_changes_nothing(admin_client):
    ready = submitted(title="Ready assay")
    draft = OpportunityFactory(
        title="Unfinished draft", status=OpportunityStatus.DRAFT, author=UserFactory()
    )

    response = run_action(admin_client, "publish", [ready, draft])

    ready.refresh_from_db()
    draft.refresh_from_db()
    assert ready.status == OpportunityStatus.PUBLISHED
    assert draft.status == OpportunityStatus.DRAFT
    assert draft.published_at is None
    assert not draft.events.exists()
    messages = messages_of(response)
    assert any("Published 1" in message and "Ready assay" in message for message in messages)
    assert any(
        "Unfinished draft" in message and "not waiting for review" in message
        for message in messages
    )


def test_request_changes_first_asks_for_a_comment(admin_client):
    opportunity = submitted(title="Assay to review")

    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "request_changes", "_selected_action": [opportunity.pk], "index": 0},
    )

    assert response.status_code == 200
    assert "admin/action_text_form.html" in [t.name for t in response.templates]
    assert "Assay to review" in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.SUBMITTED


def test_request_changes_sends_back_with_the_comment(admin_client, consortium_admin):
    author = UserFactory()
    first, second = submitted(author=author), submitted()

    apply_text_action(admin_client, "request_changes", [first, second], "Add the TRL, please.")

    for opportunity in (first, second):
        opportunity.refresh_from_db()
        assert opportunity.status == OpportunityStatus.CHANGES_REQUESTED
        assert opportunity.moderation_comment == "Add the TRL, please."
        event = opportunity.events.get(action=OpportunityEvent.Action.CHANGES_REQUESTED)
        assert event.comment == "Add the TRL, please."
        assert event.actor == consortium_admin
    assert Notification.objects.filter(
        recipient=author, kind=NotificationKind.MODERATION_RESULT
    ).exists()


def test_request_changes_without_a_comment_changes_nothing(admin_client):
    opportunity = submitted()

    response = apply_text_action(admin_client, "request_changes", [opportunity], "   ")

    assert response.status_code == 200
    assert "admin/action_text_form.html" in [t.name for t in response.templates]
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.SUBMITTED
    assert not opportunity.events.exists()


def test_reject_rejects_with_the_reason(admin_client):
    opportunity = submitted()

    apply_text_action(admin_client, "reject", [opportunity], "Not a life-science offer.")

    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.REJECTED
    event = opportunity.events.get(action=OpportunityEvent.Action.REJECTED)
    assert event.comment == "Not a life-science offer."


def test_reject_reports_an_already_published_opportunity(admin_client):
    published = PublishedOpportunityFactory(title="Live offer", author=UserFactory())

    response = apply_text_action(admin_client, "reject", [published], "Spam.")

    published.refresh_from_db()
    assert published.status == OpportunityStatus.PUBLISHED
    assert any("Live offer" in message for message in messages_of(response))


def test_expire_overdue_expires_only_those_past_their_date(admin_client):
    today = timezone.localdate()
    overdue = PublishedOpportunityFactory(
        expires_on=today - datetime.timedelta(days=1), author=UserFactory()
    )
    running = PublishedOpportunityFactory(
        title="Still running", expires_on=today + datetime.timedelta(days=30), author=UserFactory()
    )

    response = run_action(admin_client, "expire_overdue", [overdue, running])

    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.status == OpportunityStatus.EXPIRED
    assert overdue.events.filter(action=OpportunityEvent.Action.EXPIRED).exists()
    assert running.status == OpportunityStatus.PUBLISHED
    assert any(
        "Still running" in message and "has not reached its expiry date" in message
        for message in messages_of(response)
    )
