"""A person's registrations, requests and meetings are in their data download and go with
their account, after the other side of each meeting has been told."""

import pytest

from accounts.services import user_delete
from events.models import Meeting, MeetingRequest, Registration
from events.services import meeting_request_accept, meeting_request_create
from notifications.models import Notification, NotificationKind
from partners.selectors import user_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(alice, bora, event):
    request = meeting_request_create(
        actor=alice.user, sender=alice, recipient=bora, message="Shall we meet?"
    )
    return meeting_request_accept(
        actor=bora.user, request=request, slot=event.slots.order_by("starts_at").first()
    )


def test_the_download_holds_registrations_requests_and_meetings(meeting, alice):
    data = user_personal_data(user=alice.user)

    [registration] = data["event_registrations"]
    assert registration["event"] == alice.event.title
    assert registration["time_zone"] == "Europe/Paris"
    [request] = data["meeting_requests"]
    assert request["direction"] == "sent" and request["message"] == "Shall we meet?"
    [entry] = data["meetings"]
    assert entry["with"] == "Seoul Devices"
    assert entry["starts_at"] == meeting.slot.starts_at.isoformat()


def test_deleting_the_account_cancels_its_meetings_and_tells_the_other_side(meeting, alice, bora):
    user_delete(user=alice.user)

    assert not Registration.objects.filter(pk=alice.pk).exists()
    assert not MeetingRequest.objects.exists() and not Meeting.objects.exists()
    assert Notification.objects.filter(
        recipient=bora.user, kind=NotificationKind.MEETING_CHANGED
    ).exists()
