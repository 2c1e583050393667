"""Meeting requests: sending, the cap on open requests, answers, expiry, staff acting."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events.models import DeclineReason, MeetingRequest, RequestStatus
from events.services import (
    MESSAGE_ALREADY_ANSWERED,
    MESSAGE_CAP,
    MESSAGE_DUPLICATE_REQUEST,
    MESSAGE_EXPIRED,
    MESSAGE_REQUESTS_CLOSED,
    MESSAGE_SAME_ORGANIZATION,
    meeting_request_accept,
    meeting_request_create,
    meeting_request_decline,
    meeting_request_withdraw,
    meeting_requests_expire,
)

pytestmark = pytest.mark.django_db


def send(sender, recipient, message="Let us talk about your assay.", actor=None):
    return meeting_request_create(
        actor=actor or sender.user, sender=sender, recipient=recipient, message=message
    )


def test_a_participant_sends_a_request_that_expires_after_the_organisers_time(alice, bora):
    before = timezone.now()

    request = send(alice, bora)

    assert request.status == RequestStatus.PENDING
    assert request.created_by == alice.user and not request.sent_on_behalf
    expected = before + datetime.timedelta(hours=48)
    assert abs(request.expires_at - expected) < datetime.timedelta(seconds=5)


def test_a_second_open_request_to_the_same_person_is_refused(alice, bora):
    send(alice, bora)

    with pytest.raises(ValidationError) as error:
        send(bora, alice)

    assert error.value.messages == [str(MESSAGE_DUPLICATE_REQUEST)]


def test_a_request_to_ones_own_organization_is_refused(alice, site, register, event):
    colleague = register(event, site.lyon_org)

    with pytest.raises(ValidationError) as error:
        send(alice, colleague)

    assert error.value.messages == [str(MESSAGE_SAME_ORGANIZATION)]


def test_the_cap_on_open_requests_refuses_one_more(alice, site, register, event):
    others = [register(event, site.seoul_org) for _ in range(4)]
    for other in others[:3]:
        send(alice, other)

    with pytest.raises(ValidationError) as error:
        send(alice, others[3])

    assert error.value.messages == [str(MESSAGE_CAP) % {"count": 3}]
    assert MeetingRequest.objects.filter(sender=alice).count() == 3


def test_an_answer_frees_room_under_the_cap(alice, site, register, event):
    others = [register(event, site.seoul_org) for _ in range(4)]
    requests = [send(alice, other) for other in others[:3]]

    meeting_request_decline(actor=others[0].user, request=requests[0], reason=DeclineReason.NO_TIME)
    send(alice, others[3])

    assert MeetingRequest.objects.filter(sender=alice, status="pending").count() == 3


def test_expiry_marks_unanswered_requests_and_frees_the_cap(alice, site, register, event):
    others = [register(event, site.seoul_org) for _ in range(4)]
    requests = [send(alice, other) for other in others[:3]]
    later = timezone.now() + datetime.timedelta(hours=49)

    expired = meeting_requests_expire(now=later)

    assert expired == 3
    assert set(MeetingRequest.objects.values_list("status", flat=True)) == {RequestStatus.EXPIRED}
    send(alice, others[3])
    requests[0].refresh_from_db()
    assert requests[0].status == RequestStatus.EXPIRED


def test_expiry_leaves_requests_that_still_have_time(alice, bora):
    send(alice, bora)

    assert meeting_requests_expire(now=timezone.now() + datetime.timedelta(hours=47)) == 0
    assert MeetingRequest.objects.get().status == RequestStatus.PENDING


def test_an_expired_request_can_no_longer_be_accepted(alice, bora, event):
    request = send(alice, bora)
    MeetingRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    request.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        meeting_request_accept(actor=bora.user, request=request, slot=event.slots.first())

    assert error.value.messages == [str(MESSAGE_EXPIRED)]


def test_a_decline_keeps_its_structured_reason_for_the_requester(alice, bora):
    request = send(alice, bora)

    meeting_request_decline(
        actor=bora.user,
        request=request,
        reason=DeclineReason.ALREADY_IN_CONTACT,
        message="We met in Boston.",
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert request.get_decline_reason_display() == "We are already in contact"
    assert request.decline_message == "We met in Boston."


def test_a_decline_without_a_known_reason_is_refused(alice, bora):
    request = send(alice, bora)

    with pytest.raises(ValidationError):
        meeting_request_decline(actor=bora.user, request=request, reason="because")

    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_only_the_recipient_may_answer(alice, bora, kenji):
    request = send(alice, bora)

    with pytest.raises(PermissionDenied):
        meeting_request_decline(actor=kenji.user, request=request, reason=DeclineReason.OTHER)
    with pytest.raises(PermissionDenied):
        meeting_request_decline(actor=alice.user, request=request, reason=DeclineReason.OTHER)


def test_a_request_answered_twice_is_refused(alice, bora):
    request = send(alice, bora)
    meeting_request_decline(actor=bora.user, request=request, reason=DeclineReason.OTHER)

    with pytest.raises(ValidationError) as error:
        meeting_request_decline(actor=bora.user, request=request, reason=DeclineReason.OTHER)

    assert error.value.messages == [str(MESSAGE_ALREADY_ANSWERED)]


def test_the_sender_may_withdraw_an_open_request(alice, bora):
    request = send(alice, bora)

    meeting_request_withdraw(actor=alice.user, request=request)

    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_requests_are_refused_after_the_request_deadline(alice, bora, event):
    event.request_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save(update_fields=["request_deadline"])
    alice.event.request_deadline = event.request_deadline

    with pytest.raises(ValidationError) as error:
        send(alice, bora)

    assert error.value.messages == [str(MESSAGE_REQUESTS_CLOSED)]


def test_organising_staff_act_for_participants_of_their_own_cluster_recorded_as_such(
    alice, bora, site
):
    request = send(alice, bora, actor=site.staff)

    assert request.created_by == site.staff
    assert request.sent_on_behalf


def test_organising_staff_may_not_act_for_participants_of_another_cluster(alice, bora, site):
    with pytest.raises(PermissionDenied):
        send(bora, alice, actor=site.staff)


def test_staff_of_a_cluster_that_does_not_organise_may_not_act_even_for_their_own(
    alice, bora, site
):
    with pytest.raises(PermissionDenied):
        send(bora, alice, actor=site.seoul_staff)


def test_consortium_admins_act_for_anyone(alice, bora, site):
    request = send(bora, alice, actor=site.admin)

    meeting = meeting_request_accept(
        actor=site.admin, request=request, slot=alice.event.slots.first()
    )

    request.refresh_from_db()
    assert request.sent_on_behalf and request.answered_on_behalf
    assert meeting.scheduled_by == site.admin
