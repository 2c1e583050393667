"""Creating celery beat's periodic tasks (django-celery-beat's database scheduler).

Each app lists its schedules in `<app>/schedules.py` and creates them in a data migration, so
every deployment has them. `ensure_schedules` is idempotent and takes the models as arguments
so a migration can pass its historical ones. A schedule is a dict: `name`, `task`, optional
`kwargs`, and either `every_seconds` or `crontab` (fields of CrontabSchedule, UTC).
"""

import json
from collections.abc import Sequence

from .caching import REFRESH_EVERY_SECONDS


def ensure_schedules(
    schedules: Sequence[dict], periodic_task_model, crontab_model, interval_model
) -> int:
    for spec in schedules:
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
    return len(schedules)


# The core's own periodic tasks (migration core 0003).
SCHEDULES = [
    {
        "name": "core: refresh the cached aggregates before they expire",
        "task": "core.tasks.aggregates_refresh_task",
        "every_seconds": REFRESH_EVERY_SECONDS,
    },
]
