"""Celery tasks of the webhooks: thin wrappers around api.webhooks, owning the retry timing."""

from celery import shared_task

from .webhooks import webhook_deliver, webhook_due_ids

# A failed attempt is retried by re-queueing the task for when the delivery is due (the claim
# refuses an early run); `webhook_sweep_task` (every minute) sends what a lost task left.
DELIVER_OPTIONS = {"acks_late": True, "soft_time_limit": 45, "time_limit": 60}


@shared_task(**DELIVER_OPTIONS)
def webhook_deliver_task(delivery_id: int) -> None:
    retry_in = webhook_deliver(delivery_id=delivery_id)
    if retry_in is not None:
        webhook_deliver_task.apply_async((delivery_id,), countdown=retry_in)


@shared_task(acks_late=True, soft_time_limit=540, time_limit=600)
def webhook_sweep_task() -> int:
    ids = webhook_due_ids()
    for delivery_id in ids:
        webhook_deliver(delivery_id=delivery_id)
    return len(ids)
