"""All writes to a person's own account."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from accounts.models import User

PROFILE_FIELDS = frozenset({"first_name", "last_name", "job_title", "phone", "language"})
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
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and what only it owned (memberships, e-mail addresses, MFA).

    Records the consortium must keep (opportunities, history) keep their content and lose the
    link to the person (SET_NULL).
    """
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
    from allauth.account.models import EmailAddress

    user = User(email=User.objects.normalize_email(email), **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user
