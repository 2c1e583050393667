"""The accounts' periodic tasks (celery beat), created by a data migration (core.schedules)."""

from core import schedules as core_schedules

SCHEDULES = [
    {
        "name": "accounts: delete accounts never verified (30 days)",
        "task": "accounts.tasks.users_unverified_delete_task",
        "crontab": {"minute": "15", "hour": "3"},
    },
]


def ensure_schedules(periodic_task_model, crontab_model, interval_model) -> int:
    return core_schedules.ensure_schedules(
        SCHEDULES, periodic_task_model, crontab_model, interval_model
    )
