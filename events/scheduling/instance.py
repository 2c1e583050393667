"""What the auto-scheduler is given, and what it gives back (plain data, no Django)."""

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SlotInfo:
    id: int
    day: int  # the event's day (0, 1, ...): idle gaps are counted within a day


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    a: int  # the two people (registration ids)
    b: int
    in_person: bool  # needs a table; otherwise a video room (no limit)
    # A locked meeting stays where it is: its slot (and table, in person) are given.
    fixed_slot: int | None = None
    fixed_table: int | None = None

    @property
    def is_fixed(self) -> bool:
        return self.fixed_slot is not None


@dataclass(frozen=True)
class Instance:
    slots: tuple[SlotInfo, ...]  # in time order
    tables: int
    availability: dict[int, frozenset[int]]  # person -> slot ids they are available in
    meetings: tuple[MeetingInfo, ...]

    def fixed_busy(self) -> set[tuple[int, int]]:
        """(person, slot) taken by a locked meeting."""
        busy = set()
        for meeting in self.meetings:
            if meeting.fixed_slot is not None:
                busy.add((meeting.a, meeting.fixed_slot))
                busy.add((meeting.b, meeting.fixed_slot))
        return busy

    def fixed_tables(self) -> dict[int, int]:
        """Per slot, the tables taken by locked in-person meetings."""
        used: dict[int, int] = defaultdict(int)
        for meeting in self.meetings:
            if meeting.fixed_slot is not None and meeting.in_person:
                used[meeting.fixed_slot] += 1
        return used

    def _candidates(self, meeting, busy, tables_used) -> list[int]:
        both = self.availability.get(meeting.a, frozenset()) & self.availability.get(
            meeting.b, frozenset()
        )
        return [
            slot.id
            for slot in self.slots
            if slot.id in both
            and (meeting.a, slot.id) not in busy
            and (meeting.b, slot.id) not in busy
            and not (meeting.in_person and tables_used.get(slot.id, 0) >= self.tables)
        ]

    def all_candidates(self) -> dict[int, list[int]]:
        """Per meeting that is not locked, the slots, in time order, where both are available
        and no locked meeting holds either of them or the last table."""
        busy, tables_used = self.fixed_busy(), self.fixed_tables()
        return {
            meeting.id: self._candidates(meeting, busy, tables_used)
            for meeting in self.meetings
            if not meeting.is_fixed
        }


@dataclass
class Schedule:
    """Meeting id -> (slot id, table or None), locked meetings included."""

    assignments: dict[int, tuple[int, int | None]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.assignments)


def assign_tables(instance: Instance, slots_of: dict[int, int]) -> Schedule:
    """Give each in-person meeting of a slot a table: locked ones keep theirs, the others
    take the lowest free numbers. `slots_of` holds the free meetings' chosen slots."""
    schedule = Schedule()
    taken: dict[int, set[int]] = defaultdict(set)
    for meeting in instance.meetings:
        if meeting.fixed_slot is not None:
            table = meeting.fixed_table if meeting.in_person else None
            schedule.assignments[meeting.id] = (meeting.fixed_slot, table)
            if table is not None:
                taken[meeting.fixed_slot].add(table)
    for meeting in instance.meetings:
        slot = slots_of.get(meeting.id)
        if slot is None or meeting.is_fixed:
            continue
        table = None
        if meeting.in_person:
            table = next(t for t in range(1, instance.tables + 1) if t not in taken[slot])
            taken[slot].add(table)
        schedule.assignments[meeting.id] = (slot, table)
    return schedule
