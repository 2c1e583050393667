"""The outbox's, digests' and reminders' periodic tasks (celery beat), and the marketplace's
expiry, created by data migrations (core.schedules). Until the move to this app they were
matching's (matching/migrations/_beat_schedules.py; renamed by migration 0002 here).
"""

SCHEDULES = [
    {
        "name": "notifications: outbox sweep",
        "task": "notifications.tasks.outbox_sweep_task",
        "every_seconds": 60,
    },
    {
        "name": "notifications: daily digest",
        "task": "notifications.tasks.send_digests_task",
        "crontab": {"minute": "0", "hour": "7"},
        "kwargs": {"frequency": "daily"},
    },
    {
        "name": "notifications: weekly digest",
        "task": "notifications.tasks.send_digests_task",
        "crontab": {"minute": "0", "hour": "7", "day_of_week": "1"},
        "kwargs": {"frequency": "weekly"},
    },
    {
        "name": "opportunities: expire due opportunities",
        "task": "opportunities.tasks.opportunity_expire_due_task",
        "crontab": {"minute": "5", "hour": "0"},
    },
    {
        "name": "notifications: expiry warnings (14 days)",
        "task": "notifications.tasks.expiry_warnings_create_task",
        "crontab": {"minute": "0", "hour": "6"},
    },
    {
        "name": "notifications: unanswered interest reminders (14 days)",
        "task": "notifications.tasks.interest_reminders_create_task",
        "crontab": {"minute": "30", "hour": "6"},
    },
]
