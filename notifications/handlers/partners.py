"""Directory events turned into notifications: an invitation to join an organization (to an
e-mail address, which may have no account yet) and the join requests (to the people who decide
on them, then the answer to the person who asked)."""

from django.urls import reverse
from django.utils import timezone

from core.domain_events import subscribe
from partners.models import Invitation, JoinRequest
from partners.selectors import join_request_decider_ids

from ..models import NotificationKind
from ..outbox import drafts_for, notification_create_for_address, notifications_create


@subscribe("invitation.created")
def invitation_created(*, invitation: Invitation, token: str, language: str) -> None:
    """The invited address gets the link, in the language the inviter was using. The link
    carries the raw token: the outbox forgets an address-only link once it is e-mailed."""
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation.pk
    )
    notification_create_for_address(
        email=invitation.email,
        kind=NotificationKind.INVITATION,
        event_key=f"invitation:{invitation.pk}",
        payload={
            "invitation_id": invitation.pk,
            "organization": invitation.organization.name,
            "inviter": str(invitation.invited_by) if invitation.invited_by else "",
            "expires_on": timezone.localdate(invitation.expires_at).isoformat(),
        },
        url=reverse("accounts:invitation_accept", kwargs={"token": token}),
        language=language,
    )


def _join_request_payload(join_request: JoinRequest) -> dict:
    return {
        "join_request_id": join_request.pk,
        "organization": join_request.organization.name,
        "person": str(join_request.user),
        "email": join_request.user.email,
        "message": join_request.message,
        "status": join_request.status,
    }


@subscribe("join_request.created")
def join_request_created(*, join_request: JoinRequest) -> None:
    """Whoever decides on the request (the organization's admins, else its cluster's staff)."""
    join_request = JoinRequest.objects.select_related("organization", "user").get(
        pk=join_request.pk
    )
    payload = _join_request_payload(join_request)
    url = reverse("partners:members", kwargs={"slug": join_request.organization.slug})
    notifications_create(
        drafts_for(
            join_request_decider_ids(organization_id=join_request.organization_id),
            kind=NotificationKind.JOIN_REQUEST_RECEIVED,
            event_key=f"join-request:{join_request.pk}:received",
            payload=payload,
            url=url,
        )
    )


@subscribe("join_request.answered")
def join_request_answered(*, join_request: JoinRequest) -> None:
    """The person who asked hears the answer (approved or declined)."""
    join_request = JoinRequest.objects.select_related("organization", "user").get(
        pk=join_request.pk
    )
    notifications_create(
        drafts_for(
            [join_request.user_id],
            kind=NotificationKind.JOIN_REQUEST_ANSWERED,
            event_key=f"join-request:{join_request.pk}:answered",
            payload=_join_request_payload(join_request),
            url=reverse("partners:detail", kwargs={"slug": join_request.organization.slug}),
        )
    )
