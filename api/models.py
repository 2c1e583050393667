from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import User
from clusters.models import Cluster
from core.fields import foreign_key, optional_key, weak_key
from partners.models import Organization


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


# An API key and a webhook endpoint belong to exactly one organization or one cluster.
ONE_HOLDER = models.Q(organization__isnull=False, cluster__isnull=True) | models.Q(
    organization__isnull=True, cluster__isnull=False
)


class ApiKey(models.Model):
    """A key for a cluster's or an organization's own system. It acts with its owner's rights.

    Only `prefix` (to find the row) and the SHA-256 of the whole token are stored: the token is
    shown once, when the key is created. Exactly one of `organization` / `cluster` is set.
    """

    name = models.CharField(_("name"), max_length=100)
    owner = foreign_key(User, _("owner"), "api_keys")
    organization = optional_key(Organization, _("organization"), "api_keys")
    cluster = optional_key(Cluster, _("cluster"), "api_keys")
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Set the first time the key was refused because its owner lost the rights it needs (the
    # organization's admins are told once).
    owner_lost_at = models.DateTimeField(_("owner lost their rights"), null=True, blank=True)
    # Who created and revoked it, and when (the admin's History); never the token's hash.
    history = HistoricalRecords(excluded_fields=["token_hash", "last_used_at"])

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=ONE_HOLDER, name="api_key_one_holder"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def label(self) -> str:
        """How the histories name the key."""
        return f"API key {self.name} ({self.prefix})"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdempotencyRecord(models.Model):
    """The first response to a write sent with an `Idempotency-Key`, replayed on a retry."""

    scope = models.CharField(max_length=40)  # "key:<id>" or "user:<id>"
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and body
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class TombstoneKind(models.TextChoices):
    ORGANIZATION = "organization", _("organization")
    OPPORTUNITY = "opportunity", _("opportunity")
    EVENT = "event", _("event")
    MEETING = "meeting", _("meeting")


class TombstoneReason(models.TextChoices):
    DELETED = "deleted", _("deleted")
    DEACTIVATED = "deactivated", _("deactivated")
    UNVERIFIED = "unverified", _("no longer verified")
    CLOSED = "closed", _("closed")
    EXPIRED = "expired", _("expired")
    HIDDEN = "hidden", _("no longer visible")


class Tombstone(models.Model):
    """A row that left (some) readers' view: deleted, deactivated, unverified, closed, expired.

    The API lists a tombstone to a reader only while the row is not visible to that reader,
    so one row serves every key (see api/selectors.py `removed_list`).
    """

    kind = models.CharField(max_length=16, choices=TombstoneKind.choices)
    object_id = models.BigIntegerField()
    reason = models.CharField(max_length=16, choices=TombstoneReason.choices)
    removed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "removed_at"], name="tombstone_kind_time_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.reason}"


class WebhookEvent(models.TextChoices):
    """Stable names: endpoints subscribe to them, payloads carry them as `type`."""

    OPPORTUNITY_PUBLISHED = "opportunity.published", _("Opportunity published")
    OPPORTUNITY_CLOSED = "opportunity.closed", _("Opportunity closed or expired")
    INTEREST_RECEIVED = "interest.received", _("Expression of interest received")
    INTEREST_ANSWERED = "interest.answered", _("Expression of interest answered")
    INTRODUCTION = "introduction.created", _("Introduction made")
    ORGANIZATION_UPDATED = "organization.updated", _("Organization updated")
    MEETING_SCHEDULED = "meeting.scheduled", _("Meeting scheduled at a partnering event")
    TEST = "webhook.test", _("Test event")


class WebhookEndpoint(models.Model):
    """Where an organization's or a cluster's system wants to hear about events.

    While a rotation's overlap lasts (`previous_secret_until`), deliveries are signed with
    both the new and the previous secret.
    """

    owner = weak_key(User, _("created by"), "+", blank=False)
    organization = optional_key(Organization, _("organization"), "webhook_endpoints")
    cluster = optional_key(Cluster, _("cluster"), "webhook_endpoints")
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Who created, enabled or disabled it (the admin's History); never its secrets.
    history = HistoricalRecords(
        excluded_fields=[
            "secret",
            "previous_secret",
            "previous_secret_until",
            "consecutive_failures",
        ]
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=ONE_HOLDER, name="webhook_one_holder"),
        ]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One message to one endpoint: the webhooks' outbox and their delivery log.

    `message_id` is the Standard Webhooks `webhook-id`: the same on every retry, so a receiver
    can ignore a message it already processed.
    """

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=40, unique=True)
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"
