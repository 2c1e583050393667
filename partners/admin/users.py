"""The admin of a person, with their memberships and cluster staff rows (both sit above
accounts, so it lives here)."""

import datetime

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm as DjangoAdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin_access import ConsortiumAdminMixin
from accounts.models import User
from accounts.selectors import users_never_verified
from accounts.services import (
    UNVERIFIED_MAX_AGE,
    user_changed_announce,
    user_deactivate,
    users_unverified_delete,
)
from clusters.models import ClusterStaff
from core.admin import count_column, service_action, subquery_count
from partners.models import Membership


class UserCreationForm(DjangoAdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)
        field_classes = {}


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}


class MembershipInline(ConsortiumAdminMixin, admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("organization",)
    fields = ("organization", "role", "created_at")
    readonly_fields = ("created_at",)
    verbose_name_plural = _("member of organizations")


class ClusterStaffInline(ConsortiumAdminMixin, admin.TabularInline):
    model = ClusterStaff
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("cluster",)
    fields = ("cluster", "created_at")
    readonly_fields = ("created_at",)
    verbose_name_plural = _("staff of clusters")


class NeverVerifiedFilter(admin.SimpleListFilter):
    """Sign-ups whose owner never confirmed an address (and nobody gave a role)."""

    title = _("e-mail verification")
    parameter_name = "verification"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return (
            ("never", _("never verified")),
            (
                "expired",
                gettext("never verified, over %(days)d days") % {"days": UNVERIFIED_MAX_AGE.days},
            ),
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() == "never":
            return queryset.filter(pk__in=users_never_verified().values("pk"))
        if self.value() == "expired":
            joined_before = timezone.now() - UNVERIFIED_MAX_AGE
            return queryset.filter(
                pk__in=users_never_verified(joined_before=joined_before).values("pk")
            )
        return queryset


@admin.register(User)
class UserAdmin(ConsortiumAdminMixin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "job_title", "phone")}),
        (_("Preferences"), {"fields": ("language",)}),
        (
            _("Consortium admin rights"),
            {
                "fields": ("is_active", "is_staff", "is_superuser"),
                "description": _(
                    "“Staff status” makes the person a consortium admin with full access to "
                    "this admin. Cluster staff are not consortium admins: add them below under "
                    "“staff of clusters” instead."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = (
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "organization_count",
        "language",
        "last_login",
        "date_joined",
    )
    list_filter = (
        NeverVerifiedFilter,
        "is_active",
        "is_staff",
        "is_superuser",
        "language",
        ("cluster_staff__cluster", admin.RelatedOnlyFieldListFilter),
        "date_joined",
        "last_login",
    )
    search_fields = ("email", "first_name", "last_name", "job_title")
    ordering = ("email",)
    date_hierarchy = "date_joined"
    filter_horizontal = ()
    inlines = (MembershipInline, ClusterStaffInline)
    actions = ("deactivate_users", "delete_never_verified")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return (
            super()
            .get_queryset(request)
            .annotate(organization_total=subquery_count(Membership, "user"))
        )

    organization_count = count_column("organization_total", _("organizations"))

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            user_changed_announce(user=obj)

    deactivate_users = service_action(
        user_deactivate,
        target="user",
        description=_("Deactivate selected users"),
        done_message=_("Deactivated %(count)d user(s): %(objects)s."),
    )

    @admin.action(description=_("Delete selected accounts never verified"))
    def delete_never_verified(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        # Whatever is selected, the service deletes only accounts that were never verified
        # and have no role; the age limit is the admin's choice here (they filtered).
        count = users_unverified_delete(older_than=datetime.timedelta(0), among=queryset)
        message = ngettext(
            "Deleted %(count)d account never verified.",
            "Deleted %(count)d accounts never verified.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
