from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.precompiled import PrecompiledQuery


class EmailUserManager(UserManager):
    """Users sign in with their e-mail address; there is no username."""

    def get(self, *args: Any, **kwargs: Any) -> "User":
        """`User.objects.get(pk=<int>)` runs SQL compiled once per process
        (core.precompiled): it is how Django's authentication backends load the signed-in user
        on every request (`ModelBackend.get_user`), and compiling the queryset cost ~0.5 ms of
        the ~0.8 ms of CPU the read took. The same row and the same instance; every other
        lookup is the queryset's. (The backends are named in each session: replacing them with
        subclasses would sign everyone out.)"""
        pk = kwargs.get("pk")
        # Only `User.objects` itself: the related managers that list users (a group's
        # `user_set`) subclass this one and filter by their relation.
        plain = type(self) is EmailUserManager and not self._db and not self._hints
        if not plain or args or len(kwargs) != 1 or type(pk) is not int:
            return super().get(*args, **kwargs)
        user = _USER.first(pk, using=self.db)
        if user is None:
            name = self.model._meta.object_name
            raise self.model.DoesNotExist(f"{name} matching query does not exist.")
        return user

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Used for e-mails and as your interface language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


def _user(pk: int) -> QuerySet[User]:
    return User.objects.filter(pk=pk)


_USER = PrecompiledQuery(_user, 0)
