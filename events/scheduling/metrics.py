"""Idle gaps: a person's free times between their first and last meeting of a day.

Counted over the slots the person is available in (and those of their locked meetings), so
a time they said they are away is not an idle gap, nor is the lunch break between windows.
"""

from collections import defaultdict
from dataclasses import dataclass

from .instance import Instance, Schedule


@dataclass(frozen=True)
class Gaps:
    total: int  # idle slots over everyone
    people: int  # people with at least one meeting

    @property
    def mean(self) -> float:
        return self.total / self.people if self.people else 0.0


def idle_gaps(instance: Instance, schedule: Schedule) -> Gaps:
    by_id = {meeting.id: meeting for meeting in instance.meetings}
    booked: dict[int, set[int]] = defaultdict(set)
    for meeting_id, (slot, _table) in schedule.assignments.items():
        meeting = by_id[meeting_id]
        booked[meeting.a].add(slot)
        booked[meeting.b].add(slot)
    total = 0
    for person, slots in booked.items():
        usable = instance.availability.get(person, frozenset()) | slots
        for day in {s.day for s in instance.slots if s.id in slots}:
            ordered = [s.id for s in instance.slots if s.day == day and s.id in usable]
            marks = [slot in slots for slot in ordered]
            first, last = marks.index(True), len(marks) - 1 - marks[::-1].index(True)
            total += marks[first : last + 1].count(False)
    return Gaps(total=total, people=len(booked))
