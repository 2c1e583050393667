import time

import factory
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from factory.django import DjangoModelFactory

from accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """`UserFactory(totp=True)`: TOTP set up, as staff pages and the admin require."""
        if create and extracted:
            activate_totp(obj)


def verify_email(user: User, email: str | None = None) -> None:
    """Give the user a verified primary e-mail address, as allauth keeps it after sign-up."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user,
        email=email or user.email,
        defaults={"verified": True, "primary": email is None},
    )


def activate_totp(user: User) -> str:
    """Set up TOTP as allauth does after a successful activation; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows right now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
