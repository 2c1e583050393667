"""Who may see and do what with an opportunity. Every check starts from `roles_of(user)`.

Views pass objects loaded by the selectors, which `select_related` the organization and
annotate `user_interest_status` (the state of the viewer's organizations' interest), so these
checks cost no query inside lists.
"""

from collections.abc import Callable
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from partners.models import Organization
from partners.roles import Roles, roles_of

from .models import ExpressionOfInterest, InterestStatus, Opportunity, OpportunityStatus

AnyUser = User | AnonymousUser

# The author may change the content only before publication, or when staff asked for changes.
EDITABLE_STATUSES = frozenset({OpportunityStatus.DRAFT, OpportunityStatus.CHANGES_REQUESTED})
SUBMITTABLE_STATUSES = EDITABLE_STATUSES
# Closed and expired opportunities stay visible to those who already took part.
# A tuple, not a set: the SQL it is written into (status IN (...)) is then the same in every
# process (a set's order changes with the string hash seed).
ARCHIVED_STATUSES = (OpportunityStatus.CLOSED, OpportunityStatus.EXPIRED)

_UNKNOWN = object()


def _user_interest_status(user: AnyUser, opportunity: Opportunity) -> str | None:
    """The best state of an interest sent by one of the user's organizations, or None."""
    annotated = getattr(opportunity, "user_interest_status", _UNKNOWN)
    if annotated is not _UNKNOWN:
        return cast(str | None, annotated)
    organization_ids = roles_of(user).organization_ids
    if not organization_ids:
        return None
    statuses = set(
        ExpressionOfInterest.objects.filter(
            opportunity=opportunity, organization_id__in=organization_ids
        ).values_list("status", flat=True)
    )
    if InterestStatus.ACCEPTED in statuses:
        return InterestStatus.ACCEPTED
    return next(iter(statuses), None)


def is_owner_member(user: AnyUser, opportunity: Opportunity) -> bool:
    return roles_of(user).is_member_of(opportunity.organization_id)


def can_create_opportunity(user: AnyUser, organization: Organization) -> bool:
    return organization.is_active and roles_of(user).is_member_of(organization.pk)


def can_moderate_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    """Staff of the owner's cluster and consortium admins (first-line moderation)."""
    return _moderates(roles_of(user), opportunity.organization.cluster_id)


def _moderates(roles: Roles, cluster_id: int | None) -> bool:
    return roles.is_consortium_admin or roles.is_staff_of(cluster_id)


def can_view_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    roles = roles_of(user)
    if is_owner_member(user, opportunity) or can_moderate_opportunity(user, opportunity):
        return True
    if not opportunity.organization.is_active:
        return False
    if opportunity.status == OpportunityStatus.PUBLISHED:
        # Visitors see only opportunities whose owner is public (PRODUCT.md, roles table).
        return roles.is_authenticated or not opportunity.is_anonymous
    if opportunity.status in ARCHIVED_STATUSES:
        return _user_interest_status(user, opportunity) is not None
    return False


def owner_revealed_to(
    roles: Roles,
    *,
    is_anonymous: bool,
    organization_id: int | None,
    cluster_id: int | None,
    interest_status: Callable[[], str | None],
) -> bool:
    """The rule of `can_see_owner`, on the values it reads (a row read as a dict asks it too):
    the owner `organization_id` of cluster `cluster_id` is named unless the opportunity is
    anonymous; an anonymous owner only to itself, its cluster's staff, consortium admins and
    organizations it accepted (`interest_status`: the best state of the interest the reader's
    organizations sent, asked last, only when the answer depends on it).
    """
    if not is_anonymous:
        return True
    if roles.is_member_of(organization_id) or _moderates(roles, cluster_id):
        return True
    return interest_status() == InterestStatus.ACCEPTED


def can_see_owner(user: AnyUser, opportunity: Opportunity) -> bool:
    """Whether the owner's identity may be shown (`owner_revealed_to`)."""
    return owner_revealed_to(
        roles_of(user),
        is_anonymous=opportunity.is_anonymous,
        organization_id=opportunity.organization_id,
        cluster_id=opportunity.organization.cluster_id,
        interest_status=lambda: _user_interest_status(user, opportunity),
    )


def can_edit_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    return is_owner_member(user, opportunity) and opportunity.status in EDITABLE_STATUSES


def can_submit_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    return is_owner_member(user, opportunity) and opportunity.status in SUBMITTABLE_STATUSES


def can_review_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    """Moderation buttons are offered: a moderator and an opportunity waiting for review."""
    return opportunity.status == OpportunityStatus.SUBMITTED and can_moderate_opportunity(
        user, opportunity
    )


def can_renew_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    return (
        is_owner_member(user, opportunity)
        and opportunity.status == OpportunityStatus.PUBLISHED
        and opportunity.renewal_count == 0
    )


def can_close_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    """The owner closes (filled / withdrawn); moderators may withdraw an opportunity too."""
    return opportunity.status == OpportunityStatus.PUBLISHED and (
        is_owner_member(user, opportunity) or can_moderate_opportunity(user, opportunity)
    )


def can_express_interest(user: AnyUser, opportunity: Opportunity) -> bool:
    """A member of some other organization, on a published opportunity."""
    roles = roles_of(user)
    return opportunity.status == OpportunityStatus.PUBLISHED and any(
        organization_id != opportunity.organization_id for organization_id in roles.organization_ids
    )


def can_answer_interest(user: AnyUser, interest: ExpressionOfInterest) -> bool:
    return roles_of(user).is_member_of(interest.opportunity.organization_id)


def get_viewable_opportunity(user: AnyUser, opportunity: Opportunity | None) -> Opportunity:
    """404 rather than 403: an opportunity one may not see does not exist for them."""
    if opportunity is None or not can_view_opportunity(user, opportunity):
        raise Http404
    return opportunity
