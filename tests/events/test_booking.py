"""Pair-chosen meeting times: free slots for both, tables on site, video links online."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Meeting, MeetingSeat, MeetingStatus, RequestStatus
from events.selectors import free_slots_for_pair
from events.services import (
    MESSAGE_BAD_SLOT,
    MESSAGE_NO_TABLE,
    MESSAGE_SLOT_TAKEN,
    meeting_cancel,
    meeting_request_accept,
    meeting_request_create,
    meeting_reschedule,
    registration_update,
)

pytestmark = pytest.mark.django_db


def request_between(sender, recipient):
    return meeting_request_create(
        actor=sender.user, sender=sender, recipient=recipient, message="Shall we meet?"
    )


def accept(request, slot):
    return meeting_request_accept(actor=request.recipient.user, request=request, slot=slot)


def test_accepting_books_both_in_person_participants_at_a_table(alice, bora, event):
    slot = event.slots.order_by("starts_at").first()

    meeting = accept(request_between(alice, bora), slot)

    assert meeting.table == 1 and meeting.video_url == ""
    assert set(meeting.seats.values_list("registration_id", flat=True)) == {alice.pk, bora.pk}
    assert meeting.request.status == RequestStatus.ACCEPTED


def test_an_online_participant_gets_a_video_room_from_the_template(alice, kenji, event):
    meeting = accept(request_between(alice, kenji), event.slots.first())

    assert meeting.table is None
    assert meeting.video_url == f"https://meet.example.org/lyon-seoul-{meeting.pk}"


def test_the_free_slots_leave_out_those_either_side_is_booked_or_unavailable(
    alice, bora, kenji, event
):
    slots = list(event.slots.order_by("starts_at"))
    accept(request_between(alice, kenji), slots[0])
    registration_update(actor=bora.user, registration=bora, data={}, slots=slots[:3])

    free = free_slots_for_pair(event=event, a=alice, b=bora)

    assert free == slots[1:3]


def test_a_slot_where_one_side_is_booked_is_refused_with_a_clear_message(alice, bora, kenji, event):
    slot = event.slots.first()
    accept(request_between(alice, kenji), slot)

    with pytest.raises(ValidationError) as error:
        accept(request_between(bora, alice), slot)

    assert error.value.messages == [str(MESSAGE_SLOT_TAKEN)]
    assert MeetingSeat.objects.filter(registration=alice, slot=slot).count() == 1


def test_a_slot_outside_the_availability_is_refused(alice, bora, event):
    slots = list(event.slots.order_by("starts_at"))
    registration_update(actor=bora.user, registration=bora, data={}, slots=slots[1:])

    with pytest.raises(ValidationError) as error:
        accept(request_between(alice, bora), slots[0])

    assert error.value.messages == [str(MESSAGE_BAD_SLOT)]


def test_in_person_meetings_take_the_next_free_table_until_none_is_left(event, site, register):
    slot = event.slots.first()
    pairs = [(register(event, site.lyon_org), register(event, site.seoul_org)) for _ in range(3)]
    tables = [accept(request_between(a, b), slot).table for a, b in pairs[:2]]

    with pytest.raises(ValidationError) as error:
        accept(request_between(*pairs[2]), slot)

    assert tables == [1, 2]
    assert error.value.messages == [str(MESSAGE_NO_TABLE)]
    assert slot not in free_slots_for_pair(event=event, a=pairs[2][0], b=pairs[2][1])


def test_the_database_refuses_a_second_seat_for_a_person_in_a_slot(alice, bora, kenji, event):
    slot = event.slots.first()
    meeting = accept(request_between(alice, bora), slot)

    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSeat.objects.create(meeting=meeting, registration=alice, slot=slot)


def test_the_database_refuses_a_second_meeting_at_a_table_in_a_slot(alice, bora, kenji, event):
    slot = event.slots.first()
    meeting = accept(request_between(alice, bora), slot)
    other = request_between(kenji, alice)

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(event=event, request=other, slot=slot, table=meeting.table)


def test_cancelling_frees_the_slot_and_raises_the_sequence(alice, bora, event):
    slot = event.slots.first()
    meeting = accept(request_between(alice, bora), slot)

    meeting_cancel(actor=alice.user, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    assert not MeetingSeat.objects.filter(slot=slot).exists()
    assert slot in free_slots_for_pair(event=event, a=alice, b=bora)


def test_organisers_reschedule_moving_the_seats_and_raising_the_sequence(alice, bora, event, site):
    first, second = event.slots.order_by("starts_at")[:2]
    meeting = accept(request_between(alice, bora), first)

    meeting_reschedule(actor=site.staff, meeting=meeting, slot=second)

    meeting.refresh_from_db()
    assert meeting.slot == second and meeting.sequence == 1
    assert set(MeetingSeat.objects.values_list("slot_id", flat=True)) == {second.pk}
