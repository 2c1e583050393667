"""Who sees and changes a follow-up: the two sides, and the staff of both home clusters."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from opportunities.models import Opportunity
from partners.roles import roles_of

from .models import FollowUp, Side


def side_of(user: User | AnonymousUser, follow_up: FollowUp) -> str | None:
    """The side the user speaks for, or None. Two queries at most, memoised per request."""
    roles = roles_of(user)
    if roles.is_member_of(follow_up.owner_organization_id):
        return Side.OWNER
    if roles.is_member_of(follow_up.interested_organization_id):
        return Side.INTERESTED
    return None


def is_home_staff(user: User | AnonymousUser, follow_up: FollowUp) -> bool:
    """Staff of either side's home cluster, or a consortium admin (the ones who settle)."""
    roles = roles_of(user)
    return (
        roles.is_consortium_admin
        or roles.is_staff_of(follow_up.owner_organization.cluster_id)
        or roles.is_staff_of(follow_up.interested_organization.cluster_id)
    )


def can_view_follow_up(user: User | AnonymousUser, follow_up: FollowUp) -> bool:
    return side_of(user, follow_up) is not None or is_home_staff(user, follow_up)


def can_give_feedback(user: User | AnonymousUser, opportunity: Opportunity) -> bool:
    """Any member of another organization may pass with feedback; the owner's side may not."""
    roles = roles_of(user)
    return bool(roles.organization_ids - {opportunity.organization_id})


def can_read_feedback(user: User | AnonymousUser, opportunity: Opportunity) -> bool:
    """Only the author's organization reads what partners told it."""
    return roles_of(user).is_member_of(opportunity.organization_id)
