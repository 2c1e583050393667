"""Periodic marketplace work. Scheduled by the matching/notifications work (celery beat)."""

import logging

from celery import shared_task

from .services.lifecycle import opportunity_expire_due

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def opportunity_expire_due_task() -> int:
    """Expire every published opportunity whose expiry date has come (idempotent)."""
    count = opportunity_expire_due()
    logger.info("expired %d opportunities", count)
    return count
