"""Celery tasks: thin wrappers that take ids, call a service, and own the retry policy."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)

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


@shared_task(**SEND_OPTIONS)
def send_notification_task(notification_id: int) -> bool:
    from .outbox import notification_send

    return notification_send(notification_id=notification_id)


@shared_task(**SEND_OPTIONS)
def send_digest_task(user_id: int, frequency: str) -> int:
    from .outbox import digest_send

    return digest_send(user_id=user_id, frequency=frequency)


@shared_task(**PERIODIC_OPTIONS)
def send_digests_task(frequency: str) -> int:
    """Queue one digest e-mail per user with waiting `frequency` notifications."""
    from .outbox import digest_recipients

    user_ids = digest_recipients(frequency=frequency)
    for user_id in user_ids:
        send_digest_task.delay(user_id, frequency)
    return len(user_ids)


@shared_task(**PERIODIC_OPTIONS)
def outbox_sweep_task(min_age_seconds: int | None = None) -> int:
    import datetime

    from .outbox import SWEEP_MIN_AGE, outbox_sweep

    min_age = (
        SWEEP_MIN_AGE if min_age_seconds is None else datetime.timedelta(seconds=min_age_seconds)
    )
    return outbox_sweep(min_age=min_age)


@shared_task(**PERIODIC_OPTIONS)
def expiry_warnings_create_task() -> int:
    from .services import expiry_warnings_create

    return expiry_warnings_create()


@shared_task(**PERIODIC_OPTIONS)
def interest_reminders_create_task() -> int:
    from .services import interest_reminders_create

    return interest_reminders_create()
