"""Telling an organization's admins (a cluster's staff) that one of their integrations stopped:
a key refused because its owner lost the role, or a webhook endpoint disabled. Through the
notifications outbox, in the caller's transaction, once per key or per disabling."""

from django.urls import reverse

from accounts.models import User
from clusters.models import ClusterStaff
from notifications.models import NotificationKind
from notifications.outbox import drafts_for, notifications_create
from partners.models import Membership, MembershipRole

from .models import ApiKey, WebhookEndpoint


def _managers(holder: ApiKey | WebhookEndpoint) -> list[int]:
    if holder.organization_id is not None:
        people = Membership.objects.filter(
            organization_id=holder.organization_id, role=MembershipRole.ADMIN
        )
    else:
        people = ClusterStaff.objects.filter(cluster_id=holder.cluster_id)
    return list(
        User.objects.filter(pk__in=people.values("user_id"), is_active=True).values_list(
            "pk", flat=True
        )
    )


def _page(holder: ApiKey | WebhookEndpoint) -> str:
    if holder.organization_id is not None:
        return reverse("api:integrations_organization", kwargs={"slug": holder.organization.slug})
    return reverse("api:integrations_cluster", kwargs={"slug": holder.cluster.slug})


def alert_key_owner_lost(*, key: ApiKey) -> int:
    payload = {"key": key.name, "prefix": key.prefix, "owner": str(key.owner)}
    return notifications_create(
        drafts_for(
            _managers(key),
            kind=NotificationKind.INTEGRATION_ALERT,
            event_key=f"api-key-{key.pk}-owner-lost",
            payload=payload,
            url=_page(key),
        )
    )


def alert_webhook_disabled(*, endpoint: WebhookEndpoint) -> int:
    stamp = endpoint.disabled_at.isoformat() if endpoint.disabled_at else ""
    return notifications_create(
        drafts_for(
            _managers(endpoint),
            kind=NotificationKind.INTEGRATION_ALERT,
            event_key=f"webhook-{endpoint.pk}-disabled-{stamp}",
            payload={"webhook": endpoint.url},
            url=reverse("api:webhook_detail", kwargs={"pk": endpoint.pk}),
        )
    )
