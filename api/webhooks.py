"""Webhook deliveries: an outbox of signed messages, sent with retries and backoff.

Guarantees (the notifications outbox's, for HTTP):
- never for a rolled-back change: `WebhookDelivery` rows are written in the change's own
  transaction (a domain-event handler); sending is queued on commit;
- never lost: a delivery whose task never ran (broker down) is sent by `webhook_sweep`;
- never twice at once: every attempt first claims its row with a conditional UPDATE, so a
  retried task and the sweep cannot both send it; a claim older than STALE_CLAIM belonged to a
  dead worker and is taken over. A receiver may still see a message again (a response lost on
  the way back): `webhook-id` stays the same on every attempt so it can ignore it.

Signatures follow Standard Webhooks: `webhook-id`, `webhook-timestamp` and
`webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; while a rotation's overlap
lasts, the previous secret's signature is sent too (space-separated).

SSRF: the URL's host is resolved at every attempt and refused unless every address is public
(loopback only with `API_WEBHOOKS_ALLOW_LOOPBACK`, for tests); the connection goes to the
address that was checked, so a DNS answer cannot change between the check and the request.
"""

import base64
import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import ssl
import uuid
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from .alerts import alert_webhook_disabled
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Delay before attempt n+1 after n failed attempts (exponential: 1 min ... about 4 h).
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=10),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=4),
)
# Failed attempts in a row (across deliveries) after which an endpoint is disabled.
DISABLE_AFTER_FAILURES = 5
STALE_CLAIM = datetime.timedelta(minutes=15)
SWEEP_BATCH = 200
# The format's prefix, not a secret.
SECRET_PREFIX = "whsec_"  # noqa: S105  # nosec B105
ROTATION_OVERLAP = datetime.timedelta(hours=24)
RESPONSE_READ_LIMIT = 4096


class UnsafeTarget(Exception):
    """The URL resolves to an address the portal must not call."""


# --- Signing ---------------------------------------------------------------------------------


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signatures(endpoint: WebhookEndpoint, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header: the current secret's, and the previous one's while a
    rotation's overlap lasts."""
    values = [signature(endpoint.secret, message_id, timestamp, body)]
    overlap_until = endpoint.previous_secret_until
    if endpoint.previous_secret and overlap_until and overlap_until > timezone.now():
        values.append(signature(endpoint.previous_secret, message_id, timestamp, body))
    return " ".join(values)


# --- SSRF ------------------------------------------------------------------------------------


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    if address.is_loopback:
        return settings.API_WEBHOOKS_ALLOW_LOOPBACK
    return address.is_global and not address.is_multicast


def target_check(url: str) -> tuple[str, int, str]:
    """(host, port, checked address) for a webhook URL; raises UnsafeTarget."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("not an http(s) URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeTarget("the host does not resolve") from error
    addresses = {info[4][0] for info in infos}
    if not addresses:
        raise UnsafeTarget("the host does not resolve")
    for address in addresses:
        if not _allowed(ipaddress.ip_address(address.split("%")[0])):
            raise UnsafeTarget(f"{parts.hostname} resolves to a non-public address")
    return parts.hostname, port, sorted(addresses)[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST to the checked address; returns the status code (redirects are not followed)."""
    host, port, address = target_check(url)
    parts = urlsplit(url)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address, settings.API_WEBHOOK_TIMEOUT_SECONDS)
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(RESPONSE_READ_LIMIT)
        return response.status
    finally:
        connection.close()


# --- The outbox ------------------------------------------------------------------------------


def endpoints_for(
    *, event_type: str, organization_ids: Iterable[int], cluster_ids: Iterable[int]
) -> list[WebhookEndpoint]:
    # An organization or cluster has a handful of endpoints: the event type is picked in Python,
    # since a JSON `contains` lookup does not exist on SQLite (the zero-setup demo).
    candidates = WebhookEndpoint.objects.filter(is_active=True).filter(
        Q(organization_id__in=set(organization_ids)) | Q(cluster_id__in=set(cluster_ids))
    )
    return [endpoint for endpoint in candidates if event_type in endpoint.events]


def webhook_deliveries_create(
    *, event_type: str, data: dict, endpoints: Iterable[WebhookEndpoint]
) -> list[int]:
    """Write one delivery per endpoint in the caller's transaction; returns their ids."""
    now = timezone.now()
    rows = [
        WebhookDelivery(
            endpoint=endpoint,
            message_id=f"msg_{uuid.uuid4().hex}",
            event_type=event_type,
            payload={"type": event_type, "timestamp": now.isoformat(), "data": data},
            next_attempt_at=now,
        )
        for endpoint in endpoints
    ]
    return [row.pk for row in WebhookDelivery.objects.bulk_create(rows)]


def _claim(delivery_id: int) -> bool:
    now = timezone.now()
    due = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    stale = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
    return bool(
        WebhookDelivery.objects.filter(due | stale, pk=delivery_id).update(
            status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _finish(delivery: WebhookDelivery, status_code: int) -> None:
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SUCCEEDED,
        last_status_code=status_code,
        last_error="",
        delivered_at=now,
        claimed_at=None,
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)


def _release(delivery: WebhookDelivery, *, status_code: int | None, error: str) -> int | None:
    """Record a failed attempt; returns the seconds until the next one, or None when the
    delivery has failed for good. Disables the endpoint after too many failures in a row."""
    exhausted = delivery.attempts >= MAX_ATTEMPTS
    delay = None if exhausted else BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if exhausted else DeliveryStatus.PENDING,
        last_status_code=status_code,
        last_error=error[:300],
        next_attempt_at=timezone.now() + (delay or datetime.timedelta()),
        claimed_at=None,
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    disabled = WebhookEndpoint.objects.filter(
        pk=delivery.endpoint_id,
        is_active=True,
        consecutive_failures__gte=DISABLE_AFTER_FAILURES,
    ).update(is_active=False, disabled_at=timezone.now())
    if disabled:
        logger.warning("webhook endpoint %s disabled after repeated failures", delivery.endpoint_id)
        endpoint = WebhookEndpoint.objects.select_related("organization", "cluster").get(
            pk=delivery.endpoint_id
        )
        alert_webhook_disabled(endpoint=endpoint)
    return None if delay is None else int(delay.total_seconds())


def webhook_deliver(*, delivery_id: int) -> int | None:
    """One attempt. Returns the seconds until a retry is due, or None (done, failed for good,
    or not claimable: another worker has it, or it is not due yet)."""
    if not _claim(delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, last_error="endpoint disabled", claimed_at=None
        )
        return None
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(timezone.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "WLSCC-Portal-Webhooks/1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures(endpoint, delivery.message_id, timestamp, body),
    }
    try:
        status_code = _post(endpoint.url, body, headers)
    except UnsafeTarget as error:
        return _release(delivery, status_code=None, error=f"refused: {error}")
    except (OSError, http.client.HTTPException) as error:
        return _release(delivery, status_code=None, error=f"{type(error).__name__}: {error}")
    if 200 <= status_code < 300:
        _finish(delivery, status_code)
        return None
    return _release(delivery, status_code=status_code, error=f"HTTP {status_code}")


def webhook_due_ids(*, limit: int = SWEEP_BATCH) -> list[int]:
    """Deliveries whose attempt is due (never sent, a retry, or a dead worker's claim)."""
    now = timezone.now()
    due = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    stale = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
    return list(
        WebhookDelivery.objects.filter(due | stale)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
