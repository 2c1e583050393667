"""Events in the Django admin, for consortium admins. Every change goes through the services:
events are created and edited on the organisers' pages (their slots come from the windows),
registrations, requests and meetings only change through the actions below."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.admin_access import ReadOnlyAdminMixin
from core.admin import apply_per_object

from .models import Event, Meeting, MeetingRequest, Registration
from .services import (
    event_close,
    event_publish,
    meeting_cancel,
    meeting_request_withdraw,
    registration_decide,
)


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "status", "format", "city", "starts_at")
    list_filter = ("status", "format", "organisers")
    search_fields = ("title", "slug", "city")
    actions = ("publish", "close")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).prefetch_related("organisers")

    @admin.action(description=_("Publish selected events"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        apply_per_object(
            self,
            request,
            queryset.prefetch_related("organisers"),
            lambda event: event_publish(actor=request.user, event=event),
            done_message=gettext("Published %(count)d event(s): %(objects)s."),
        )

    @admin.action(description=_("Close selected events"))
    def close(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        apply_per_object(
            self,
            request,
            queryset.prefetch_related("organisers"),
            lambda event: event_close(actor=request.user, event=event),
            done_message=gettext("Closed %(count)d event(s): %(objects)s."),
        )


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organization", "event", "status", "attendance", "time_zone")
    list_filter = ("status", "attendance", "event")
    search_fields = ("user__email", "user__last_name", "organization__name")
    list_select_related = ("user", "organization", "event")
    exclude = ("feed_key",)
    actions = ("approve", "decline")

    def _decide(self, request, queryset, approve: bool, message: str) -> None:
        apply_per_object(
            self,
            request,
            queryset.select_related("event", "organization").prefetch_related("event__organisers"),
            lambda registration: registration_decide(
                actor=request.user, registration=registration, approve=approve
            ),
            done_message=message,
        )

    @admin.action(description=_("Approve selected registrations"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._decide(request, queryset, True, gettext("Approved %(count)d: %(objects)s."))

    @admin.action(description=_("Decline selected registrations"))
    def decline(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._decide(request, queryset, False, gettext("Declined %(count)d: %(objects)s."))


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "event", "status", "created_at", "expires_at", "sent_on_behalf")
    list_filter = ("status", "decline_reason", "event")
    list_select_related = ("event",)
    actions = ("withdraw",)

    @admin.action(description=_("Withdraw selected requests"))
    def withdraw(self, request: HttpRequest, queryset: QuerySet[MeetingRequest]) -> None:
        apply_per_object(
            self,
            request,
            queryset.select_related("sender__organization", "sender__event").prefetch_related(
                "sender__event__organisers"
            ),
            lambda item: meeting_request_withdraw(actor=request.user, request=item),
            done_message=gettext("Withdrew %(count)d request(s): %(objects)s."),
        )


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "event", "status", "table", "source", "sequence")
    list_filter = ("status", "source", "event")
    list_select_related = ("event", "slot", "request")
    actions = ("cancel",)

    @admin.action(description=_("Cancel selected meetings"))
    def cancel(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        apply_per_object(
            self,
            request,
            queryset.select_related(
                "event", "request__sender__organization", "request__recipient__organization"
            ).prefetch_related("event__organisers"),
            lambda meeting: meeting_cancel(actor=request.user, meeting=meeting),
            done_message=gettext("Cancelled %(count)d meeting(s): %(objects)s."),
        )
