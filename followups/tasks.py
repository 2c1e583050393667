"""Daily follow-up work, scheduled by celery beat (migration 0002 adds the schedules)."""

import logging

from celery import shared_task

from opportunities.services import interest_expire_due

from .services import nudges_send_due

logger = logging.getLogger(__name__)


# Both services are idempotent (each nudge and each expiry happens once whatever the number of
# runs), so a failed run is simply retried.
@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def nudges_send_due_task() -> int:
    count = nudges_send_due()
    logger.info("nudged %d follow-ups", count)
    return count


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def interest_expire_due_task() -> int:
    count = interest_expire_due()
    logger.info("expired %d unanswered interests", count)
    return count
