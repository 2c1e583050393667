"""The follow-ups' periodic tasks (celery beat), created by a data migration (core.schedules)."""

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
