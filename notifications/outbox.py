"""The transactional outbox: notification rows written with the event, e-mails sent after.

Never twice: one row per (recipient, event_key), and every send first claims its row with a
conditional UPDATE, so two workers (a retried task, the sweep) cannot both send it.
Never for a rollback: rows are written in the event's transaction, tasks are queued on commit.
Never lost: if the broker is down at commit, the row stays pending and `outbox_sweep` sends it.
"""

import datetime
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from accounts.models import User

from . import emails
from .models import Delivery, EmailStatus, Notification
from .preferences import effective_deliveries, with_override

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Longer than any send task's hard time limit: a claim this old belongs to a dead worker.
STALE_CLAIM = datetime.timedelta(minutes=15)
SWEEP_MIN_AGE = datetime.timedelta(seconds=60)
SWEEP_BATCH = 200
# Looked up by name in the Celery app, not imported: the tasks module imports this one (no
# import cycle). NotificationsConfig.ready() registers the tasks in every process.
SEND_TASK = "notifications.tasks.send_notification_task"

STATUS_FOR_DELIVERY = {
    Delivery.INSTANT: EmailStatus.PENDING,
    Delivery.DAILY: EmailStatus.DIGEST,
    Delivery.WEEKLY: EmailStatus.DIGEST,
    Delivery.OFF: EmailStatus.SKIPPED,
}


@dataclass
class Draft:
    """A notification to write. `delivery` overrides the recipient's preference (an instant
    alert), except that a kind turned off stays off."""

    recipient_id: int
    kind: str
    event_key: str
    payload: dict = field(default_factory=dict)
    url: str = ""
    delivery: str | None = None


def drafts_for(recipient_ids: Iterable[int], **draft: Any) -> list[Draft]:
    """The same notification (`kind`, `event_key`, `payload`, `url`, `delivery`: Draft's
    fields) for each recipient."""
    return [Draft(recipient_id=recipient_id, **draft) for recipient_id in recipient_ids]


def notifications_create(drafts: list[Draft]) -> int:
    """Write the notifications (skipping any event a recipient already had) and queue the
    instant e-mails for after the commit. A fixed number of queries for any number of drafts.
    """
    if not drafts:
        return 0
    preferences = effective_deliveries(
        user_ids=(d.recipient_id for d in drafts), kinds=(d.kind for d in drafts)
    )
    rows = []
    seen: set[tuple[int, str]] = set()
    for draft in drafts:
        if (draft.recipient_id, draft.event_key) in seen:
            continue
        seen.add((draft.recipient_id, draft.event_key))
        delivery = with_override(preferences[(draft.recipient_id, draft.kind)], draft.delivery)
        rows.append(
            Notification(
                recipient_id=draft.recipient_id,
                kind=draft.kind,
                event_key=draft.event_key,
                payload=draft.payload,
                url=draft.url,
                delivery=delivery,
                email_status=STATUS_FOR_DELIVERY[delivery],
            )
        )
    # ON CONFLICT DO NOTHING: an event already notified to a recipient is not notified again.
    # On Postgres this is one INSERT ... FROM UNNEST(...) whatever the number of rows.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    keys = {row.event_key for row in rows if row.email_status == EmailStatus.PENDING}
    if keys:
        pending = list(
            Notification.objects.filter(
                event_key__in=keys,
                recipient_id__in={row.recipient_id for row in rows},
                email_status=EmailStatus.PENDING,
            ).values_list("pk", flat=True)
        )
        enqueue_on_commit(pending)
    return len(rows)


def notification_create_for_address(
    *, email: str, kind: str, event_key: str, payload: dict, url: str, language: str
) -> Notification | None:
    """An e-mail-only notification: an invitation, to an address that may have no account.

    No preference applies (nobody has chosen one) and there is no unsubscribe link: it is
    e-mailed at once, through the outbox like every other activity e-mail."""
    notification = Notification(
        email=email,
        language=language,
        kind=kind,
        event_key=event_key,
        payload=payload,
        url=url,
        delivery=Delivery.INSTANT,
        email_status=EmailStatus.PENDING,
    )
    notification.full_clean(validate_constraints=False)
    Notification.objects.bulk_create([notification], ignore_conflicts=True)
    row = (
        Notification.objects.filter(recipient__isnull=True, email=email, event_key=event_key)
        .only("pk", "email_status")
        .first()
    )
    if row is None:
        return None
    if row.email_status == EmailStatus.PENDING:
        enqueue_on_commit([row.pk])
    return row


