"""Forms of the event pages. They validate and never save: the views call the services."""

import datetime
import re
import zoneinfo
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, TechnologyArea
from clusters.selectors import technology_areas_in_tree_order
from opportunities.models import Opportunity

from .models import (
    Attendance,
    DeclineReason,
    Event,
    EventFormat,
    Registration,
    Slot,
    time_zone_choices,
)
from .services import EVENT_FIELDS, MESSAGE_SLOT_TAKEN
from .times import Window, format_slot

MAX_WINDOW_LINES = 31
WINDOW_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})((?:\s+\d{1,2}:\d{2}\s*[-–]\s*\d{1,2}:\d{2})+)$")
WINDOW_RANGE = re.compile(r"(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})")
MESSAGE_WINDOW_LINE = _(
    "Line %(line)d: write a day and its windows as 2027-03-12 09:00-12:30 14:00-17:30."
)
MESSAGE_TOO_MANY_DAYS = _("An event can have at most %(count)d days.")


def _parse_time(text: str) -> datetime.time:
    hours, minutes = (int(part) for part in text.split(":"))
    return datetime.time(hours, minutes)


def parse_windows(text: str) -> list[Window]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_WINDOW_LINES:
        raise forms.ValidationError(MESSAGE_TOO_MANY_DAYS, params={"count": MAX_WINDOW_LINES})
    windows = []
    for number, line in enumerate(lines, start=1):
        match = WINDOW_LINE.match(line)
        try:
            if match is None:
                raise ValueError(line)
            day = datetime.date.fromisoformat(match.group(1))
            for start, end in WINDOW_RANGE.findall(match.group(2)):
                start_time, end_time = _parse_time(start), _parse_time(end)
                if end_time <= start_time:
                    raise ValueError(line)
                windows.append(Window(day, start_time, end_time))
        except ValueError:
            raise forms.ValidationError(MESSAGE_WINDOW_LINE, params={"line": number}) from None
    return windows


def format_windows(windows) -> str:
    days: dict[datetime.date, list[str]] = {}
    for window in windows:
        days.setdefault(window.date, []).append(
            f"{window.start_time:%H:%M}-{window.end_time:%H:%M}"
        )
    return "\n".join(f"{day.isoformat()} {' '.join(ranges)}" for day, ranges in days.items())


