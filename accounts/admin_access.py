"""Who may do what in the admin.

A consortium admin (Django `is_staff` or `is_superuser`, see `accounts.roles`) has every right
in the admin; Django's per-model permissions are not used, so a new secretariat account needs
no permission setup. Cluster staff are not `is_staff` and never get in
(`AdminSite.has_permission`).
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.roles import is_consortium_admin


class ConsortiumAdminMixin:
    """Full rights for consortium admins, none for anybody else."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_consortium_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_consortium_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # ModelAdmin passes (request), inlines pass (request, obj).
        return is_consortium_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_consortium_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_consortium_admin(request.user)


class ReadOnlyAdminMixin(ConsortiumAdminMixin):
    """For logs and rows that only the portal's services write: look, never touch."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TranslationInline(ReadOnlyAdminMixin, admin.StackedInline):
    """A row's translations, shown with the row they translate: written on the portal's edit
    pages (where their rules are checked), so here they are only read, with their author."""

    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("author")
