"""The auto-scheduler: OR-Tools CP-SAT, most meetings first, then fewest idle gaps.

The model: one boolean per (meeting, candidate slot); at most one slot per meeting, one
meeting per person and slot, no more in-person meetings in a slot than free tables. The
objective is lexicographic in one weighted sum: every meeting is worth more than any number
of idle gaps. Idle gaps per person and day are the span between the first and last of their
usable times holding a meeting, less the meetings (metrics.idle_gaps counts the same).

Small events are solved as one model (proven optimal within the time limit). A large event
is too big for one model to improve in seconds, so CP-SAT solves it by parts (large
neighbourhood search): starting from the first-fit schedule, it re-solves the meetings of a
group of connected people at a time — everything else stays where it is and takes its times
and tables — and keeps each part's result when it is at least as good, until the time limit.
Every part is a complete CP-SAT model over those meetings, so the schedule never gets worse
and the count only grows.

Tables are numbered afterwards (any free table will do): locked meetings keep theirs.
"""

import random
import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .greedy import first_fit_slots
from .instance import Instance, MeetingInfo, Schedule, assign_tables

# Up to this many (meeting, slot) pairs, one model for the whole event.
WHOLE_MODEL_LIMIT = 12000
# A part of a large event: about this many meetings re-solved at once, for at most this long.
PART_MEETINGS = 100
PART_SECONDS = 0.5


@dataclass
class Result:
    schedule: Schedule
    status: str  # "optimal" (proven) or "feasible" (the best found in the time limit)
    seconds: float
    parts: int = 0  # parts solved (large events)
    improved_parts: int = 0


def _solver(seconds: float, workers: int, presolve: bool = True) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    # The models are plain: presolve's probing and symmetry search cost more than they save.
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.cp_model_presolve = presolve
    solver.parameters.linearization_level = 0 if not presolve else 1
    return solver


class _Context:
    """What does not change while solving: candidates, people's usable times per day."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.by_id = {meeting.id: meeting for meeting in instance.meetings}
        self.candidates = instance.all_candidates()
        self.fixed = {m.id: m.fixed_slot for m in instance.meetings if m.fixed_slot is not None}
        self.meetings_of: dict[int, list[MeetingInfo]] = defaultdict(list)
        for meeting in instance.meetings:
            self.meetings_of[meeting.a].append(meeting)
            self.meetings_of[meeting.b].append(meeting)
        fixed_at = instance.fixed_busy()
        self.days_of: dict[int, dict[int, list[int]]] = {}
        for person in self.meetings_of:
            usable = set(instance.availability.get(person, frozenset()))
            usable |= {slot for (p, slot) in fixed_at if p == person}
            days: dict[int, list[int]] = defaultdict(list)
            for slot in instance.slots:
                if slot.id in usable:
                    days[slot.day].append(slot.id)
            self.days_of[person] = days
        self.slot_count = len(instance.slots)

    def weight(self, people: int) -> int:
        """More than the most idle gaps `people` can have: one meeting outweighs them all."""
        return people * self.slot_count + 1


def solve(instance: Instance, *, time_limit: float = 20.0, workers: int = 2) -> Result:
    started = time.monotonic()
    context = _Context(instance)
    current = first_fit_slots(instance)
    size = sum(len(slots) for slots in context.candidates.values())
    if size <= WHOLE_MODEL_LIMIT:
        free = list(context.candidates)
        chosen, optimal = _solve_part(context, free, current, time_limit, workers)
        status = "optimal" if optimal else "feasible"
        return Result(assign_tables(instance, chosen), status, time.monotonic() - started)
    parts = improved = 0
    rng = random.Random(19)
    while time.monotonic() - started < time_limit - 0.3:
        free = _neighbourhood(context, current, rng, parts)
        seconds = min(PART_SECONDS, time_limit - (time.monotonic() - started))
        chosen, _optimal = _solve_part(context, free, current, seconds, workers, presolve=False)
        parts += 1
        if chosen != current:
            improved += 1
            current = chosen
    return Result(
        assign_tables(instance, current),
        "feasible",
        time.monotonic() - started,
        parts=parts,
        improved_parts=improved,
    )


def _neighbourhood(context: _Context, current: dict[int, int], rng, number: int) -> list[int]:
    """Free meetings of a group of connected people: from an unscheduled meeting (every other
    part) or anyone's, widening to their counterparts until the part is big enough."""
    free_ids = list(context.candidates)
    unscheduled = [mid for mid in free_ids if mid not in current and context.candidates[mid]]
    seed_id = rng.choice(unscheduled if unscheduled and number % 2 == 0 else free_ids)
    seed = context.by_id[seed_id]
    people = [seed.a, seed.b]
    chosen: set[int] = set()
    seen = set(people)
    index = 0
    while index < len(people) and len(chosen) < PART_MEETINGS:
        person = people[index]
        index += 1
        meetings = context.meetings_of[person]
        for meeting in rng.sample(meetings, len(meetings)):
            if meeting.id in context.candidates:
                chosen.add(meeting.id)
            other = meeting.b if meeting.a == person else meeting.a
            if other not in seen:
                seen.add(other)
                people.append(other)
    return list(chosen)


