"""Every step of a meeting request, a cancelled meeting and the reminders go through the
notifications outbox, in the recipient's time zone, and never to the person who acted."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.models import DeclineReason, MeetingRequest
from events.services import (
    meeting_cancel,
    meeting_reminders_send,
    meeting_request_accept,
    meeting_request_create,
    meeting_request_decline,
    meeting_requests_expire,
    registration_update,
)
from notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def notifications_of(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


def mails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def send(sender, recipient, actor=None):
    return meeting_request_create(
        actor=actor or sender.user, sender=sender, recipient=recipient, message="Shall we meet?"
    )


def test_the_recipient_is_told_of_a_request(alice, bora, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = send(alice, bora)

    [notification] = notifications_of(bora.user)
    assert notification.kind == NotificationKind.MEETING_REQUEST_RECEIVED
    assert notification.url == f"/events/{request.event.slug}/requests/{request.pk}/"
    assert not notifications_of(alice.user)
    [message] = mails_to(bora.user)
    assert "asks to meet you" in message.subject and "Shall we meet?" in message.body


def test_an_acceptance_tells_the_requester_the_time_in_their_time_zone(
    alice, kenji, event, django_capture_on_commit_callbacks
):
    registration_update(
        actor=alice.user, registration=alice, data={"time_zone": "Asia/Seoul"}, slots=None
    )
    request = send(alice, kenji)
    slot = event.slots.order_by("starts_at").first()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_request_accept(actor=kenji.user, request=request, slot=slot)

    [notification] = notifications_of(alice.user, NotificationKind.MEETING_REQUEST_ANSWERED)
    assert notification.payload["status"] == "accepted"
    assert notification.payload["starts_at"] == slot.starts_at.isoformat()
    [message] = mails_to(alice.user)
    seoul = slot.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
    assert f"{seoul:%H:%M}" in message.subject and "KST" in message.subject
    assert meeting.video_url in message.body


def test_a_decline_tells_the_requester_the_reason(alice, bora, django_capture_on_commit_callbacks):
    request = send(alice, bora)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_decline(
            actor=bora.user, request=request, reason=DeclineReason.NO_TIME, message="Sorry"
        )

    [message] = mails_to(alice.user)
    assert "declined your meeting request" in message.subject
    assert "Reason: Our agenda is full" in message.body and "Sorry" in message.body


def test_an_expiry_tells_the_requester(alice, bora, django_capture_on_commit_callbacks):
    send(alice, bora)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_requests_expire(now=timezone.now() + datetime.timedelta(days=3))

    [notification] = notifications_of(alice.user, NotificationKind.MEETING_REQUEST_ANSWERED)
    assert notification.payload["status"] == "expired"
    assert MeetingRequest.objects.get().status == "expired"


def test_staff_acting_for_a_participant_notify_the_other_side_only(alice, bora, site):
    send(alice, bora, actor=site.staff)

    assert [n.kind for n in notifications_of(bora.user)] == [
        NotificationKind.MEETING_REQUEST_RECEIVED
    ]
    assert not notifications_of(site.staff)


def test_a_cancellation_tells_the_other_side(alice, bora, event):
    request = send(alice, bora)
    meeting = meeting_request_accept(
        actor=bora.user, request=request, slot=event.slots.order_by("starts_at").first()
    )

    meeting_cancel(actor=alice.user, meeting=meeting)

    [notification] = notifications_of(bora.user, NotificationKind.MEETING_CHANGED)
    assert notification.payload["change"] == "cancelled"
    assert not notifications_of(alice.user, NotificationKind.MEETING_CHANGED)


def test_each_reminder_reaches_both_sides_once(alice, bora, event):
    request = send(alice, bora)
    meeting = meeting_request_accept(
        actor=bora.user, request=request, slot=event.slots.order_by("starts_at").first()
    )
    day_before = meeting.slot.starts_at - datetime.timedelta(hours=20)

    meeting_reminders_send(now=day_before)
    meeting_reminders_send(now=day_before + datetime.timedelta(minutes=5))
    meeting_reminders_send(now=meeting.slot.starts_at - datetime.timedelta(minutes=20))

    for person in (alice.user, bora.user):
        reminders = notifications_of(person, NotificationKind.MEETING_REMINDER)
        assert sorted(n.payload["which"] for n in reminders) == ["day_before", "soon"]