class EventForm(forms.ModelForm):
    """The organisers' event form. Deadlines are typed in the event's local time."""

    organisers = forms.ModelMultipleChoiceField(
        label=_("Organising clusters"),
        queryset=Cluster.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    windows = forms.CharField(
        label=_("Days and meeting windows"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_(
            "One day per line, in the event's local time: 2027-03-12 09:00-12:30 14:00-17:30"
        ),
    )

    class Meta:
        model = Event
        fields = ("slug", *EVENT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "registration_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "request_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["slug"]
            zone = self.instance.zone
            for name in ("registration_deadline", "request_deadline"):
                value = getattr(self.instance, name)
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)
            self.initial["organisers"] = list(self.instance.organisers.all())
            self.initial["windows"] = format_windows(self.instance.windows.all())
        for name in ("registration_deadline", "request_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        # Left out (an older form, a script): the event keeps what it has.
        self.fields["scheduling"].required = False

    def clean_scheduling(self) -> str:
        return self.cleaned_data.get("scheduling") or self.instance.scheduling

    def clean_windows(self) -> list[Window]:
        return parse_windows(self.cleaned_data["windows"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        name = cleaned.get("time_zone")
        if name:
            zone = zoneinfo.ZoneInfo(name)
            # The browser sends wall-clock times of the event's place, not of the server.
            for field in ("registration_deadline", "request_deadline"):
                value = cleaned.get(field)
                if value is not None:
                    cleaned[field] = value.replace(tzinfo=None).replace(tzinfo=zone)
        return cleaned

    def _post_clean(self):
        # The service validates the model (with the local deadlines); not the form's instance.
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS if name in self.cleaned_data}


class SlotLabelsMixin:
    """Slots labelled in the participant's time zone and in the event's."""

    def __init__(self, *args, zones: tuple[zoneinfo.ZoneInfo, zoneinfo.ZoneInfo], **kwargs):
        self.zones = zones
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Slot) -> str:
        return format_slot(obj, *self.zones)


class SlotChoiceField(SlotLabelsMixin, forms.ModelMultipleChoiceField):
    pass


class SingleSlotChoiceField(SlotLabelsMixin, forms.ModelChoiceField):
    pass


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TechnologyArea) -> str:
        return (
            f"{obj.parent.display_name} › {obj.display_name}" if obj.parent_id else obj.display_name
        )


class OpportunityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Opportunity) -> str:
        return obj.title


class ProfileForm(forms.Form):
    """The event profile: how one takes part, what one offers and seeks, and when one is free."""

    attendance = forms.ChoiceField(
        label=_("Taking part"), choices=Attendance.choices, widget=forms.RadioSelect
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Times are shown in this time zone and in the event's."),
    )
    offer = forms.CharField(
        label=_("What we offer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )
    seek = forms.CharField(
        label=_("What we seek"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )
    technology_areas = AreaChoiceField(
        label=_("Technology areas"),
        queryset=TechnologyArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opportunities = OpportunityChoiceField(
        label=_("Linked opportunities"),
        queryset=Opportunity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your organization's published opportunities to show on your profile."),
    )

    def __init__(
        self,
        *args,
        event: Event,
        opportunities,
        slots: list[Slot],
        zone: zoneinfo.ZoneInfo,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.event = event
        if event.format != EventFormat.HYBRID:
            del self.fields["attendance"]
        areas = technology_areas_in_tree_order()
        self.fields["technology_areas"].queryset = TechnologyArea.objects.all()
        self.fields["technology_areas"].choices = [
            (area.pk, self.fields["technology_areas"].label_from_instance(area)) for area in areas
        ]
        self.fields["opportunities"].queryset = opportunities
        self.fields["slots"] = SlotChoiceField(
            label=_("Available for meetings"),
            queryset=Slot.objects.filter(event=event),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            zones=(zone, event.zone),
            help_text=_("Untick the times you cannot meet."),
        )
        self.fields["slots"].choices = [
            (slot.pk, self.fields["slots"].label_from_instance(slot)) for slot in slots
        ]
        self.fields["time_zone"].widget.attrs["class"] = "form-select"
        for name in ("offer", "seek"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ("time_zone", "offer", "seek")}
        if "attendance" in self.cleaned_data:
            data["attendance"] = self.cleaned_data["attendance"]
        return data


class RegistrationForm(ProfileForm):
    """Register oneself and colleagues of one organization, with a shared profile."""

    organization = forms.TypedChoiceField(label=_("Organization"), coerce=int)
    people = forms.TypedMultipleChoiceField(
        label=_("People to register"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    field_order = ["organization", "people"]

    def __init__(self, *args, organizations, people_by_organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {organization.pk: organization for organization in organizations}
        self.people = {
            person.pk: (organization_id, person)
            for organization_id, persons in people_by_organization.items()
            for person in persons
        }
        self.fields["organization"].choices = [
            (organization.pk, organization.name) for organization in organizations
        ]
        self.fields["organization"].widget.attrs["class"] = "form-select"
        names = {organization.pk: organization.name for organization in organizations}
        self.fields["people"].choices = [
            (
                person.pk,
                f"{person.get_full_name() or person.email}"
                + (f" ({names[organization_id]})" if len(names) > 1 else ""),
            )
            for person_pk, (organization_id, person) in self.people.items()
        ]
        self.order_fields(["organization", "people", *self.fields])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        organization_id = cleaned.get("organization")
        chosen = cleaned.get("people") or []
        if organization_id is not None and any(
            self.people[pk][0] != organization_id for pk in chosen
        ):
            self.add_error("people", _("Choose people of the chosen organization."))
        return cleaned

    def chosen_organization(self):
        return self.organizations[self.cleaned_data["organization"]]

    def chosen_people(self) -> list:
        return [self.people[pk][1] for pk in self.cleaned_data["people"]]


class MeetingRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("Who you are and what you would like to discuss."),
    )


class AcceptForm(forms.Form):
    def __init__(self, *args, slots: list[Slot], zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"] = SingleSlotChoiceField(
            label=_("Choose a time free for both of you"),
            queryset=Slot.objects.filter(pk__in=[slot.pk for slot in slots]),
            widget=forms.RadioSelect,
            zones=zones,
            empty_label=None,
            initial=slots[0].pk if slots else None,  # the earliest time free for both
            # A time taken meanwhile (another tab, the other side) is no longer offered.
            error_messages={"invalid_choice": MESSAGE_SLOT_TAKEN},
        )
        self.fields["slot"].choices = [
            (slot.pk, self.fields["slot"].label_from_instance(slot)) for slot in slots
        ]


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        help_text=_("Shown to the requester."),
    )
    message = forms.CharField(
        label=_("A word to the requester (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


def registration_initial(registration: Registration) -> dict[str, Any]:
    return {
        "attendance": registration.attendance,
        "time_zone": registration.time_zone,
        "offer": registration.offer,
        "seek": registration.seek,
        "technology_areas": [area.pk for area in registration.technology_areas.all()],
        "opportunities": [item.pk for item in registration.opportunities.all()],
        "slots": list(registration.available_slots.values_list("pk", flat=True)),
    }


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class FeedbackForm(forms.Form):
    useful = forms.ChoiceField(
        label=_("Was the meeting useful?"), choices=YES_NO, widget=forms.RadioSelect
    )
    follow_up_planned = forms.ChoiceField(
        label=_("Is a follow-up planned?"), choices=YES_NO, widget=forms.RadioSelect
    )


class DayForm(forms.Form):
    date = forms.DateField(required=False)
