"""The first-fit baseline: each meeting, in the order given, takes its earliest slot where
both people and (in person) a table are still free. The bench measures the solver against it."""

from collections import defaultdict

from .instance import Instance, Schedule, assign_tables


def first_fit(instance: Instance) -> Schedule:
    return assign_tables(instance, first_fit_slots(instance))


def first_fit_slots(instance: Instance) -> dict[int, int]:
    busy = instance.fixed_busy()
    tables_used: dict[int, int] = defaultdict(int, instance.fixed_tables())
    chosen: dict[int, int] = {}
    by_id = {meeting.id: meeting for meeting in instance.meetings}
    for meeting_id, slots in instance.all_candidates().items():
        meeting = by_id[meeting_id]
        for slot in slots:
            if (meeting.a, slot) in busy or (meeting.b, slot) in busy:
                continue
            if meeting.in_person and tables_used[slot] >= instance.tables:
                continue
            chosen[meeting_id] = slot
            busy.add((meeting.a, slot))
            busy.add((meeting.b, slot))
            if meeting.in_person:
                tables_used[slot] += 1
            break
    return chosen
