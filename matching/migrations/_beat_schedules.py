"""The beat schedules as migrations 0002 and 0003 created them (frozen here: the live ones
moved to notifications/schedules.py, and notifications' migration 0002 renames these rows).

Not a migration (the leading underscore): the migration loader skips it.
"""

import json

SCHEDULES = [
    {
        "name": "matching: outbox sweep",
        "task": "matching.tasks.outbox_sweep_task",
        "every_seconds": 60,
    },
    {
        "name": "matching: daily digest",
        "task": "matching.tasks.send_digests_task",
        "crontab": {"minute": "0", "hour": "7"},
        "kwargs": {"frequency": "daily"},
    },
    {
        "name": "matching: weekly digest",
        "task": "matching.tasks.send_digests_task",
        "crontab": {"minute": "0", "hour": "7", "day_of_week": "1"},
        "kwargs": {"frequency": "weekly"},
    },
    {
        "name": "opportunities: expire due opportunities",
        "task": "opportunities.tasks.opportunity_expire_due_task",
        "crontab": {"minute": "5", "hour": "0"},
    },
    {
        "name": "matching: expiry warnings (14 days)",
        "task": "matching.tasks.expiry_warnings_create_task",
        "crontab": {"minute": "0", "hour": "6"},
    },
    {
        "name": "matching: unanswered interest reminders (14 days)",
        "task": "matching.tasks.interest_reminders_create_task",
        "crontab": {"minute": "30", "hour": "6"},
    },
]


def ensure_schedules(periodic_task_model, crontab_model, interval_model) -> int:
    for spec in SCHEDULES:
        defaults = {
            "task": spec["task"],
            "kwargs": json.dumps(spec.get("kwargs", {})),
            "enabled": True,
            "interval": None,
            "crontab": None,
        }
        if "every_seconds" in spec:
            defaults["interval"], _ = interval_model.objects.get_or_create(
                every=spec["every_seconds"], period="seconds"
            )
        else:
            fields = {
                "minute": "*",
                "hour": "*",
                "day_of_week": "*",
                "day_of_month": "*",
                "month_of_year": "*",
                **spec["crontab"],
            }
            defaults["crontab"] = crontab_model.objects.filter(**fields, timezone="UTC").first()
            if defaults["crontab"] is None:
                defaults["crontab"] = crontab_model.objects.create(**fields, timezone="UTC")
        periodic_task_model.objects.update_or_create(name=spec["name"], defaults=defaults)
    return len(SCHEDULES)
