"""Who hears about an organization's business: the people the handlers notify."""

from collections.abc import Iterable

from django.db.models import Q

from accounts.models import User
from partners.models import Membership, MembershipRole


def people(query: Q, *, exclude: int | None = None) -> list[int]:
    """The active users matching `query`, each once; never `exclude` (the person who acted)."""
    users = User.objects.filter(query, is_active=True)
    if exclude is not None:
        users = users.exclude(pk=exclude)
    return list(users.order_by().values_list("pk", flat=True).distinct())


def admins_of(organization_id: int) -> Q:
    return Q(
        memberships__organization_id=organization_id,
        memberships__role=MembershipRole.ADMIN,
    )


def organization_side(
    *, organization_id: int, author_id: int | None, exclude: int | None = None
) -> list[int]:
    """The organization's admins and the author of its opportunity or interest, if any."""
    query = admins_of(organization_id)
    if author_id:
        query |= Q(pk=author_id)
    return people(query, exclude=exclude)


def admins_by_organization(organization_ids: Iterable[int]) -> dict[int, set[int]]:
    """The active admins of each organization (one query), for the set-based senders."""
    admins: dict[int, set[int]] = {}
    for organization_id, user_id in Membership.objects.filter(
        organization_id__in=set(organization_ids),
        role=MembershipRole.ADMIN,
        user__is_active=True,
    ).values_list("organization_id", "user_id"):
        admins.setdefault(organization_id, set()).add(user_id)
    return admins


def organization_side_of(
    admins: dict[int, set[int]], *, organization_id: int, author_id: int | None
) -> list[int]:
    """`organization_side` from the answer of `admins_by_organization`, without a query."""
    recipients = set(admins.get(organization_id, ()))
    if author_id:
        recipients.add(author_id)
    return sorted(recipients)
