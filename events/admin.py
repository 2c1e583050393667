"""Events in the Django admin, for consortium admins. Every change goes through the services:
events are created and edited on the organisers' pages (their slots come from the windows),
registrations, requests and meetings only change through the actions below."""

from functools import partial

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_access import ReadOnlyAdminMixin
from core.admin import service_action

from .autoschedule import meeting_lock_set, schedule_publish
from .models import Event, Meeting, MeetingFeedback, MeetingRequest, Registration, ScheduleRun
from .services import (
    event_close,
    event_publish,
    meeting_cancel,
    meeting_outcome_record,
    meeting_request_withdraw,
    registration_check_in,
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

    # The selected rows come from get_queryset: organisers already prefetched.
    publish = service_action(
        event_publish,
        target="event",
        description=_("Publish selected events"),
        done_message=_("Published %(count)d event(s): %(objects)s."),
    )
    close = service_action(
        event_close,
        target="event",
        description=_("Close selected events"),
        done_message=_("Closed %(count)d event(s): %(objects)s."),
    )


# Approving and declining registrations: the service and the rows its permission check reads.
DECIDE = {
    "service": registration_decide,
    "target": "registration",
    "select_related": ("event", "organization"),
    "prefetch_related": ("event__organisers",),
}


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organization", "event", "status", "attendance", "time_zone")
    list_filter = ("status", "attendance", "event")
    search_fields = ("user__email", "user__last_name", "organization__name")
    list_select_related = ("user", "organization", "event")
    exclude = ("feed_key",)
    actions = ("approve", "decline", "check_in")

    approve = service_action(
        **DECIDE,
        approve=True,
        description=_("Approve selected registrations"),
        done_message=_("Approved %(count)d: %(objects)s."),
    )
    decline = service_action(
        **DECIDE,
        approve=False,
        description=_("Decline selected registrations"),
        done_message=_("Declined %(count)d: %(objects)s."),
    )
    check_in = service_action(
        registration_check_in,
        target="registration",
        description=_("Check in selected participants"),
        done_message=_("Checked in %(count)d: %(objects)s."),
        select_related=("event",),
        prefetch_related=("event__organisers",),
    )


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "event", "status", "created_at", "expires_at", "sent_on_behalf")
    list_filter = ("status", "decline_reason", "event")
    list_select_related = ("event",)
    actions = ("withdraw",)

    withdraw = service_action(
        meeting_request_withdraw,
        target="request",
        description=_("Withdraw selected requests"),
        done_message=_("Withdrew %(count)d request(s): %(objects)s."),
        select_related=("sender__organization", "sender__event"),
        prefetch_related=("sender__event__organisers",),
    )


# Every meeting action: the rows its service's permission check and notifications read.
meeting_action = partial(
    service_action,
    target="meeting",
    select_related=(
        "event",
        "slot",
        "request__sender__organization",
        "request__recipient__organization",
    ),
    prefetch_related=("event__organisers",),
)
RECORDED = _("Recorded %(count)d meeting(s): %(objects)s.")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "event", "status", "table", "source", "locked", "outcome")
    list_filter = ("status", "source", "outcome", "locked", "event")
    list_select_related = ("event", "slot", "request")
    actions = ("cancel", "mark_held", "mark_no_show", "unlock")

    cancel = meeting_action(
        meeting_cancel,
        description=_("Cancel selected meetings"),
        done_message=_("Cancelled %(count)d meeting(s): %(objects)s."),
    )
    mark_held = meeting_action(
        meeting_outcome_record,
        outcome="held",
        description=_("Mark selected meetings held"),
        done_message=RECORDED,
    )
    mark_no_show = meeting_action(
        meeting_outcome_record,
        outcome="no_show",
        description=_("Mark selected meetings no-show"),
        done_message=RECORDED,
    )
    unlock = meeting_action(
        meeting_lock_set,
        locked=False,
        description=_("Unlock selected meetings (the auto-scheduler may move them)"),
        done_message=_("Unlocked %(count)d meeting(s): %(objects)s."),
    )


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "event", "status", "created_by", "created_at", "published_at")
    list_filter = ("status", "event")
    list_select_related = ("event", "created_by")
    exclude = ("assignments", "unscheduled")
    actions = ("publish",)

    publish = service_action(
        schedule_publish,
        target="run",
        description=_("Publish the selected run (the latest finished one)"),
        done_message=_("Published %(count)d run(s): %(objects)s."),
        select_related=("event",),
        prefetch_related=("event__organisers",),
    )


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("meeting", "registration", "useful", "follow_up_planned", "answered_at")
    list_filter = ("useful", "follow_up_planned")
    list_select_related = ("meeting", "registration")