def enqueue_on_commit(notification_ids: list[int]) -> None:
    if not notification_ids:
        return

    def enqueue() -> None:
        # Only the rows still pending once committed: the transaction may have marked some not
        # to be e-mailed after writing them (the demo's seeding does).
        pending = list(
            Notification.objects.filter(
                pk__in=notification_ids, email_status=EmailStatus.PENDING
            ).values_list("pk", flat=True)
        )
        for notification_id in pending:
            try:
                current_app.tasks[SEND_TASK].delay(notification_id)
            except Exception:
                if current_app.conf.task_always_eager:
                    # Eager mode (the demo): that send failed; the others may not.
                    logger.warning(
                        "Notification %s not e-mailed; it stays pending", notification_id
                    )
                    continue
                # The broker is unreachable. The rows stay pending; the sweep sends them.
                logger.warning(
                    "Could not queue %d notification e-mail(s); the outbox sweep will send them",
                    len(notification_ids),
                    exc_info=True,
                )
                return

    transaction.on_commit(enqueue)


def _claim(queryset, *, status: str) -> uuid.UUID | None:
    claim = uuid.uuid4()
    claimed = queryset.filter(email_status=status).update(
        email_status=EmailStatus.SENDING,
        claim=claim,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    return claim if claimed else None


def _release(claim: uuid.UUID, *, back_to: str, error: BaseException) -> None:
    rows = Notification.objects.filter(claim=claim)
    rows.filter(attempts__gte=MAX_ATTEMPTS).update(
        email_status=EmailStatus.FAILED, claim=None, last_error=repr(error)[:500]
    )
    rows.update(email_status=back_to, claim=None, last_error=repr(error)[:500])


def _finish(claim: uuid.UUID, *, status: str = EmailStatus.SENT) -> None:
    values: dict[str, object] = {"email_status": status, "claim": None}
    if status == EmailStatus.SENT:
        values["emailed_at"] = timezone.now()
        # An address-only notification is never shown in a notification centre, and its link
        # may be a secret (an invitation's token, of which the invitation keeps only a hash):
        # once it is e-mailed, the link is not kept.
        values["url"] = Case(When(recipient__isnull=True, then=Value("")), default=F("url"))
    Notification.objects.filter(claim=claim).update(**values)


def notification_send(*, notification_id: int) -> bool:
    """Send one instant notification e-mail if nobody has; True if this call sent it.

    Raises the mail backend's error (after releasing the claim) so the task can retry.
    """
    claim = _claim(Notification.objects.filter(pk=notification_id), status=EmailStatus.PENDING)
    if claim is None:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    if recipient is not None:
        preference = effective_deliveries(user_ids=[recipient.pk], kinds=[notification.kind])[
            (recipient.pk, notification.kind)
        ]
        if not recipient.is_active or preference == Delivery.OFF:
            _finish(claim, status=EmailStatus.SKIPPED)
            return False
    try:
        emails.notification_message(notification).send()
    except Exception as error:
        _release(claim, back_to=EmailStatus.PENDING, error=error)
        raise
    _finish(claim)
    return True


def digest_recipients(*, frequency: str) -> list[int]:
    return list(
        Notification.objects.filter(email_status=EmailStatus.DIGEST, delivery=frequency)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def digest_send(*, user_id: int, frequency: str) -> int:
    """One e-mail listing every waiting `frequency` notification of a user; returns how many
    it listed (0 if another run got them first)."""
    claim = _claim(
        Notification.objects.filter(recipient_id=user_id, delivery=frequency),
        status=EmailStatus.DIGEST,
    )
    if claim is None:
        return 0
    user = User.objects.get(pk=user_id)
    rows = list(Notification.objects.filter(claim=claim).order_by("created_at", "pk"))
    preferences = effective_deliveries(user_ids=[user.pk], kinds={row.kind for row in rows})
    muted = {row.pk for row in rows if preferences[(user.pk, row.kind)] == Delivery.OFF}
    if muted:
        Notification.objects.filter(pk__in=muted).update(
            email_status=EmailStatus.SKIPPED, claim=None
        )
    rows = [row for row in rows if row.pk not in muted]
    if not rows or not user.is_active:
        _finish(claim, status=EmailStatus.SKIPPED)
        return 0
    try:
        emails.digest_message(user=user, frequency=frequency, notifications=rows).send()
    except Exception as error:
        _release(claim, back_to=EmailStatus.DIGEST, error=error)
        raise
    _finish(claim)
    return len(rows)


def outbox_sweep(*, min_age: datetime.timedelta = SWEEP_MIN_AGE, limit: int = SWEEP_BATCH) -> int:
    """Send what is still pending (queued while the broker was down, or whose task died).

    Rows younger than `min_age` are left to their own task. Returns how many were sent.
    """
    now = timezone.now()
    stale = Notification.objects.filter(
        email_status=EmailStatus.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    stale.filter(delivery=Delivery.INSTANT).update(email_status=EmailStatus.PENDING, claim=None)
    stale.exclude(delivery=Delivery.INSTANT).update(email_status=EmailStatus.DIGEST, claim=None)
    due = list(
        Notification.objects.filter(email_status=EmailStatus.PENDING, created_at__lte=now - min_age)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for notification_id in due:
        try:
            sent += notification_send(notification_id=notification_id)
        except Exception:
            logger.warning("Outbox sweep: notification %s not sent", notification_id, exc_info=True)
    return sent
