"""Seeding e-mails nobody: its notifications stay in the portal, none reaches an outbox send.

The demo's hundreds of notifications (matches, interests, moderation results) are part of what
a visitor explores, but their recipients are made up. Every notification row written inside
`in_app_only()` is marked `SKIPPED` before the transaction commits, so the outbox queues no
task for it, and no worker, sweep or digest ever sends it, whatever the e-mail backend and
broker. What the portal notifies after seeding is e-mailed as usual.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Max

from notifications.models import EmailStatus, Notification


@contextmanager
def in_app_only() -> Iterator[None]:
    """One transaction whose notifications are never e-mailed.

    Marks the rows numbered after the last one that existed when it began: a notification
    another process writes meanwhile (a development server used during seeding) is muted too.
    """
    with transaction.atomic():
        last = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        yield
        Notification.objects.filter(
            pk__gt=last, email_status__in=[EmailStatus.PENDING, EmailStatus.DIGEST]
        ).update(email_status=EmailStatus.SKIPPED)
