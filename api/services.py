"""Writes of the api app: keys, tombstones, webhook endpoints.

The views check who may act first (permissions.py); the services that change a key or an
endpoint check it again (`can_administer`: its managers, or a consortium admin in the Django
admin) and raise PermissionDenied.
"""

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clusters.models import Cluster
from partners.models import Organization
from partners.services import (
    organization_contacts_set,
    organization_create,
    organization_update,
)

from .alerts import alert_key_owner_lost
from .keys import token_hash, token_new
from .models import ApiKey, Scope, Tombstone, WebhookEndpoint, WebhookEvent
from .permissions import can_administer
from .tasks import webhook_deliver_task
from .webhooks import (
    ROTATION_OVERLAP,
    UnsafeTarget,
    secret_new,
    target_check,
    webhook_deliveries_create,
)

logger = logging.getLogger(__name__)

MESSAGE_EXPIRY_IN_PAST = _("The expiry date must be in the future.")
MESSAGE_ONE_HOLDER = _("A key belongs to one organization or one cluster.")


@transaction.atomic
def api_key_create(
    *,
    actor: User,
    name: str,
    scope: str = Scope.READ,
    organization: Organization | None = None,
    cluster: Cluster | None = None,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiKey, str]:
    """A new key owned by `actor`. Returns the key and its token, which is never stored."""
    if (organization is None) == (cluster is None):
        raise ValidationError(MESSAGE_ONE_HOLDER)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": MESSAGE_EXPIRY_IN_PAST})
    prefix, token = token_new()
    key = ApiKey(
        name=name.strip(),
        owner=actor,
        organization=organization,
        cluster=cluster,
        scope=scope,
        prefix=prefix,
        token_hash=token_hash(token),
        expires_at=expires_at,
    )
    key.full_clean(exclude=["owner", "organization", "cluster"])
    key.save()
    return key, token


def _check_administers(actor: User, obj: ApiKey | WebhookEndpoint) -> None:
    if not can_administer(actor, obj):
        raise PermissionDenied


@transaction.atomic
def api_key_revoke(*, actor: User, key: ApiKey) -> ApiKey:
    _check_administers(actor, key)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


@transaction.atomic
def api_key_owner_lost(*, key: ApiKey) -> bool:
    """Record, once, that the key was refused because its owner lost their role.

    Returns True the first time (the caller's request is the one that noticed).
    """
    now = timezone.now()
    first = ApiKey.objects.filter(pk=key.pk, owner_lost_at__isnull=True).update(owner_lost_at=now)
    if first:
        key.owner_lost_at = now
        logger.info("API key %s refused: its owner lost the rights it needs", key.prefix)
        alert_key_owner_lost(key=key)
    return bool(first)


@transaction.atomic
def organization_save_from_api(
    *, actor: User, organization: Organization | None, cluster: Cluster, data: dict[str, Any]
) -> Organization:
    """Create (organization=None, in `cluster`) or update a profile and, when `contacts` is
    given, make its contacts exactly those: all through the partners services, all or nothing.
    """
    data = dict(data)
    contacts = data.pop("contacts", None)
    if organization is None:
        organization = organization_create(
            actor=actor,
            cluster=cluster,
            name=data.pop("name"),
            kind=data.pop("kind"),
            country=data.pop("country"),
            **data,
        )
    else:
        organization = organization_update(actor=actor, organization=organization, data=data)
    if contacts is not None:
        organization_contacts_set(actor=actor, organization=organization, contacts=contacts)
    return organization


def tombstone_record(*, kind: str, object_ids: list[int], reason: str) -> None:
    """Called by the domain-event handlers inside the change's own transaction."""
    now = timezone.now()
    Tombstone.objects.bulk_create(
        Tombstone(kind=kind, object_id=object_id, reason=reason, removed_at=now)
        for object_id in object_ids
    )


# --- Webhook endpoints ---------------------------------------------------------------------

MESSAGE_UNSAFE_URL = _(
    "The portal cannot deliver to this address: it must be a public http(s) address."
)
MESSAGE_NO_EVENTS = _("Choose at least one event.")


def _queue_deliveries(ids: list[int]) -> None:
    transaction.on_commit(lambda: [webhook_deliver_task.delay(pk) for pk in ids])


def webhook_deliveries_queue(*, event_type: str, data: dict, endpoints) -> list[int]:
    """Write the deliveries in the caller's transaction; send them once it commits."""
    ids = webhook_deliveries_create(event_type=event_type, data=data, endpoints=endpoints)
    _queue_deliveries(ids)
    return ids


def _check_url(url: str) -> None:
    try:
        target_check(url)
    except UnsafeTarget as error:
        raise ValidationError({"url": MESSAGE_UNSAFE_URL}) from error


@transaction.atomic
def webhook_endpoint_create(
    *,
    actor: User,
    url: str,
    events: list[str],
    organization: Organization | None = None,
    cluster: Cluster | None = None,
) -> WebhookEndpoint:
    if (organization is None) == (cluster is None):
        raise ValidationError(MESSAGE_ONE_HOLDER)
    if not events:
        raise ValidationError({"events": MESSAGE_NO_EVENTS})
    _check_url(url)
    endpoint = WebhookEndpoint(
        owner=actor,
        organization=organization,
        cluster=cluster,
        url=url,
        events=sorted(set(events)),
        secret=secret_new(),
    )
    endpoint.full_clean(exclude=["owner", "organization", "cluster"])
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_rotate_secret(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret; the old one still signs (a second signature) for ROTATION_OVERLAP."""
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + ROTATION_OVERLAP
    endpoint.secret = secret_new()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return endpoint


@transaction.atomic
def webhook_endpoint_enable(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    _check_administers(actor, endpoint)
    _check_url(endpoint.url)
    endpoint.is_active = True
    endpoint.disabled_at = None
    endpoint.consecutive_failures = 0
    endpoint.save(update_fields=["is_active", "disabled_at", "consecutive_failures"])
    return endpoint


@transaction.atomic
def webhook_endpoint_disable(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stop deliveries (pending ones fail as "endpoint disabled"); *Enable* resumes."""
    _check_administers(actor, endpoint)
    if endpoint.is_active:
        endpoint.is_active = False
        endpoint.disabled_at = timezone.now()
        endpoint.save(update_fields=["is_active", "disabled_at"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, actor: User, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


@transaction.atomic
def webhook_test_send(*, actor: User, endpoint: WebhookEndpoint) -> int:
    """Queue a `webhook.test` delivery to this endpoint (whatever events it subscribed to)."""
    ids = webhook_deliveries_queue(
        event_type=WebhookEvent.TEST,
        data={"endpoint_id": endpoint.pk},
        endpoints=[endpoint],
    )
    return ids[0]
