"""Notifications (in-app, and the outbox rows of their e-mails) and e-mail preferences.

The tables keep the names they had in the matching app (`db_table`): the models moved with
their data and only Django's state changed (migration 0001 here, matching 0005).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.fields import foreign_key, optional_key


class Delivery(models.TextChoices):
    """How a user wants e-mails of one kind: at once, grouped in a digest, or not at all."""

    INSTANT = "instant", _("Instantly")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("No e-mail")


class NotificationKind(models.TextChoices):
    NEW_MATCH = "new_match", _("New matching opportunity")
    EOI_RECEIVED = "eoi_received", _("Expression of interest received")
    EOI_ANSWERED = "eoi_answered", _("Expression of interest answered")
    MODERATION_RESULT = "moderation_result", _("Moderation result")
    EXPIRING_SOON = "expiring_soon", _("Opportunity expiring soon")
    EOI_UNANSWERED = "eoi_unanswered", _("Expression of interest awaiting your answer")
    INVITATION = "invitation", _("Invitation")
    MEETING_REQUEST_RECEIVED = "meeting_request_received", _("Meeting request received")
    MEETING_REQUEST_ANSWERED = (
        "meeting_request_answered",
        _("Meeting request accepted, declined or expired"),
    )
    MEETING_CHANGED = "meeting_changed", _("Meeting cancelled or moved")
    MEETING_REMINDER = "meeting_reminder", _("Meeting reminder")
    INTEGRATION_ALERT = "integration_alert", _("API key or webhook needs attention")

    EOI_EXPIRED = "eoi_expired", _("Expression of interest closed unanswered")
    FOLLOW_UP_NUDGE = "follow_up_nudge", _("How an introduction is going")
    JOIN_REQUEST_RECEIVED = "join_request_received", _("Request to join your organization")
    JOIN_REQUEST_ANSWERED = "join_request_answered", _("Answer to your request to join")
    MEETING_AGENDA = "meeting_agenda", _("Your agenda from the organisers' schedule")
    MEETING_FEEDBACK = "meeting_feedback", _("How a partnering meeting went")


# An invitation goes to the address the inviter typed, which may have no account (an
# address-only notification): nobody has chosen anything for it, so it is always e-mailed at
# once (its DEFAULT_DELIVERY, whatever a preference row says), has no unsubscribe link and is
# not offered on the preferences page.
KINDS_WITHOUT_PREFERENCE = frozenset({NotificationKind.INVITATION})
PREFERENCE_KINDS = [
    kind for kind in NotificationKind.values if kind not in KINDS_WITHOUT_PREFERENCE
]


# Used when a user has not chosen: matches the person did not ask for by alert come as a daily
# digest, everything about their own opportunities and interests comes at once.
DEFAULT_DELIVERY: dict[str, str] = {
    NotificationKind.NEW_MATCH: Delivery.DAILY,
    NotificationKind.EOI_RECEIVED: Delivery.INSTANT,
    NotificationKind.EOI_ANSWERED: Delivery.INSTANT,
    NotificationKind.MODERATION_RESULT: Delivery.INSTANT,
    NotificationKind.EXPIRING_SOON: Delivery.INSTANT,
    NotificationKind.EOI_UNANSWERED: Delivery.INSTANT,
    NotificationKind.INVITATION: Delivery.INSTANT,
    NotificationKind.MEETING_REQUEST_RECEIVED: Delivery.INSTANT,
    NotificationKind.MEETING_REQUEST_ANSWERED: Delivery.INSTANT,
    NotificationKind.MEETING_CHANGED: Delivery.INSTANT,
    NotificationKind.MEETING_REMINDER: Delivery.INSTANT,
    NotificationKind.INTEGRATION_ALERT: Delivery.INSTANT,
    NotificationKind.EOI_EXPIRED: Delivery.INSTANT,
    NotificationKind.FOLLOW_UP_NUDGE: Delivery.INSTANT,
    NotificationKind.JOIN_REQUEST_RECEIVED: Delivery.INSTANT,
    NotificationKind.JOIN_REQUEST_ANSWERED: Delivery.INSTANT,
    NotificationKind.MEETING_AGENDA: Delivery.INSTANT,
    NotificationKind.MEETING_FEEDBACK: Delivery.INSTANT,
}


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DIGEST = "digest", _("Waiting for the digest")
    SKIPPED = "skipped", _("Not e-mailed")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One thing to tell one person (in-app) and the outbox row of its e-mail.

    Written in the same transaction as the event that caused it; `event_key` makes one event
    notify a recipient at most once. Invitations go to an address, which may have no account
    (`recipient` empty, `email` set: `outbox.notification_create_for_address`).
    """

    recipient = optional_key(User, _("recipient"), "notifications")
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    event_key = models.CharField(_("event key"), max_length=120)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.INSTANT
    )
    email_status = models.CharField(
        _("e-mail status"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("send attempts"), default=0)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        db_table = "matching_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=models.Q(recipient__isnull=False),
                name="one_notification_per_recipient_event",
            ),
            models.UniqueConstraint(
                fields=["email", "event_key"],
                condition=models.Q(recipient__isnull=True),
                name="one_notification_per_address_event",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email=""),
                name="notification_has_recipient_or_email",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread_idx",
            ),
            models.Index(
                fields=["email_status", "created_at"],
                condition=models.Q(email_status__in=["pending", "sending", "digest"]),
                name="notif_outbox_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id or self.email}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice of e-mail delivery for one kind; no row means `DEFAULT_DELIVERY`."""

    user = foreign_key(User, _("user"), "notification_preferences")
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "matching_notificationpreference"
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