def _solve_part(
    context: _Context,
    free_ids: list[int],
    current: dict[int, int],
    seconds: float,
    workers: int,
    presolve: bool = True,
) -> tuple[dict[int, int], bool]:
    """Re-solve the meetings `free_ids` with every other meeting where it is (locked ones and
    the current places of the rest). Returns the whole new assignment and whether this part
    was proven optimal; the current one when nothing better was found."""
    instance, by_id = context.instance, context.by_id
    free = set(free_ids)
    busy: set[tuple[int, int]] = set()
    tables_used: dict[int, int] = defaultdict(int)
    placed = {**context.fixed, **{mid: s for mid, s in current.items() if mid not in free}}
    for meeting_id, slot in placed.items():
        meeting = by_id[meeting_id]
        busy.update({(meeting.a, slot), (meeting.b, slot)})
        if meeting.in_person:
            tables_used[slot] += 1

    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    at: dict[tuple[int, int], list] = defaultdict(list)
    in_person_at: dict[int, list] = defaultdict(list)
    for meeting_id in free_ids:
        meeting = by_id[meeting_id]
        slots = [
            s
            for s in context.candidates[meeting_id]
            if (meeting.a, s) not in busy
            and (meeting.b, s) not in busy
            and not (meeting.in_person and tables_used[s] >= instance.tables)
        ]
        for slot in slots:
            var = model.new_bool_var("")
            x[(meeting_id, slot)] = var
            model.add_hint(var, current.get(meeting_id) == slot)
            at[(meeting.a, slot)].append(var)
            at[(meeting.b, slot)].append(var)
            if meeting.in_person:
                in_person_at[slot].append(var)
        if len(slots) > 1:
            model.add_at_most_one(x[(meeting_id, slot)] for slot in slots)
    if not x:
        return current, True
    for literals in at.values():
        if len(literals) > 1:
            model.add_at_most_one(literals)
    for slot, literals in in_person_at.items():
        room = instance.tables - tables_used[slot]
        if len(literals) > room:
            model.add(sum(literals) <= room)

    people = sorted({person for (person, _slot) in at})
    hinted_busy: dict[int, set[int]] = defaultdict(set)
    for person, slot in busy:
        hinted_busy[person].add(slot)
    for meeting_id in free_ids:
        slot = current.get(meeting_id)
        if slot is not None:
            hinted_busy[by_id[meeting_id].a].add(slot)
            hinted_busy[by_id[meeting_id].b].add(slot)
    spans = []
    for person in people:
        for ordered in context.days_of[person].values():
            term = _span(model, ordered, busy, at, person, hinted_busy[person])
            if term is not None:
                spans.append(term)
    total = sum(x.values())
    weight = context.weight(len(people))
    model.minimize(sum(spans) - (weight + 2) * total)

    solver = _solver(seconds, workers, presolve)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return current, False
    chosen = {mid: s for mid, s in current.items() if mid not in free}
    chosen.update({mid: s for (mid, s), var in x.items() if solver.boolean_value(var)})
    return chosen, status == cp_model.OPTIMAL


def _span(model, ordered: list[int], busy, at, person: int, hinted: set[int]):
    """end - start + used for one person and day (None without a free meeting that day):
    the positions of the first and last meeting among the person's usable times."""
    if not any((person, slot) in at for slot in ordered):
        return None
    k = len(ordered)
    start = model.new_int_var(0, k - 1, "")
    end = model.new_int_var(0, k - 1, "")
    used = model.new_bool_var("")
    model.add(start <= end)
    positions = [p for p, slot in enumerate(ordered) if slot in hinted]
    model.add_hint(start, positions[0] if positions else 0)
    model.add_hint(end, positions[-1] if positions else 0)
    model.add_hint(used, bool(positions))
    for position, slot in enumerate(ordered):
        if (person, slot) in busy:
            model.add(end >= position)
            model.add(start <= position)
            model.add(used == 1)
            continue
        literals = at.get((person, slot))
        if not literals:
            continue
        here = sum(literals)
        if position:
            model.add(end >= position * here)
        if position < k - 1:
            model.add(start + (k - 1 - position) * here <= k - 1)
        model.add(used >= here)
    return end - start + used
