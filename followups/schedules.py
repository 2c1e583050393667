"""The follow-ups' periodic tasks (celery beat), created by a data migration (core.schedules)."""

from core import schedules as core_schedules

SCHEDULES = [
    {
        "name": "follow-ups: nudges (30, 90, 180 days after an introduction)",
        "task": "followups.tasks.nudges_send_due_task",
        "crontab": {"minute": "0", "hour": "8"},
    },
    {
        "name": "follow-ups: expire interests unanswered for 30 days",
        "task": "followups.tasks.interest_expire_due_task",
        "crontab": {"minute": "20", "hour": "0"},
    },
]


def ensure_schedules(periodic_task_model, crontab_model, interval_model) -> int:
    return core_schedules.ensure_schedules(
        SCHEDULES, periodic_task_model, crontab_model, interval_model
    )
