"""Two accepts racing for the same person or table, each on its own database connection.

The first accept books inside a transaction it keeps open until the second one is waiting on
the database's unique index; then it commits. The second had passed every check (it could not
see the uncommitted booking), so only the constraint stops it: it gets the clear message and
nothing is booked twice.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from events.models import Meeting, MeetingRequest, MeetingSeat, Slot
from events.services import (
    MESSAGE_NO_TABLE,
    MESSAGE_SLOT_TAKEN,
    meeting_request_accept,
    meeting_request_create,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WAIT_SECONDS = 20


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush, which also empties what migrations loaded (the
    taxonomy, the beat schedules). Put it back once this module is done."""
    yield
    with django_db_blocker.unblock():
        for each in connections.all():
            contents = getattr(each, "_test_serialized_contents", None)
            if contents:
                each.creation.deserialize_db_from_string(contents)


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return cursor.fetchone()[0] > 0


def race(first: MeetingRequest, second: MeetingRequest, slot: Slot) -> dict:
    """Accept `first` and hold its transaction open until `second`'s accept blocks on it."""
    booked, outcome = threading.Event(), {}

    def accept_first():
        try:
            with transaction.atomic():
                meeting_request_accept(actor=first.recipient.user, request=first, slot=slot)
                booked.set()
                deadline = time.monotonic() + WAIT_SECONDS
                while not _someone_waits_on_a_lock() and time.monotonic() < deadline:
                    time.sleep(0.05)
            outcome["first"] = "booked"
        finally:
            booked.set()
            connection.close()

    def accept_second():
        try:
            booked.wait(WAIT_SECONDS)
            meeting_request_accept(actor=second.recipient.user, request=second, slot=slot)
            outcome["second"] = "booked"
        except ValidationError as error:
            outcome["second"] = error.messages
        finally:
            connection.close()

    threads = [threading.Thread(target=accept_first), threading.Thread(target=accept_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS * 2)
    return outcome


def _request(sender, recipient):
    return meeting_request_create(
        actor=sender.user, sender=sender, recipient=recipient, message="Shall we meet?"
    )


def test_two_accepts_booking_the_same_person_in_one_slot_one_wins(event, site, register):
    bora = register(event, site.seoul_org, attendance="online")
    alice = register(event, site.lyon_org, attendance="online")
    kenji = register(event, site.osaka_org, attendance="online")
    slot = event.slots.order_by("starts_at").first()
    # Both ask bora; bora accepts both (two tabs) for the same time.
    first, second = _request(alice, bora), _request(kenji, bora)

    outcome = race(first, second, slot)

    assert outcome == {"first": "booked", "second": [str(MESSAGE_SLOT_TAKEN)]}
    assert MeetingSeat.objects.filter(registration=bora, slot=slot).count() == 1
    assert Meeting.objects.count() == 1
    second.refresh_from_db()
    assert second.status == "pending"  # nothing of the loser's accept was kept


def test_two_accepts_taking_the_last_table_in_a_slot_one_wins(make_event, site, register):
    event = make_event(tables=1, slug="one-table")
    pairs = [(register(event, site.lyon_org), register(event, site.seoul_org)) for _ in range(2)]
    slot = event.slots.order_by("starts_at").first()
    first, second = (_request(a, b) for a, b in pairs)

    outcome = race(first, second, slot)

    assert outcome == {"first": "booked", "second": [str(MESSAGE_NO_TABLE)]}
    assert list(Meeting.objects.values_list("table", flat=True)) == [1]
