"""Who may see and do what at an event. Every check starts from `roles_of(user)`.

The selectors prefetch an event's organisers and select the registration's organization, so
these checks cost no query.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from partners.roles import roles_of

from .models import Event, EventStatus, ParticipantVisibility, Registration, RegistrationStatus


def organiser_ids(event: Event) -> set[int]:
    return {cluster.pk for cluster in event.organisers.all()}


def is_organiser(user: User | AnonymousUser, event: Event) -> bool:
    """Staff of an organising cluster, or a consortium admin."""
    roles = roles_of(user)
    return roles.is_consortium_admin or bool(roles.staff_cluster_ids & organiser_ids(event))


def can_create_event(user: User | AnonymousUser) -> bool:
    roles = roles_of(user)
    return roles.is_consortium_admin or roles.is_cluster_staff


def can_view_event(user: User | AnonymousUser, event: Event) -> bool:
    return event.status != EventStatus.DRAFT or is_organiser(user, event)


def can_view_participants(
    user: User | AnonymousUser, event: Event, own: Registration | None
) -> bool:
    if not can_view_event(user, event):
        return False
    # The viewer's own approved registration first: a participant's catalogue then needs no
    # roles (two queries); only organisers reading without taking part are looked up.
    return (
        event.participant_visibility == ParticipantVisibility.PUBLIC
        or (own is not None and own.status == RegistrationStatus.APPROVED)
        or is_organiser(user, event)
    )


def can_act_for(user: User | AnonymousUser, registration: Registration) -> bool:
    """The participant themselves; staff of an organising cluster for participants of their
    own cluster; consortium admins for everyone."""
    roles = roles_of(user)
    if not roles.is_authenticated:
        return False
    if registration.user_id == user.pk or roles.is_consortium_admin:
        return True
    cluster_id = registration.organization.cluster_id
    return roles.is_staff_of(cluster_id) and cluster_id in organiser_ids(registration.event)


def can_edit_registration(user: User | AnonymousUser, registration: Registration) -> bool:
    """As `can_act_for`, and the colleague who registered the person."""
    if can_act_for(user, registration):
        return True
    return (
        registration.registered_by_id is not None
        and registration.registered_by_id == user.pk
        and roles_of(user).is_member_of(registration.organization_id)
    )


def get_viewable_event(user: User | AnonymousUser, event: Event | None) -> Event:
    """404 rather than 403: a draft one may not see does not exist for them."""
    if event is None or not can_view_event(user, event):
        raise Http404
    return event
