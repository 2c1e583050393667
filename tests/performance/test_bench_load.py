"""`make bench`'s load test (bench/sections/load.py): its steps and how a step is reported."""

import pytest

from bench.sections import load


@pytest.mark.parametrize(
    ("text", "step"),
    [("4+2", (4, 2, False)), ("6+10p", (6, 10, True)), ("12+0", (12, 0, False))],
)
def test_a_step_is_read_as_visitors_members_and_whether_it_is_paced(text, step):
    assert load.parse_step(text) == step


def test_the_default_steps_end_with_one_paced_to_the_targets():
    assert [paced for *_, paced in load.DEFAULT_STEPS] == [False, False, False, True]


def figures(rps, p95):
    return {"requests": 900, "rps": rps, "p95_ms": p95, "errors": 0}


def test_a_paced_step_says_what_it_offered_and_each_verdict():
    step = {
        "visitors": 6,
        "members": 10,
        "paced": True,
        "kinds": {"visitor": figures(157.9, 40), "member": figures(38.2, 180)},
        "meets_targets": {"visitor": True, "member": False},
    }

    line = load.step_line(step)

    assert line.startswith("6 visitors + 10 members paced to offer 158 + 42 req/s")
    assert (
        "visitors 157.9 req/s, p95 40 ms, 0 errors (target ≥ 150 req/s, p95 ≤ 150 ms: met)" in line
    )
    assert (
        "members 38.2 req/s, p95 180 ms, 0 errors (target ≥ 40 req/s, p95 ≤ 250 ms: missed)" in line
    )


def test_a_step_without_think_time_is_not_called_paced():
    step = {
        "visitors": 4,
        "members": 2,
        "kinds": {"visitor": figures(400, 20), "member": figures(17, 210)},
        "meets_targets": {"visitor": True, "member": False},
    }

    assert "paced" not in load.step_line(step)
