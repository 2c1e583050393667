"""Reads about accounts. (A person's personal-data download needs memberships: it is
`partners.selectors.user_personal_data`.)"""

import datetime

from django.db.models import QuerySet

from accounts.models import User


def users_never_verified(*, joined_before: datetime.datetime | None = None) -> QuerySet[User]:
    """Accounts whose owner never confirmed an address, and that nobody has given a role.

    A sign-up that was never confirmed cannot log in (verification is mandatory); it is kept
    out if it has logged in all the same, belongs to an organization or a cluster's staff, or
    is a consortium admin (people the secretariat set up by hand).
    """
    users = User.objects.exclude(emailaddress__verified=True).filter(
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        memberships__isnull=True,
        cluster_staff__isnull=True,
    )
    if joined_before is not None:
        users = users.filter(date_joined__lt=joined_before)
    return users.distinct()
