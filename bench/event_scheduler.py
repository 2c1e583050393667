"""The auto-scheduler at the size of a large partnering event, on generated data.

    python -m bench.event_scheduler            # 2,000 people, 8,000 accepted meetings
    python -m bench.event_scheduler --scale 0.2

The event of the issue: 2,000 participants (40 % online), 20,000 requests of which 8,000
accepted, 2 days x 14 slots, 60 on-site tables, no limit on video rooms. People are
available all day except some who miss one half-day; people who ask for many meetings ask
for more (a few are in demand). Printed and returned: the independent upper bound, the
CP-SAT solver and the greedy first-fit baseline (meetings scheduled, share of the bound,
mean idle gap per person, seconds), each checked by the validator.
"""

import argparse
import json
import random
import time

from events.scheduling import bound, greedy, metrics, solver, validate
from events.scheduling.instance import Instance, MeetingInfo, SlotInfo

PEOPLE = 2000
ONLINE_SHARE = 0.4
REQUESTS = 20000
ACCEPTED = 8000
DAYS = 2
SLOTS_PER_DAY = 14
TABLES = 60
TIME_LIMIT = 25.0
SOLVER_TARGET_SECONDS = 30.0
SOLVER_TARGET_SHARE = 0.98


def build_instance(scale: float = 1.0, seed: int = 19) -> Instance:
    rng = random.Random(seed)
    people = max(int(PEOPLE * scale), 10)
    accepted = max(int(ACCEPTED * scale), 10)
    tables = max(int(TABLES * scale), 1)
    slots = tuple(
        SlotInfo(id=day * 100 + index, day=day)
        for day in range(DAYS)
        for index in range(SLOTS_PER_DAY)
    )
    ids = [slot.id for slot in slots]
    half = SLOTS_PER_DAY // 2
    availability = {}
    online = set(rng.sample(range(people), int(people * ONLINE_SHARE)))
    for person in range(people):
        away: set[int] = set()
        if rng.random() < 0.3:  # misses one half-day
            day, part = rng.randrange(DAYS), rng.randrange(2)
            away = {day * 100 + part * half + i for i in range(half)}
        availability[person] = frozenset(s for s in ids if s not in away)
    # Popularity: a few are asked by many.
    weights = [rng.paretovariate(2.5) for _ in range(people)]
    organizations = {person: person // 2 for person in range(people)}  # two people each
    pairs: set[tuple[int, int]] = set()
    requests = max(int(REQUESTS * scale), accepted)
    while len(pairs) < requests:
        a = rng.randrange(people)
        b = rng.choices(range(people), weights=weights)[0]
        if organizations[a] != organizations[b]:
            pairs.add((min(a, b), max(a, b)))
    chosen = rng.sample(sorted(pairs), accepted)
    meetings = tuple(
        MeetingInfo(id=index, a=a, b=b, in_person=a not in online and b not in online)
        for index, (a, b) in enumerate(chosen)
    )
    return Instance(slots=slots, tables=tables, availability=availability, meetings=meetings)


def measure(scale: float = 1.0, time_limit: float = TIME_LIMIT, workers: int = 2) -> dict:
    instance = build_instance(scale)
    started = time.monotonic()
    upper = bound.upper_bound(instance)
    bound_seconds = time.monotonic() - started
    results = {
        "meetings": len(instance.meetings),
        "in_person": sum(m.in_person for m in instance.meetings),
        "tables": instance.tables,
        "bound": upper.value,
        "bound_by_slots": upper.by_slots,
        "bound_by_people": upper.by_people,
        "bound_seconds": round(bound_seconds, 2),
    }
    started = time.monotonic()
    baseline = greedy.first_fit(instance)
    greedy_seconds = time.monotonic() - started
    result = solver.solve(instance, time_limit=time_limit, workers=workers)
    for name, schedule, seconds in (
        ("solver", result.schedule, result.seconds),
        ("greedy", baseline, greedy_seconds),
    ):
        problems = validate.problems(instance, schedule)
        gaps = metrics.idle_gaps(instance, schedule)
        results[name] = {
            "scheduled": schedule.count,
            "share_of_bound": round(schedule.count / upper.value, 4) if upper.value else 1.0,
            "mean_idle_gap": round(gaps.mean, 3),
            "seconds": round(seconds, 2),
            "valid": not problems,
        }
    results["solver"]["status"] = result.status
    results["solver_target_met"] = (
        results["solver"]["seconds"] <= SOLVER_TARGET_SECONDS
        and results["solver"]["share_of_bound"] >= SOLVER_TARGET_SHARE
        and results["solver"]["valid"]
    )
    return results


def print_results(results: dict) -> None:
    print(
        f"event scheduler: {results['meetings']} accepted meetings "
        f"({results['in_person']} in person, {results['tables']} tables); "
        f"upper bound {results['bound']} (times and tables {results['bound_by_slots']}, "
        f"people {results['bound_by_people']}; {results['bound_seconds']} s)"
    )
    for name in ("solver", "greedy"):
        row = results[name]
        print(
            f"  {name:7} scheduled {row['scheduled']:6}  {row['share_of_bound']:7.2%} of bound  "
            f"mean idle gap {row['mean_idle_gap']:.3f}  {row['seconds']:6.2f} s  "
            f"valid {row['valid']}"
        )
    target = "met" if results["solver_target_met"] else "NOT met"
    print(f"  target (<= {SOLVER_TARGET_SECONDS:.0f} s, >= {SOLVER_TARGET_SHARE:.0%}): {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = measure(args.scale, args.time_limit, args.workers)
    print(json.dumps(results, indent=2) if args.json else "", end="")
    print_results(results)
    return 0 if results["solver_target_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
