"""Why a meeting stayed out of a schedule, for the organisers' preview."""

from collections import Counter

from .instance import Instance, Schedule

NO_COMMON_TIME = "no_common_time"  # no slot where both are available and not locked elsewhere
NO_TABLE = "no_table"  # in every common time, all tables are taken
BUSY = "busy"  # in every common time, one of the two has another meeting
BUSY_OR_NO_TABLE = "busy_or_no_table"  # some of each


def unscheduled_reasons(instance: Instance, schedule: Schedule) -> dict[int, str]:
    by_id = {meeting.id: meeting for meeting in instance.meetings}
    seats = set()
    tables: Counter = Counter()
    for meeting_id, (slot, _table) in schedule.assignments.items():
        meeting = by_id[meeting_id]
        seats.update({(meeting.a, slot), (meeting.b, slot)})
        if meeting.in_person:
            tables[slot] += 1
    reasons = {}
    for meeting_id, slots in instance.all_candidates().items():
        if meeting_id in schedule.assignments:
            continue
        meeting = by_id[meeting_id]
        if not slots:
            reasons[meeting_id] = NO_COMMON_TIME
            continue
        busy = [s for s in slots if (meeting.a, s) in seats or (meeting.b, s) in seats]
        if len(busy) == len(slots):
            reasons[meeting_id] = BUSY
        elif not busy:
            reasons[meeting_id] = NO_TABLE
        else:
            reasons[meeting_id] = BUSY_OR_NO_TABLE
    return reasons
