"""The accounts' periodic tasks (celery beat), created by a data migration (core.schedules)."""

SCHEDULES = [
    {
        "name": "accounts: delete accounts never verified (30 days)",
        "task": "accounts.tasks.users_unverified_delete_task",
        "crontab": {"minute": "15", "hour": "3"},
    },
]
