"""Webhooks: signed per Standard Webhooks, sent through the outbox, retried, then disabled."""

import base64
import datetime
import hashlib
import hmac
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.services import (
    webhook_endpoint_create,
    webhook_endpoint_rotate_secret,
    webhook_test_send,
)
from api.tasks import webhook_sweep_task
from api.webhooks import MAX_ATTEMPTS, UnsafeTarget, target_check, webhook_deliver
from notifications.models import Notification, NotificationKind
from opportunities.services import interest_accept, opportunity_publish
from partners.services import organization_update
from tests.opportunities.factories import ExpressionOfInterestFactory, OpportunityFactory

from .webhook_server import start_receiver

TOLERANCE = datetime.timedelta(minutes=5)


def verify(secret: str, headers: dict, body: bytes) -> bool:
    """The Standard Webhooks reference verification, written from the specification: the
    signed content is `{webhook-id}.{webhook-timestamp}.{body}`, the key the base64 after
    `whsec_`, each `v1,<base64>` of the space-separated header is a candidate."""
    message_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    sent_at = datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.UTC)
    if abs(timezone.now() - sent_at) > TOLERANCE:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    content = f"{message_id}.{timestamp}.{body.decode()}".encode()
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    for candidate in headers["webhook-signature"].split(" "):
        version, _comma, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


@pytest.fixture
def receiver():
    receiver = start_receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def _endpoint(world, receiver, events, **holder) -> WebhookEndpoint:
    holder = holder or {"organization": world.org_a}
    return webhook_endpoint_create(
        actor=world.user("org_admin_a"), url=receiver.url, events=events, **holder
    )


def test_a_test_event_arrives_signed_and_verifies(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(world, receiver, [WebhookEvent.OPPORTUNITY_PUBLISHED])

    with django_capture_on_commit_callbacks(execute=True):
        webhook_test_send(actor=world.user("org_admin_a"), endpoint=endpoint)

    (request,) = receiver.requests
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert verify(endpoint.secret, headers, request.body)
    assert json.loads(request.body)["type"] == "webhook.test"
    assert headers["webhook-id"].startswith("msg_")
    assert not verify(endpoint.secret, headers, request.body + b" ")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.SUCCEEDED, 204)


