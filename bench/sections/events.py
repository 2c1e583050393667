"""Issue 19's figures: the partnering-event auto-scheduler at the size of a large event
(2,000 participants, 40 % online, 8,000 accepted meetings, 2 days x 14 slots, 60 tables) on
generated data, against its independent upper bound and the first-fit baseline. Needs no
bench database: `python -m bench.run --skip-build --only event_scheduler`."""

from bench import event_scheduler
from bench.sections import Context, section


def lines(result: dict) -> list[str]:
    if result.get("status") == "error":
        return [f"- error: {result.get('error')}"]
    rows = [
        f"- {result['meetings']:,} accepted meetings ({result['in_person']:,} in person, "
        f"{result['tables']} tables): upper bound {result['bound']:,} "
        f"(times and tables {result['bound_by_slots']:,}, people {result['bound_by_people']:,}; "
        f"{result['bound_seconds']} s)"
    ]
    for name in ("solver", "greedy"):
        row = result[name]
        rows.append(
            f"- {name}: {row['scheduled']:,} scheduled, {row['share_of_bound']:.2%} of the bound, "
            f"mean idle gap {row['mean_idle_gap']:.3f} slots per person, {row['seconds']} s "
            f"wall, valid: {row['valid']}"
        )
    met = "met" if result["solver_target_met"] else "NOT met"
    rows.append(
        f"- target (solver ≤ {event_scheduler.SOLVER_TARGET_SECONDS:.0f} s, "
        f"≥ {event_scheduler.SOLVER_TARGET_SHARE:.0%} of the bound): {met}"
    )
    return rows


@section("event_scheduler", "Partnering events: the auto-scheduler", order=85, lines=lines)
def measure(ctx: Context) -> dict:
    return {"status": "ok", **event_scheduler.measure(ctx.args.scale)}
