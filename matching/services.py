"""Matching and notifications. The marketplace calls `event_recorded` for every event.

Everything here runs inside the caller's transaction: the notification rows commit or roll
back with the event, and e-mails are queued only after the commit (see `outbox`).
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from accounts.models import User
from clusters.models import ClusterStaff, TechnologyArea
from opportunities.models import (
    CollaborationType,
    DevelopmentStage,
    ExpressionOfInterest,
    InterestStatus,
    Opportunity,
    OpportunityEvent,
    OpportunityStatus,
    OpportunityType,
)
from partners.models import Membership, MembershipRole

from . import emails, engine
from .models import (
    DEFAULT_DELIVERY,
    Alert,
    AlertFrequency,
    Delivery,
    Match,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from .outbox import Draft, notification_create_for_address, notifications_create

logger = logging.getLogger(__name__)

Action = OpportunityEvent.Action

EXPIRY_WARNING_DAYS = 14
INTEREST_REMINDER_DAYS = 14
MAX_ALERTS_PER_USER = 50
MESSAGE_EXCERPT = 300

TOO_MANY_ALERTS = _("You can keep at most %(limit)d alerts. Delete one you no longer need.")
UNKNOWN_CHOICE = _("“%(value)s” is not a valid choice.")
NOT_YOUR_ALERT = _("This alert belongs to someone else.")

_URGENCY = {AlertFrequency.INSTANT: 0, AlertFrequency.DAILY: 1, AlertFrequency.WEEKLY: 2}


def opportunity_path(opportunity_id: int) -> str:
    try:
        return reverse("opportunities:detail", args=[opportunity_id])
    except NoReverseMatch:
        return f"/opportunities/{opportunity_id}/"


# --- The hook -------------------------------------------------------------------------------


def event_recorded(*, event: OpportunityEvent) -> None:
    """Hook called inside the transaction that recorded `event` (notifications land here)."""
    action = event.action
    if action in (Action.PUBLISHED, Action.CHANGES_REQUESTED, Action.REJECTED):
        opportunity = Opportunity.objects.select_related("organization").get(
            pk=event.opportunity_id
        )
        _notify_moderation_result(event=event, opportunity=opportunity)
        if action == Action.PUBLISHED:
            opportunity_match(opportunity=opportunity)
    elif action == Action.INTEREST_SENT and event.interest_id:
        _notify_interest_received(event=event)
    elif action in (Action.INTEREST_ACCEPTED, Action.INTEREST_DECLINED) and event.interest_id:
        _notify_interest_answered(event=event)


def _admins_of(organization_id: int) -> Q:
    return Q(
        memberships__organization_id=organization_id,
        memberships__role=MembershipRole.ADMIN,
    )


def _people(query: Q, *, exclude: int | None = None) -> list[int]:
    users = User.objects.filter(query, is_active=True)
    if exclude is not None:
        users = users.exclude(pk=exclude)
    return list(users.order_by().values_list("pk", flat=True).distinct())


def _notify_moderation_result(*, event: OpportunityEvent, opportunity: Opportunity) -> None:
    """The author (or, without one, the organization's admins) hears the moderator's verdict."""
    if opportunity.author_id:
        recipients = _people(Q(pk=opportunity.author_id), exclude=event.actor_id)
    else:
        recipients = _people(_admins_of(opportunity.organization_id), exclude=event.actor_id)
    payload = {
        "opportunity_id": opportunity.pk,
        "title": opportunity.title,
        "result": event.action,
        "comment": (event.comment or opportunity.moderation_comment)[:2000],
    }
    notifications_create(
        [
            Draft(
                recipient_id=user_id,
                kind=NotificationKind.MODERATION_RESULT,
                event_key=f"moderation:{event.pk}",
                payload=payload,
                url=opportunity_path(opportunity.pk),
            )
            for user_id in recipients
        ]
    )


def _notify_interest_received(*, event: OpportunityEvent) -> None:
    interest = ExpressionOfInterest.objects.select_related(
        "organization", "opportunity__organization"
    ).get(pk=event.interest_id)
    opportunity = interest.opportunity
    query = _admins_of(opportunity.organization_id)
    if opportunity.author_id:
        query |= Q(pk=opportunity.author_id)
    payload = {
        "opportunity_id": opportunity.pk,
        "interest_id": interest.pk,
        "title": opportunity.title,
        "organization": interest.organization.name,
        "message": interest.message[:MESSAGE_EXCERPT],
    }
    notifications_create(
        [
            Draft(
                recipient_id=user_id,
                kind=NotificationKind.EOI_RECEIVED,
                event_key=f"interest:{interest.pk}:received",
                payload=payload,
                url=opportunity_path(opportunity.pk),
            )
            for user_id in _people(query, exclude=event.actor_id)
        ]
    )


def _notify_interest_answered(*, event: OpportunityEvent) -> None:
    """The interested side hears the answer; on acceptance (an introduction) the staff of
    both home clusters are told too."""
    interest = ExpressionOfInterest.objects.select_related(
        "organization", "opportunity__organization__cluster"
    ).get(pk=event.interest_id)
    opportunity = interest.opportunity
    accepted = event.action == Action.INTEREST_ACCEPTED
    query = _admins_of(interest.organization_id)
    if interest.author_id:
        query |= Q(pk=interest.author_id)
    revealed = accepted or not opportunity.is_anonymous
    payload = {
        "opportunity_id": opportunity.pk,
        "interest_id": interest.pk,
        "title": opportunity.title,
        "status": InterestStatus.ACCEPTED if accepted else InterestStatus.DECLINED,
        "organization": opportunity.organization.name if revealed else "",
        "reply": interest.reply[:MESSAGE_EXCERPT],
    }
    url = opportunity_path(opportunity.pk)
    drafts = [
        Draft(
            recipient_id=user_id,
            kind=NotificationKind.EOI_ANSWERED,
            event_key=f"interest:{interest.pk}:answered",
            payload=payload,
            url=url,
        )
        for user_id in _people(query, exclude=event.actor_id)
    ]
    if accepted:
        owner_cluster_id = opportunity.organization.cluster_id
        staff = ClusterStaff.objects.filter(
            cluster_id__in={interest.organization.cluster_id, owner_cluster_id},
            user__is_active=True,
        ).values_list("user_id", "cluster_id")
        owner_staff = {user_id for user_id, cluster_id in staff if cluster_id == owner_cluster_id}
        introduction = {
            "opportunity_id": opportunity.pk,
            "interest_id": interest.pk,
            "title": opportunity.title,
            "introduction": True,
            "interested": interest.organization.name,
            "owner": opportunity.organization.name,
        }
        # An anonymous owner stays anonymous to the other cluster's staff: only its own
        # cluster's staff (and the introduced parties) learn who it is.
        masked = {
            **introduction,
            "owner": "",
            "owner_cluster": opportunity.organization.cluster.name,
        }
        drafts += [
            Draft(
                recipient_id=user_id,
                kind=NotificationKind.EOI_ANSWERED,
                event_key=f"interest:{interest.pk}:introduction",
                payload=(
                    introduction
                    if user_id in owner_staff or not opportunity.is_anonymous
                    else masked
                ),
                url=url,
            )
            for user_id in {user_id for user_id, _ in staff}
        ]
    notifications_create(drafts)


# --- Matching -------------------------------------------------------------------------------


@transaction.atomic
def opportunity_match(*, opportunity: Opportunity) -> engine.MatchResult:
    """Match a published opportunity to alerts and organizations and notify the people.

    Nothing happens for an opportunity that is not published. Running it again (a second
    publication) adds only the new matches and notifies nobody twice.
    """
    result = engine.compute_matches(opportunity)
    matches = result.alert_matches + result.organization_matches
    if not matches:
        return result
    Match.objects.bulk_create(matches, ignore_conflicts=True)

    event_key = f"match:{opportunity.pk}"
    url = opportunity_path(opportunity.pk)
    base = {"opportunity_id": opportunity.pk, "title": opportunity.title}
    # One notification per person: the most urgent of their alerts, the best reasons.
    best: dict[int, tuple[Match, str, str]] = {}
    for match in sorted(result.alert_matches, key=lambda m: -m.score):
        owner_id, alert_name, frequency = result.alert_owners[match.alert_id]
        current = best.get(owner_id)
        if current is None or _URGENCY[frequency] < _URGENCY[current[2]]:
            best[owner_id] = (match, alert_name, frequency)
    drafts = [
        Draft(
            recipient_id=owner_id,
            kind=NotificationKind.NEW_MATCH,
            event_key=event_key,
            payload={**base, "score": m.score, "reasons": m.reasons, "alert": alert_name},
            url=url,
            delivery=frequency,
        )
        for owner_id, (m, alert_name, frequency) in best.items()
    ]
    if result.organization_matches:
        by_organization = {m.organization_id: m for m in result.organization_matches}
        members = (
            Membership.objects.filter(organization_id__in=by_organization, user__is_active=True)
            .exclude(user_id__in=engine.excluded_users(opportunity))
            .exclude(user_id__in=best)
            .order_by("user_id")
            .values_list("user_id", "organization_id")
        )
        for user_id, organization_id in members:
            if user_id == opportunity.author_id:
                continue
            m = by_organization[organization_id]
            drafts.append(
                Draft(
                    recipient_id=user_id,
                    kind=NotificationKind.NEW_MATCH,
                    event_key=event_key,
                    payload={**base, "score": m.score, "reasons": m.reasons, "alert": ""},
                    url=url,
                )
            )
    notifications_create(drafts)
    return result


# --- Notifications API (used by other apps) -------------------------------------------------


@transaction.atomic
def notify(
    *,
    kind: str,
    event_key: str,
    recipient: User | None = None,
    email: str = "",
    payload: dict | None = None,
    url: str = "",
    language: str = "",
) -> Notification | None:
    """Notify one person of one event, in-app and by e-mail per their preferences.

    Give `recipient` for a user, or `email` (+ `language`) for an address without an account
    (an invitation). `event_key` identifies the event: the same key never notifies the same
    recipient twice (returns the existing row). Call it inside your service's transaction; the
    e-mail is queued after the commit. `url` may be a site path ("/..."): e-mails make it
    absolute with SITE_URL.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    payload = payload or {}
    if recipient is None:
        if not email:
            raise ValueError("notify() needs a recipient or an e-mail address")
        return notification_create_for_address(
            email=email, kind=kind, event_key=event_key, payload=payload, url=url, language=language
        )
    notifications_create(
        [
            Draft(
                recipient_id=recipient.pk,
                kind=kind,
                event_key=event_key,
                payload=payload,
                url=url,
            )
        ]
    )
    return Notification.objects.filter(recipient=recipient, event_key=event_key).first()


@transaction.atomic
def expiry_warnings_create(*, today: datetime.date | None = None) -> int:
    """Warn the authors (and organization admins) of published opportunities that expire within
    `EXPIRY_WARNING_DAYS`. Set-based; a renewed opportunity is warned again before its new date.
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
    admins: dict[int, list[int]] = {}
    for organization_id, user_id in Membership.objects.filter(
        organization_id__in={row[4] for row in rows},
        role=MembershipRole.ADMIN,
        user__is_active=True,
    ).values_list("organization_id", "user_id"):
        admins.setdefault(organization_id, []).append(user_id)
    drafts = []
    for pk, title, expires_on, author_id, organization_id in rows:
        recipients = set(admins.get(organization_id, []))
        if author_id:
            recipients.add(author_id)
        drafts += [
            Draft(
                recipient_id=user_id,
                kind=NotificationKind.EXPIRING_SOON,
                event_key=f"expiring:{pk}:{expires_on.isoformat()}",
                payload={
                    "opportunity_id": pk,
                    "title": title,
                    "expires_on": expires_on.isoformat(),
                },
                url=opportunity_path(pk),
            )
            for user_id in sorted(recipients)
        ]
    notifications_create(drafts)
    Opportunity.objects.filter(pk__in=[row[0] for row in rows]).update(
        expiry_reminder_sent_at=timezone.now()
    )
    return len(rows)


@transaction.atomic
def interest_reminders_create(*, now: datetime.datetime | None = None) -> int:
    """Remind the owners of expressions of interest left unanswered for
    `INTEREST_REMINDER_DAYS` (once per interest). Set-based."""
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
    admins: dict[int, list[int]] = {}
    for organization_id, user_id in Membership.objects.filter(
        organization_id__in={row[6] for row in rows},
        role=MembershipRole.ADMIN,
        user__is_active=True,
    ).values_list("organization_id", "user_id"):
        admins.setdefault(organization_id, []).append(user_id)
    drafts = []
    for pk, created_at, interested, opportunity_id, title, author_id, owner_id in rows:
        recipients = set(admins.get(owner_id, []))
        if author_id:
            recipients.add(author_id)
        drafts += [
            Draft(
                recipient_id=user_id,
                kind=NotificationKind.EOI_UNANSWERED,
                event_key=f"interest:{pk}:unanswered",
                payload={
                    "opportunity_id": opportunity_id,
                    "interest_id": pk,
                    "title": title,
                    "organization": interested,
                    "sent_on": created_at.date().isoformat(),
                },
                url=opportunity_path(opportunity_id),
            )
            for user_id in sorted(recipients)
        ]
    notifications_create(drafts)
    ExpressionOfInterest.objects.filter(pk__in=[row[0] for row in rows]).update(
        reminder_sent_at=now
    )
    return len(rows)


# --- In-app notification centre and preferences ---------------------------------------------


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_update(*, user: User, deliveries: dict[str, str]) -> None:
    rows = []
    for kind, delivery in deliveries.items():
        if kind not in NotificationKind.values or delivery not in Delivery.values:
            raise ValidationError({kind: UNKNOWN_CHOICE % {"value": delivery}})
        rows.append(NotificationPreference(user=user, kind=kind, delivery=delivery))
    NotificationPreference.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery", "updated_at"],
    )


@transaction.atomic
def unsubscribe(*, user: User, scope: str) -> list[str]:
    """Turn e-mail off for one kind, or for everything a digest brings. Returns the kinds."""
    if scope in emails.DIGEST_SCOPES:
        frequency = emails.DIGEST_SCOPES[scope]
        chosen = dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
        )
        kinds = [
            kind
            for kind in NotificationKind.values
            if chosen.get(kind, DEFAULT_DELIVERY[kind]) == frequency
        ]
        if Alert.objects.filter(owner=user, frequency=frequency, is_active=True).exists():
            kinds.append(NotificationKind.NEW_MATCH)
        kinds = list(dict.fromkeys(kinds))
    else:
        kinds = [scope]
    notification_preferences_update(user=user, deliveries=dict.fromkeys(kinds, Delivery.OFF))
    return kinds


# --- Alerts -------------------------------------------------------------------------------------

_LIST_CHOICES = {
    "opportunity_types": set(OpportunityType.values),
    "stages": set(DevelopmentStage.values),
    "collaboration_types": set(CollaborationType.values),
    "countries": {code for code, _name in all_countries},
}


def _alert_validate(alert: Alert) -> None:
    errors = {}
    for name, allowed in _LIST_CHOICES.items():
        value = getattr(alert, name)
        if not isinstance(value, list):
            errors[name] = UNKNOWN_CHOICE % {"value": value}
            continue
        bad = [v for v in value if v not in allowed]
        if bad:
            errors[name] = UNKNOWN_CHOICE % {"value": bad[0]}
        setattr(alert, name, list(dict.fromkeys(value)))
    if errors:
        raise ValidationError(errors)
    alert.full_clean(exclude=["owner"] if alert.owner_id is None else None)


def _alert_apply(alert: Alert, data: dict) -> list[TechnologyArea] | None:
    areas = data.get("technology_areas")
    for name in (
        "name",
        "opportunity_types",
        "countries",
        "stages",
        "collaboration_types",
        "keywords",
        "frequency",
        "is_active",
    ):
        if name in data:
            setattr(alert, name, data[name])
    alert.keywords = (alert.keywords or "").strip()
    return list(areas) if areas is not None else None


@transaction.atomic
def alert_create(*, owner: User, data: dict) -> Alert:
    if Alert.objects.filter(owner=owner).count() >= MAX_ALERTS_PER_USER:
        raise ValidationError(TOO_MANY_ALERTS % {"limit": MAX_ALERTS_PER_USER})
    alert = Alert(owner=owner)
    areas = _alert_apply(alert, data)
    _alert_validate(alert)
    alert.save()
    if areas:
        alert.technology_areas.set(areas)
    return alert


@transaction.atomic
def alert_update(*, actor: User, alert: Alert, data: dict) -> Alert:
    if alert.owner_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_ALERT)
    areas = _alert_apply(alert, data)
    _alert_validate(alert)
    alert.save()
    if areas is not None:
        alert.technology_areas.set(areas)
    return alert


@transaction.atomic
def alert_delete(*, actor: User, alert: Alert) -> None:
    if alert.owner_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_ALERT)
    alert.delete()
