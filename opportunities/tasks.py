"""Periodic marketplace work. Scheduled by the matching/notifications work (celery beat)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def opportunity_expire_due_task() -> int:
    """Expire every published opportunity whose expiry date has come (idempotent)."""
    from .services import opportunity_expire_due

    count = opportunity_expire_due()
    logger.info("expired %d opportunities", count)
    return count
