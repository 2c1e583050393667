"""The notification outbox and preferences in the admin: mostly to look, and to resend."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_access import ReadOnlyAdminMixin

from .models import EmailStatus, Notification, NotificationPreference
from .outbox import enqueue_on_commit


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "kind",
        "recipient",
        "email",
        "delivery",
        "email_status",
        "attempts",
        "created_at",
        "emailed_at",
        "read_at",
    ]
    list_filter = ["kind", "email_status", "delivery"]
    search_fields = ["recipient__email", "email", "event_key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["resend"]

    @admin.action(description=_("Send the e-mail again (failed or skipped ones)"))
    def resend(self, request: HttpRequest, queryset: QuerySet) -> None:
        ids = list(
            queryset.filter(
                email_status__in=[EmailStatus.FAILED, EmailStatus.SKIPPED], delivery="instant"
            ).values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ids).update(
            email_status=EmailStatus.PENDING, attempts=0, last_error=""
        )
        enqueue_on_commit(ids)
        messages.success(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", len(ids))
            % {"count": len(ids)},
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