def test_while_a_rotation_overlaps_both_secrets_sign(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(world, receiver, [WebhookEvent.OPPORTUNITY_PUBLISHED])
    old_secret = endpoint.secret
    webhook_endpoint_rotate_secret(actor=world.user("org_admin_a"), endpoint=endpoint)

    with django_capture_on_commit_callbacks(execute=True):
        webhook_test_send(actor=world.user("org_admin_a"), endpoint=endpoint)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        previous_secret_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        webhook_test_send(actor=world.user("org_admin_a"), endpoint=endpoint)

    during, after = receiver.requests
    during_headers = {k.lower(): v for k, v in during.headers.items()}
    after_headers = {k.lower(): v for k, v in after.headers.items()}
    assert verify(old_secret, during_headers, during.body)
    assert verify(endpoint.secret, during_headers, during.body)
    assert len(during_headers["webhook-signature"].split(" ")) == 2
    assert not verify(old_secret, after_headers, after.body)
    assert verify(endpoint.secret, after_headers, after.body)


def test_domain_events_reach_the_subscribed_endpoints_only(
    world, receiver, django_capture_on_commit_callbacks
):
    published_hook = _endpoint(world, receiver, [WebhookEvent.OPPORTUNITY_PUBLISHED])
    _endpoint(world, receiver, [WebhookEvent.INTEREST_RECEIVED])
    other_cluster = _endpoint(
        world, receiver, [WebhookEvent.OPPORTUNITY_PUBLISHED], cluster=world.cluster_y
    )
    opportunity = OpportunityFactory(
        organization=world.org_a, status="submitted", submitted_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        opportunity_publish(actor=world.user("staff_x"), opportunity=opportunity)

    deliveries = WebhookDelivery.objects.all()
    assert [d.endpoint_id for d in deliveries] == [published_hook.pk]
    assert other_cluster.pk not in [d.endpoint_id for d in deliveries]
    (request,) = receiver.requests
    body = json.loads(request.body)
    assert body["type"] == "opportunity.published"
    assert body["data"]["opportunity"]["id"] == opportunity.pk


def test_an_accepted_interest_is_an_introduction_for_both_sides(
    world, receiver, django_capture_on_commit_callbacks
):
    a_hook = _endpoint(world, receiver, [WebhookEvent.INTRODUCTION])
    b_hook = webhook_endpoint_create(
        actor=world.user("org_admin_b"),
        url=receiver.url,
        events=[WebhookEvent.INTRODUCTION, WebhookEvent.INTEREST_ANSWERED],
        organization=world.org_b,
    )
    interest = ExpressionOfInterestFactory(
        opportunity__organization=world.org_a, organization=world.org_b
    )

    with django_capture_on_commit_callbacks(execute=True):
        interest_accept(actor=world.user("org_admin_a"), interest=interest)

    sent = sorted(WebhookDelivery.objects.values_list("endpoint_id", "event_type"))
    assert sent == sorted(
        [
            (a_hook.pk, "introduction.created"),
            (b_hook.pk, "interest.answered"),
            (b_hook.pk, "introduction.created"),
        ]
    )


def test_a_rolled_back_change_sends_nothing(world, receiver):
    _endpoint(world, receiver, [WebhookEvent.ORGANIZATION_UPDATED])
    with pytest.raises(RuntimeError), transaction.atomic():
        organization_update(actor=None, organization=world.org_a, data={"city": "Nice"})
        raise RuntimeError

    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def _make_due(delivery_id: int) -> None:
    WebhookDelivery.objects.filter(pk=delivery_id).update(next_attempt_at=timezone.now())


def test_a_failing_endpoint_is_retried_with_backoff_then_disabled(
    world, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 500
    endpoint = _endpoint(world, receiver, [WebhookEvent.OPPORTUNITY_PUBLISHED])
    with django_capture_on_commit_callbacks(execute=True):
        delivery_id = webhook_test_send(actor=world.user("org_admin_a"), endpoint=endpoint)
    first = WebhookDelivery.objects.get(pk=delivery_id)

    assert webhook_deliver(delivery_id=delivery_id) is None  # not due yet: backoff
    assert first.status == DeliveryStatus.PENDING
    assert first.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    for _attempt in range(MAX_ATTEMPTS - 1):
        _make_due(delivery_id)
        webhook_sweep_task()

    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    endpoint.refresh_from_db()
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.FAILED,
        MAX_ATTEMPTS,
        500,
    )
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1  # same message
    assert not endpoint.is_active
    assert endpoint.disabled_at is not None
    (notice,) = Notification.objects.filter(kind=NotificationKind.INTEGRATION_ALERT)
    assert notice.recipient == world.user("org_admin_a")
    assert notice.payload == {"webhook": receiver.url}


def test_a_success_resets_the_failure_count(world, receiver, django_capture_on_commit_callbacks):
    receiver.status = 503
    endpoint = _endpoint(world, receiver, [WebhookEvent.OPPORTUNITY_PUBLISHED])
    with django_capture_on_commit_callbacks(execute=True):
        delivery_id = webhook_test_send(actor=world.user("org_admin_a"), endpoint=endpoint)
    receiver.status = 200
    _make_due(delivery_id)
    webhook_sweep_task()

    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0
    assert WebhookDelivery.objects.get(pk=delivery_id).status == DeliveryStatus.SUCCEEDED


def test_a_claimed_delivery_is_not_sent_twice(world, receiver):
    endpoint = _endpoint(world, receiver, [WebhookEvent.OPPORTUNITY_PUBLISHED])
    delivery_id = webhook_test_send(actor=world.user("org_admin_a"), endpoint=endpoint)
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )

    assert webhook_deliver(delivery_id=delivery_id) is None
    assert webhook_sweep_task() == 0
    assert receiver.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.8/hook",
        "http://192.168.1.1/hook",
        "http://172.16.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "ftp://example.org/hook",
    ],
)
def test_private_and_link_local_targets_are_refused(world, url):
    with pytest.raises(UnsafeTarget):
        target_check(url)
    with pytest.raises(ValidationError):
        webhook_endpoint_create(
            actor=world.user("org_admin_a"),
            url=url,
            events=[WebhookEvent.OPPORTUNITY_PUBLISHED],
            organization=world.org_a,
        )


def test_loopback_is_refused_outside_tests(world, settings):
    settings.API_WEBHOOKS_ALLOW_LOOPBACK = False

    for url in ("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook"):
        with pytest.raises(UnsafeTarget):
            target_check(url)


def test_the_target_is_checked_again_at_delivery_time(world, receiver, settings):
    endpoint = _endpoint(world, receiver, [WebhookEvent.OPPORTUNITY_PUBLISHED])
    delivery_id = webhook_test_send(actor=world.user("org_admin_a"), endpoint=endpoint)
    settings.API_WEBHOOKS_ALLOW_LOOPBACK = False  # as if the name now resolved to loopback

    webhook_deliver(delivery_id=delivery_id)

    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert receiver.requests == []
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("refused")
