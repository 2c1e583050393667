"""Reminders: opportunities about to expire and interests left unanswered (run by beat)."""

import datetime

from django.db import transaction
from django.utils import timezone

from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityStatus,
)
from opportunities.selectors import opportunities_versions

from .models import NotificationKind
from .outbox import drafts_for, notifications_create
from .paths import opportunity_path
from .recipients import admins_by_organization, organization_side_of

EXPIRY_WARNING_DAYS = 14
INTEREST_REMINDER_DAYS = 14


@transaction.atomic
def expiry_warnings_create(*, today: datetime.date | None = None) -> int:
    """Warn the authors (and organization admins) of published opportunities that expire within
    `EXPIRY_WARNING_DAYS`. Set-based; a renewed opportunity is warned again before its new date.
    Each warning carries the author's translations (one query for all), so every recipient
    reads the title in their language where there is one.
    """
    today = today or timezone.localdate()
    due = Opportunity.objects.select_for_update(skip_locked=True).filter(
        status=OpportunityStatus.PUBLISHED,
        expires_on__gt=today,
        expires_on__lte=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
        expiry_reminder_sent_at__isnull=True,
    )
    rows = list(due.values_list("pk", "title", "expires_on", "author_id", "organization_id"))
    if not rows:
        return 0
    admins = admins_by_organization(row[4] for row in rows)
    versions = opportunities_versions(opportunity_ids=[row[0] for row in rows])
    drafts = []
    for pk, title, expires_on, author_id, organization_id in rows:
        drafts += drafts_for(
            organization_side_of(admins, organization_id=organization_id, author_id=author_id),
            kind=NotificationKind.EXPIRING_SOON,
            event_key=f"expiring:{pk}:{expires_on.isoformat()}",
            payload={
                "opportunity_id": pk,
                "title": title,
                "versions": versions.get(pk, {}),
                "expires_on": expires_on.isoformat(),
            },
            url=opportunity_path(pk),
        )
    notifications_create(drafts)
    Opportunity.objects.filter(pk__in=[row[0] for row in rows]).update(
        expiry_reminder_sent_at=timezone.now()
    )
    return len(rows)


@transaction.atomic
def interest_reminders_create(*, now: datetime.datetime | None = None) -> int:
    """Remind the owners of expressions of interest left unanswered for
    `INTEREST_REMINDER_DAYS` (once per interest). Set-based; the opportunity's translations
    ride along (one query), as in the expiry warnings."""
    now = now or timezone.now()
    due = ExpressionOfInterest.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        status=InterestStatus.PENDING,
        created_at__lte=now - datetime.timedelta(days=INTEREST_REMINDER_DAYS),
        reminder_sent_at__isnull=True,
        opportunity__status=OpportunityStatus.PUBLISHED,
    )
    rows = list(
        due.values_list(
            "pk",
            "created_at",
            "organization__name",
            "opportunity_id",
            "opportunity__title",
            "opportunity__author_id",
            "opportunity__organization_id",
        )
    )
    if not rows:
        return 0
    admins = admins_by_organization(row[6] for row in rows)
    versions = opportunities_versions(opportunity_ids={row[3] for row in rows})
    drafts = []
    for pk, created_at, interested, opportunity_id, title, author_id, owner_id in rows:
        drafts += drafts_for(
            organization_side_of(admins, organization_id=owner_id, author_id=author_id),
            kind=NotificationKind.EOI_UNANSWERED,
            event_key=f"interest:{pk}:unanswered",
            payload={
                "opportunity_id": opportunity_id,
                "interest_id": pk,
                "title": title,
                "versions": versions.get(opportunity_id, {}),
                "organization": interested,
                "sent_on": created_at.date().isoformat(),
            },
            url=opportunity_path(opportunity_id),
        )
    notifications_create(drafts)
    ExpressionOfInterest.objects.filter(pk__in=[row[0] for row in rows]).update(
        reminder_sent_at=now
    )
    return len(rows)
