"""All writes to a person's own account."""

import datetime
import logging
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import users_never_verified
from core.domain_events import publish

logger = logging.getLogger(__name__)

PROFILE_FIELDS = frozenset({"first_name", "last_name", "job_title", "phone", "language"})
# A sign-up whose confirmation link (valid 3 days) was never used is removed after this long.
UNVERIFIED_MAX_AGE = datetime.timedelta(days=30)
MESSAGE_CANNOT_DELETE = _(
    "Your account is still referenced by records that must be kept; contact the secretariat."
)


@transaction.atomic
def user_update_profile(*, user: User, data: dict[str, Any]) -> User:
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Not editable through this service: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=sorted(data))
    user_changed_announce(user=user)
    return user


def user_changed_announce(*, user: User) -> None:
    """Tell the apps above accounts that a person's profile changed (here or in the admin's
    change form): they keep their copies of the person's names equal (event catalogues)."""
    publish("account.updated", user=user)


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and what only it owned (memberships, e-mail addresses, MFA).

    Records the consortium must keep (opportunities, history) keep their content and lose the
    link to the person (SET_NULL). Event registrations, their requests and meetings go with
    the account, after the other side of each meeting has been told.
    """
    # The apps above accounts let others know first (e.g. cancel the person's meetings).
    publish("account.deleting", user=user)
    try:
        user.delete()
    except ProtectedError as error:
        raise ValidationError(MESSAGE_CANNOT_DELETE, code="protected") from error


@transaction.atomic
def user_create(
    *, email: str, password: str | None, email_verified: bool = False, **fields: Any
) -> User:
    """Create a person outside the sign-up form (demo data, imports).

    `email_verified=True` records the address as verified for allauth, so the person can log
    in without a confirmation mail; only for addresses the caller vouches for.
    """
    user = User(email=User.objects.normalize_email(email), **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


@transaction.atomic
def users_unverified_delete(
    *, older_than: datetime.timedelta = UNVERIFIED_MAX_AGE, among: QuerySet[User] | None = None
) -> int:
    """Delete the accounts never verified that signed up more than `older_than` ago.

    `among` narrows the candidates (the admin's selection); an account that was verified, or
    has a role, is never deleted whatever the caller passes. Returns how many were deleted.
    """
    candidates = users_never_verified(joined_before=timezone.now() - older_than)
    if among is not None:
        candidates = candidates.filter(pk__in=among.values("pk"))
    ids = sorted(candidates.values_list("pk", flat=True))
    if not ids:
        return 0
    User.objects.filter(pk__in=ids).delete()
    # Ids, not addresses: the log outlives the accounts and must not keep their personal data.
    logger.info(
        "deleted %d account(s) never verified after %d days: ids %s",
        len(ids),
        older_than.days,
        ", ".join(map(str, ids)),
    )
    return len(ids)


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Switch an account off: it can no longer sign in (its sessions stop working too)."""
    if user.pk == actor.pk:
        raise ValidationError(gettext("you cannot deactivate your own account."))
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(gettext("only a superuser can deactivate a superuser."))
    if not user.is_active:
        raise ValidationError(gettext("the account is already inactive."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user
