"""Celery tasks: thin wrappers that take ids, call a service, and own the retry policy.

Each task is also registered under the name it had in the matching app (`matching.tasks.*`),
for one release: tasks queued before an upgrade still run. Drop the alias in `_task` in the
next release (the beat rows were renamed by migration 0002).
"""

import datetime

from celery import shared_task

from .outbox import SWEEP_MIN_AGE, digest_recipients, digest_send, notification_send, outbox_sweep
from .reminders import expiry_warnings_create, interest_reminders_create

# Every task: acknowledged after it ran (a worker lost mid-task means a redelivery, which the
# outbox's claims make harmless), a bounded number of retries with exponential backoff, and a
# hard time limit below the outbox's stale-claim age.
SEND_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "max_retries": 5,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "soft_time_limit": 45,
    "time_limit": 60,
}
PERIODIC_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "max_retries": 3,
    "retry_backoff": 60,
    "soft_time_limit": 540,
    "time_limit": 600,
}
LEGACY_PREFIX = "matching.tasks."


def _task(options: dict):
    """`shared_task(**options)`, registered under its old `matching.tasks.` name as well."""

    def register(function):
        shared_task(name=LEGACY_PREFIX + function.__name__, **options)(function)
        return shared_task(**options)(function)

    return register


@_task(SEND_OPTIONS)
def send_notification_task(notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)


@_task(SEND_OPTIONS)
def send_digest_task(user_id: int, frequency: str) -> int:
    return digest_send(user_id=user_id, frequency=frequency)


@_task(PERIODIC_OPTIONS)
def send_digests_task(frequency: str) -> int:
    """Queue one digest e-mail per user with waiting `frequency` notifications."""
    user_ids = digest_recipients(frequency=frequency)
    for user_id in user_ids:
        send_digest_task.delay(user_id, frequency)
    return len(user_ids)


@_task(PERIODIC_OPTIONS)
def outbox_sweep_task(min_age_seconds: int | None = None) -> int:
    min_age = (
        SWEEP_MIN_AGE if min_age_seconds is None else datetime.timedelta(seconds=min_age_seconds)
    )
    return outbox_sweep(min_age=min_age)


@_task(PERIODIC_OPTIONS)
def expiry_warnings_create_task() -> int:
    return expiry_warnings_create()


@_task(PERIODIC_OPTIONS)
def interest_reminders_create_task() -> int:
    return interest_reminders_create()
