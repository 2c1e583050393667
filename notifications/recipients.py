"""Who hears about an organization's business: the people the handlers notify."""

from django.db.models import Q

from accounts.models import User
from partners.models import MembershipRole


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
