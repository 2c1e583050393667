"""The one role an account carries by itself: consortium admin (the secretariat).

Django's `is_staff` or `is_superuser` flag makes a consortium admin; cluster staff are never
`is_staff`. Memberships and cluster staff are added by `partners.roles.roles_of`, which every
permission check of the portal starts from.
"""

from django.contrib.auth.models import AnonymousUser

from accounts.models import User


def is_consortium_admin(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff)
