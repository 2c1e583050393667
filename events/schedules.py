"""The partnering events' periodic tasks (celery beat), created by a data migration
(core.schedules)."""

SCHEDULES = [
    {
        "name": "events: expire unanswered meeting requests",
        "task": "events.tasks.meeting_requests_expire_task",
        "every_seconds": 300,
    },
    {
        # Every 5 minutes, so the reminder "shortly before" (30 minutes ahead) is on time.
        "name": "events: meeting reminders",
        "task": "events.tasks.meeting_reminders_send_task",
        "every_seconds": 300,
    },
]
