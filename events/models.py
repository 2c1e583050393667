"""Partnering events: one-to-one meetings between participants of the consortium's clusters.

An event has meeting windows (local times on given days) cut into slots; registrations are
people of member organizations; meeting requests go from one registration to another; an
accepted request becomes a meeting in one slot. No person and no table is ever booked twice
in a slot: `MeetingSeat` holds one row per (participant, slot) and the database refuses a
second one, and a meeting's table is unique per slot.
"""

import functools
import zoneinfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from core.fields import foreign_key, weak_key
from opportunities.models import Opportunity
from partners.models import Organization


def time_zone_choices() -> list[tuple[str, str]]:
    """The IANA zones of this system, as choices (a fresh list: callers may change theirs)."""
    return list(_time_zone_choices())


@functools.cache
def _time_zone_choices() -> tuple[tuple[str, str], ...]:
    # available_timezones() walks the zoneinfo directories (~600 files): once per process, not
    # once per event page, form or API row (a new zone comes with a new deployment anyway).
    return tuple((name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()))


class EventFormat(models.TextChoices):
    ON_SITE = "on_site", _("On-site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class ParticipantVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    PARTICIPANTS = "participants", _("Registered participants only")


class SchedulingMode(models.TextChoices):
    PAIR = "pair", _("The two participants choose the time")
    AUTO = "auto", _("The organisers' auto-scheduler")


class Event(models.Model):
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    description = models.TextField(_("description"), blank=True)
    organisers = models.ManyToManyField(
        Cluster, verbose_name=_("organising clusters"), related_name="events"
    )
    format = models.CharField(
        _("format"), max_length=16, choices=EventFormat.choices, default=EventFormat.HYBRID
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    time_zone = models.CharField(
        _("time zone of the event"), max_length=64, choices=time_zone_choices, default="UTC"
    )
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=30)
    break_minutes = models.PositiveSmallIntegerField(
        _("break between meetings (minutes)"), default=0
    )
    tables = models.PositiveSmallIntegerField(
        _("tables on site"), default=0, help_text=_("Meeting tables for in-person meetings.")
    )
    video_link_template = models.CharField(
        _("video-room link template"),
        max_length=300,
        blank=True,
        help_text=_(
            "For online meetings, e.g. https://meet.example.org/wlscc-{event}-{meeting}: "
            "{event} and {meeting} are replaced."
        ),
    )
    registration_deadline = models.DateTimeField(_("registration deadline"))
    request_deadline = models.DateTimeField(_("meeting request deadline"))
    request_expiry_hours = models.PositiveSmallIntegerField(
        _("unanswered requests expire after (hours)"), default=72
    )
    max_open_requests = models.PositiveSmallIntegerField(
        _("open requests per participant"),
        default=20,
        help_text=_("How many unanswered requests a participant may have sent at once."),
    )
    participant_visibility = models.CharField(
        _("participant list visible to"),
        max_length=16,
        choices=ParticipantVisibility.choices,
        default=ParticipantVisibility.PARTICIPANTS,
    )
    requires_approval = models.BooleanField(_("organisers approve registrations"), default=False)
    scheduling = models.CharField(
        _("meeting times"),
        max_length=8,
        choices=SchedulingMode.choices,
        default=SchedulingMode.PAIR,
        help_text=_(
            "With the auto-scheduler, an accepted request waits for the organisers' schedule: "
            "they run it, check the preview and publish it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, editable=False)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, editable=False)
    created_by = weak_key(User, _("created by"), "+", blank=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Every service that changes the event saves it (the API's `modified_since`).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting_minutes__gte=5), name="event_meeting_minutes_min"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def has_tables(self) -> bool:
        return self.format != EventFormat.ONLINE

    @property
    def has_video(self) -> bool:
        return self.format != EventFormat.ON_SITE


class MeetingWindow(models.Model):
    """A stretch of one day, in the event's local time, cut into meeting slots."""

    event = foreign_key(Event, _("event"), "windows")
    date = models.DateField(_("day"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("meeting window")
        verbose_name_plural = _("meeting windows")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="window_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Slot(models.Model):
    """One meeting time of an event, stored in UTC (shown in each viewer's time zone)."""

    event = foreign_key(Event, _("event"), "slots")
    window = foreign_key(MeetingWindow, _("window"), "slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="one_slot_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Registration(models.Model):
    """A person taking part for an organization, with an event profile and availability."""

    event = foreign_key(Event, _("event"), "registrations")
    user = foreign_key(User, _("person"), "event_registrations")
    organization = foreign_key(Organization, _("organization"), "event_registrations")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    attendance = models.CharField(
        _("taking part"), max_length=16, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    time_zone = models.CharField(_("time zone"), max_length=64, choices=time_zone_choices)
    offer = models.TextField(_("what we offer"), max_length=2000, blank=True)
    seek = models.TextField(_("what we seek"), max_length=2000, blank=True)
    technology_areas = models.ManyToManyField(
        TechnologyArea,
        verbose_name=_("technology areas"),
        blank=True,
        related_name="event_registrations",
    )
    opportunities = models.ManyToManyField(
        Opportunity,
        verbose_name=_("linked opportunities"),
        blank=True,
        related_name="event_registrations",
    )
    available_slots = models.ManyToManyField(
        Slot, verbose_name=_("available in"), blank=True, related_name="available_registrations"
    )
    registered_by = weak_key(User, _("registered by"), "+", blank=False)
    decided_by = weak_key(User, _("approved or declined by"), "+")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = weak_key(User, _("checked in by"), "+")
    feed_key = models.CharField(_("calendar feed key"), max_length=32, editable=False)
    # Copies of the organization's name and the person's names, for the participant catalogue:
    # its order (organization, last name) is then an index scan of the event's rows and its
    # search reads no other table, where looking them up cost one probe per participant (and
    # a search a scan of every organization). Set by the services that create a registration
    # and kept equal by the handlers of "organization.updated" and "account.updated".
    organization_name = models.CharField(
        _("organization name"), max_length=200, blank=True, editable=False
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True, editable=False)
    last_name = models.CharField(_("last name"), max_length=150, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person"),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="registration_event_idx"),
            # The catalogue's order (events.selectors.participant_filterset).
            models.Index(
                fields=["event", "status", "organization_name", "last_name", "id"],
                name="registration_catalogue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organization}) @ {self.event}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeclineReason(models.TextChoices):
    NOT_RELEVANT = "not_relevant", _("Not relevant to us at the moment")
    NO_TIME = "no_time", _("Our agenda is full")
    ALREADY_IN_CONTACT = "already_in_contact", _("We are already in contact")
    WRONG_PERSON = "wrong_person", _("Someone else at our organization is the right person")
    OTHER = "other", _("Another reason")


class MeetingRequest(models.Model):
    event = foreign_key(Event, _("event"), "requests")
    sender = foreign_key(Registration, _("from"), "sent_requests")
    recipient = foreign_key(Registration, _("to"), "received_requests")
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decline_reason = models.CharField(
        _("reason"), max_length=32, choices=DeclineReason.choices, blank=True
    )
    decline_message = models.TextField(_("a word to the requester"), max_length=500, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Who clicked: the participant, or organising staff acting for them (recorded as such).
    created_by = weak_key(User, _("sent by"), "+", blank=False)
    answered_by = weak_key(User, _("answered by"), "+")
    sent_on_behalf = models.BooleanField(_("sent by staff for the participant"), default=False)
    answered_on_behalf = models.BooleanField(
        _("answered by staff for the participant"), default=False
    )

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="request_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=models.Q(status="pending"),
                name="one_open_request_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["sender", "status"], name="request_sender_idx"),
            models.Index(fields=["recipient", "status"], name="request_recipient_idx"),
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status="pending"),
                name="request_pending_expiry_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id} ({self.get_status_display()})"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingSource(models.TextChoices):
    PAIR = "pair", _("Chosen by the participants")
    ORGANISERS = "organisers", _("Scheduled by the organisers")


# What a meeting is shown or mailed with: its event, slot and both people with organizations.
MEETING_PEOPLE = (
    "event",
    "slot",
    "request__sender__user",
    "request__sender__organization",
    "request__recipient__user",
    "request__recipient__organization",
)


class MeetingOutcome(models.TextChoices):
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


class Meeting(models.Model):
    """An accepted request in one slot, at a table (in person) or in a video room (online)."""

    event = foreign_key(Event, _("event"), "meetings")
    request = models.OneToOneField(
        MeetingRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="meeting",
    )
    slot = foreign_key(Slot, _("slot"), "meetings", on_delete=models.RESTRICT)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    source = models.CharField(
        _("scheduled by"), max_length=16, choices=MeetingSource.choices, default=MeetingSource.PAIR
    )
    # Kept where it is when the organisers run the auto-scheduler again (until unlocked).
    locked = models.BooleanField(_("locked"), default=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=MeetingOutcome.choices, blank=True
    )
    outcome_by = weak_key(User, _("outcome recorded by"), "+")
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    # iCalendar SEQUENCE: raised on every reschedule or cancellation, so calendars update.
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    scheduled_by = weak_key(User, _("slot chosen by"), "+", blank=False)
    cancelled_by = weak_key(User, _("cancelled by"), "+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_day_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_soon_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "table", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=models.Q(status="scheduled", table__isnull=False),
                name="one_meeting_per_table_and_slot",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="meeting_event_idx")]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot}"


class MeetingSeat(models.Model):
    """One participant's place in one meeting's slot: the database's no-double-booking rule.

    Written with the meeting, moved with it, deleted when it is cancelled.
    """

    meeting = foreign_key(Meeting, _("meeting"), "seats")
    registration = foreign_key(Registration, _("participant"), "seats")
    slot = foreign_key(Slot, _("slot"), "seats", on_delete=models.RESTRICT)

    class Meta:
        verbose_name = _("meeting seat")
        verbose_name_plural = _("meeting seats")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "slot"], name="one_meeting_per_person_and_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.slot_id}"


class MeetingFeedback(models.Model):
    """One side's answer after the event: was the meeting useful, is a follow-up planned."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="feedback"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="meeting_feedback",
    )
    useful = models.BooleanField(_("the meeting was useful"))
    follow_up_planned = models.BooleanField(_("a follow-up is planned"))
    answered_by = weak_key(User, _("answered by"), "+", blank=False)
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "registration"], name="one_feedback_per_meeting_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} / {self.registration_id}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the scheduler")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready to preview")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Replaced by a later run")


class ScheduleRun(models.Model):
    """One run of the auto-scheduler: its result is a preview until the organisers publish it.

    `assignments` holds [request id, slot id, table or null] per scheduled meeting (locked ones
    included), `unscheduled` [request id, reason] per accepted request left out; `figures` the
    counts, the independent upper bound, the first-fit baseline and the idle gaps.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="schedule_runs"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    created_by = weak_key(User, _("run by"), "+", blank=False)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    time_limit = models.PositiveSmallIntegerField(_("time limit (seconds)"), default=20)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    assignments = models.JSONField(default=list, blank=True, editable=False)
    unscheduled = models.JSONField(default=list, blank=True, editable=False)
    problems = models.JSONField(default=list, blank=True, editable=False)
    published_by = weak_key(User, _("published by"), "+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("auto-scheduler run")
        verbose_name_plural = _("auto-scheduler runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} ({self.get_status_display()})"
