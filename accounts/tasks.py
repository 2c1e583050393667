"""Periodic account housekeeping: thin wrappers around the services."""

from celery import shared_task

from accounts.services import users_unverified_delete


# Idempotent (a second run finds nothing left to delete), so a redelivery is harmless; a
# database hiccup is retried a few times, and the next night's run catches up anyway.
@shared_task(acks_late=True, autoretry_for=(OSError,), max_retries=3, retry_backoff=60)
def users_unverified_delete_task() -> int:
    return users_unverified_delete()
