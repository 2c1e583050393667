"""The auto-scheduler's solver, its independent upper bound and its validator, on plain data.

Small random instances are solved by brute force (every way to place every meeting); the
solver must find as many meetings as the best of them and, among those, as few idle gaps, and
the bound must never be below it. Every solver result passes the validator, which itself
catches each kind of broken schedule.
"""

import itertools
import random
from collections import Counter

import pytest

from events.scheduling import bound, explain, greedy, metrics, solver, validate
from events.scheduling.instance import Instance, MeetingInfo, Schedule, SlotInfo, assign_tables


def random_instance(seed: int, *, people=5, meetings=5, slots=4, days=2, locked=True) -> Instance:
    rng = random.Random(seed)
    slot_infos = tuple(SlotInfo(id=10 + i, day=i * days // slots) for i in range(slots))
    ids = [s.id for s in slot_infos]
    availability = {
        p: frozenset(s for s in ids if rng.random() < 0.75) for p in range(1, people + 1)
    }
    pairs = rng.sample(list(itertools.combinations(range(1, people + 1), 2)), meetings)
    infos = []
    taken: set = set()
    tables = rng.choice([1, 2])
    for number, (a, b) in enumerate(pairs, start=100):
        in_person = rng.random() < 0.6
        fixed_slot = fixed_table = None
        if locked and rng.random() < 0.15:
            free = [s for s in ids if (a, s) not in taken and (b, s) not in taken]
            table_free = [s for s in free if not in_person or (s, 1) not in taken]
            if table_free:
                fixed_slot = rng.choice(table_free)
                taken.update({(a, fixed_slot), (b, fixed_slot)})
                if in_person:
                    fixed_table = 1
                    taken.add((fixed_slot, 1))
        infos.append(MeetingInfo(number, a, b, in_person, fixed_slot, fixed_table))
    return Instance(
        slots=slot_infos, tables=tables, availability=availability, meetings=tuple(infos)
    )


def brute_force(instance: Instance) -> tuple[int, int]:
    """The most meetings any schedule holds, and the fewest idle gaps among those."""
    free = [m for m in instance.meetings if not m.is_fixed]
    fixed = [m for m in instance.meetings if m.is_fixed]
    options = [
        [None, *sorted(instance.availability[m.a] & instance.availability[m.b])] for m in free
    ]
    best = (-1, 0)
    for choice in itertools.product(*options):
        seats: Counter = Counter()
        tables: Counter = Counter()
        placed = {m.id: m.fixed_slot for m in fixed}
        placed.update({m.id: s for m, s in zip(free, choice, strict=True) if s is not None})
        for meeting in instance.meetings:
            slot = placed.get(meeting.id)
            if slot is None:
                continue
            seats[(meeting.a, slot)] += 1
            seats[(meeting.b, slot)] += 1
            tables[slot] += meeting.in_person
        if any(n > 1 for n in seats.values()) or any(n > instance.tables for n in tables.values()):
            continue
        schedule = assign_tables(
            instance, {m.id: s for m, s in zip(free, choice, strict=True) if s is not None}
        )
        score = (schedule.count, -metrics.idle_gaps(instance, schedule).total)
        best = max(best, score)
    return best[0], -best[1]


@pytest.mark.parametrize("seed", range(60))
def test_solver_and_bound_agree_with_brute_force(seed):
    instance = random_instance(seed, people=rng_people(seed), meetings=5 + seed % 2)
    most, fewest_gaps = brute_force(instance)
    result = solver.solve(instance, time_limit=10, workers=1)
    assert validate.problems(instance, result.schedule) == []
    assert result.status == "optimal"
    assert result.schedule.count == most
    assert metrics.idle_gaps(instance, result.schedule).total == fewest_gaps
    upper = bound.upper_bound(instance)
    assert upper.value >= most
    # The baseline is a valid schedule too, never better than the best.
    baseline = greedy.first_fit(instance)
    assert validate.problems(instance, baseline) == []
    assert baseline.count <= most


def rng_people(seed: int) -> int:
    return 4 + seed % 3


def test_bound_is_tight_when_tables_bind():
    """Six in-person meetings of six different pairs, one table, three slots: three fit."""
    slots = tuple(SlotInfo(i, 0) for i in range(3))
    people = range(1, 13)
    instance = Instance(
        slots=slots,
        tables=1,
        availability={p: frozenset(range(3)) for p in people},
        meetings=tuple(MeetingInfo(100 + i, 2 * i + 1, 2 * i + 2, True) for i in range(6)),
    )
    assert bound.upper_bound(instance).value == 3
    result = solver.solve(instance, time_limit=5, workers=1)
    assert result.schedule.count == 3
    reasons = explain.unscheduled_reasons(instance, result.schedule)
    assert sorted(reasons.values()) == [explain.NO_TABLE] * 3


def test_locked_meetings_stay_and_others_fit_around_them():
    slots = tuple(SlotInfo(i, 0) for i in range(3))
    instance = Instance(
        slots=slots,
        tables=1,
        availability={1: frozenset({0, 1, 2}), 2: frozenset({0, 1, 2}), 3: frozenset({1})},
        meetings=(
            MeetingInfo(100, 1, 2, True, fixed_slot=2, fixed_table=1),
            MeetingInfo(101, 1, 3, False),
            MeetingInfo(102, 2, 3, False),
        ),
    )
    result = solver.solve(instance, time_limit=5, workers=1)
    assert result.schedule.assignments[100] == (2, 1)
    assert validate.problems(instance, result.schedule) == []
    # 3 is available in slot 1 only: one of the two online meetings, the other is out.
    assert result.schedule.count == 2
    reasons = explain.unscheduled_reasons(instance, result.schedule)
    assert list(reasons.values()) == [explain.BUSY]


def test_gaps_are_closed_when_the_count_allows():
    """Two meetings of one person in a day of five slots: next to each other, not apart."""
    slots = tuple(SlotInfo(i, 0) for i in range(5))
    every = frozenset(range(5))
    instance = Instance(
        slots=slots,
        tables=0,
        availability={1: every, 2: frozenset({0}), 3: every},
        meetings=(MeetingInfo(100, 1, 2, False), MeetingInfo(101, 1, 3, False)),
    )
    result = solver.solve(instance, time_limit=5, workers=1)
    assert result.schedule.assignments == {100: (0, None), 101: (1, None)}
    assert metrics.idle_gaps(instance, result.schedule).total == 0


def test_no_common_time_is_the_reason_given():
    slots = (SlotInfo(0, 0), SlotInfo(1, 0))
    instance = Instance(
        slots=slots,
        tables=1,
        availability={1: frozenset({0}), 2: frozenset({1})},
        meetings=(MeetingInfo(100, 1, 2, True),),
    )
    result = solver.solve(instance, time_limit=5, workers=1)
    assert result.schedule.count == 0
    assert explain.unscheduled_reasons(instance, result.schedule) == {100: explain.NO_COMMON_TIME}
    assert bound.upper_bound(instance).value == 0


# --- The validator catches every kind of broken schedule ------------------------------------


@pytest.fixture
def small():
    slots = (SlotInfo(0, 0), SlotInfo(1, 0))
    return Instance(
        slots=slots,
        tables=1,
        availability={1: frozenset({0, 1}), 2: frozenset({0, 1}), 3: frozenset({0})},
        meetings=(
            MeetingInfo(100, 1, 2, True),
            MeetingInfo(101, 1, 3, True),
            MeetingInfo(102, 2, 3, False, fixed_slot=0),
        ),
    )


@pytest.mark.parametrize(
    ("assignments", "expected"),
    [
        ({100: (0, 1), 102: (0, None)}, "person 2: 2 meetings in slot 0"),
        ({101: (1, 1), 102: (0, None)}, "meeting 101: person 3 not available"),
        ({100: (0, 1), 101: (0, 1), 102: (0, None)}, "slot 0: table 1 booked 2 times"),
        ({100: (1, 2), 102: (0, None)}, "meeting 100: in person without a valid table"),
        ({100: (1, None), 102: (0, None)}, "meeting 100: in person without a valid table"),
        ({102: (0, 1)}, "meeting 102: online meeting at a table"),
        ({102: (1, None)}, "meeting 102: locked meeting moved"),
        ({100: (1, 1)}, "meeting 102: locked meeting dropped"),
        ({999: (0, None), 102: (0, None)}, "meeting 999: not in the instance"),
        ({100: (7, 1), 102: (0, None)}, "meeting 100: slot 7 is not one of the event's"),
    ],
)
def test_validator_finds(small, assignments, expected):
    assert expected in validate.problems(small, Schedule(assignments))


def test_validator_accepts_a_good_schedule(small):
    assert validate.problems(small, Schedule({100: (1, 1), 102: (0, None)})) == []


def test_idle_gaps_skip_times_away_and_count_per_day():
    slots = tuple(SlotInfo(i, i // 3) for i in range(6))
    instance = Instance(
        slots=slots,
        tables=0,
        availability={1: frozenset({0, 2, 3, 5}), 2: frozenset(range(6)), 3: frozenset(range(6))},
        meetings=(
            MeetingInfo(100, 1, 2, False),
            MeetingInfo(101, 1, 3, False),
            MeetingInfo(102, 2, 3, False),
        ),
    )
    # Person 1: slots 0 and 2 (1 is away: no gap); day two, 3 only. Person 2: 0 and 5.
    gaps = metrics.idle_gaps(instance, Schedule({100: (0, None), 101: (2, None), 102: (5, None)}))
    # Person 2: day one 0 only, day two 5 only -> 0; person 3: 2 and 5 on different days -> 0.
    assert (gaps.total, gaps.people) == (0, 3)
    gaps = metrics.idle_gaps(instance, Schedule({100: (3, None), 101: (5, None)}))
    # Person 1 on day two: 3 and 5 around 4, where they are away -> 0... 4 is not usable.
    assert gaps.total == 0
    gaps = metrics.idle_gaps(instance, Schedule({100: (0, None), 102: (2, None)}))
    # Person 2: 0 and 2 with 1 free between them -> one idle slot.
    assert gaps.total == 1
