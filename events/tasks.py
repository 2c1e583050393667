"""Celery tasks: thin wrappers that call a service and own the retry policy."""

from celery import shared_task

from .autoschedule import WORKER_TIME_LIMIT, schedule_run_execute
from .services import meeting_reminders_send, meeting_requests_expire

# Periodic and idempotent: a retried or doubled run finds nothing left to do (expired
# requests are no longer pending; a reminded meeting is marked, and the outbox refuses a
# second row per recipient and reminder).
PERIODIC_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "max_retries": 3,
    "retry_backoff": 60,
    "soft_time_limit": 240,
    "time_limit": 280,
}


@shared_task(**PERIODIC_OPTIONS)
def meeting_requests_expire_task() -> int:
    return meeting_requests_expire()


@shared_task(**PERIODIC_OPTIONS)
def meeting_reminders_send_task() -> int:
    return meeting_reminders_send()


# The solver stops itself at the run's time limit; the task's limits are the safety net.
@shared_task(
    acks_late=True, soft_time_limit=WORKER_TIME_LIMIT * 4, time_limit=WORKER_TIME_LIMIT * 5
)
def schedule_run_task(run_id: int) -> int | None:
    run = schedule_run_execute(run_id=run_id)
    return run.pk if run is not None else None
