"""Checks a schedule against its instance, knowing nothing of the solver that made it.

Every result of the auto-scheduler goes through `problems()` before it is shown or published;
an empty list means: only known meetings, each in a slot of the event where both people are
available, no person twice in a slot, in-person meetings at distinct tables within the
number of tables and online ones at none, and every locked meeting where it was.
"""

from collections import Counter

from .instance import Instance, Schedule


def problems(instance: Instance, schedule: Schedule) -> list[str]:
    found: list[str] = []
    by_id = {meeting.id: meeting for meeting in instance.meetings}
    slot_ids = {slot.id for slot in instance.slots}
    seats: Counter = Counter()
    tables: Counter = Counter()
    for meeting_id, (slot, table) in sorted(schedule.assignments.items()):
        meeting = by_id.get(meeting_id)
        if meeting is None:
            found.append(f"meeting {meeting_id}: not in the instance")
            continue
        if slot not in slot_ids:
            found.append(f"meeting {meeting_id}: slot {slot} is not one of the event's")
        if meeting.fixed_slot is not None:
            if slot != meeting.fixed_slot or (meeting.in_person and table != meeting.fixed_table):
                found.append(f"meeting {meeting_id}: locked meeting moved")
        else:
            for person in (meeting.a, meeting.b):
                if slot not in instance.availability.get(person, frozenset()):
                    found.append(f"meeting {meeting_id}: person {person} not available")
        for person in (meeting.a, meeting.b):
            seats[(person, slot)] += 1
        if meeting.in_person:
            if table is None or not 1 <= table <= instance.tables:
                found.append(f"meeting {meeting_id}: in person without a valid table")
            else:
                tables[(slot, table)] += 1
        elif table is not None:
            found.append(f"meeting {meeting_id}: online meeting at a table")
    for meeting in instance.meetings:
        if meeting.fixed_slot is not None and meeting.id not in schedule.assignments:
            found.append(f"meeting {meeting.id}: locked meeting dropped")
    for (person, slot), n in sorted(seats.items()):
        if n > 1:
            found.append(f"person {person}: {n} meetings in slot {slot}")
    for (slot, table), n in sorted(tables.items()):
        if n > 1:
            found.append(f"slot {slot}: table {table} booked {n} times")
    return found
