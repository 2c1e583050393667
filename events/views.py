"""The event pages: programme, registration, participant catalogue, requests, agenda, calendar.

Views are thin: they load through the selectors, check the permission, call one service and
render or redirect. A participant acts as themselves; organising staff (and consortium admins)
may act for a participant with `?as=<registration id>` (or the posted `as`), which like every
staff feature requires TOTP. Everything works without JavaScript: plain forms and links.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.countries import country_choices
from core.forms import attach_error, call_service, error_text
from core.listing import paginate
from partners.mfa import mfa_setup_redirect, needs_mfa_setup, signed_in_view
from partners.models import Organization, OrganizationKind
from partners.roles import roles_of

from . import autoschedule, calendar, permissions, selectors, services
from .forms import (
    AcceptForm,
    DayForm,
    DeclineForm,
    EventForm,
    FeedbackForm,
    MeetingRequestForm,
    ProfileForm,
    RegistrationForm,
    registration_initial,
)
from .models import (
    Attendance,
    Event,
    Meeting,
    MeetingStatus,
    ParticipantVisibility,
    Registration,
    RequestStatus,
    RunStatus,
    SchedulingMode,
)
from .scheduling import explain
from .times import default_time_zone, format_window

PARTICIPANTS_PER_PAGE = 20
EVENTS_PER_PAGE = 20
MANAGE_PER_PAGE = 50


class StaffNeedsTotp(Exception):
    pass


def _acting(request: HttpRequest, event: Event) -> Registration | None:
    """Own registration, or the participant staff act for (`as`); acting needs TOTP."""
    as_id = request.POST.get("as") or request.GET.get("as")
    if as_id and needs_mfa_setup(request.user):
        raise StaffNeedsTotp
    return selectors.acting_registration(event=event, user=request.user, as_id=as_id)


def _as_query(request: HttpRequest, registration: Registration | None) -> str:
    """`?as=<id>` when staff act for someone else, to keep on the links."""
    if registration is None or registration.user_id == request.user.pk:
        return ""
    return "?" + urlencode({"as": registration.pk})


def _url_for_pk(name: str, slug: str) -> Callable[[int], str]:
    """`reverse(name, args=[slug, pk])` for any pk, reversed once: for the rows of a list."""
    marker = "987654321"
    prefix, suffix = reverse(name, args=[slug, int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{prefix}{pk}{suffix}"


def _zone(registration: Registration | None, event: Event):
    return registration.zone if registration is not None else event.zone


# --- Events ---------------------------------------------------------------------------------


@require_safe
def event_list_view(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.event_list(user=request.user), EVENTS_PER_PAGE)
    context = {
        "page_obj": page,
        "events": page.object_list,
        "can_create": permissions.can_create_event(request.user),
    }
    return render(request, "events/event_list.html", context)


@require_safe
def event_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get(slug=slug, user=request.user)
    own = selectors.registration_of(event=event, user=request.user)
    context = {
        "event": event,
        "own": own,
        "zone": _zone(own, event),
        "windows": [
            format_window(window, _zone(own, event), event.zone)
            for window in selectors.event_windows(event)
        ],
        "is_organiser": permissions.is_organiser(request.user, event),
        "registration_open": services.registration_is_open(event),
        "requests_open": services.requests_are_open(event),
        "can_view_participants": permissions.can_view_participants(request.user, event, own),
        "can_register": services.registration_is_open(event)
        and bool(roles_of(request.user).organization_ids),
    }
    return render(request, "events/event_detail.html", context)


def _event_form_response(
    request: HttpRequest, form, save: Callable[..., Event], *, success: str, event=None
) -> HttpResponse:
    """Save a valid POST through `save(organisers=..., windows=..., data=...)` and go to the
    event's manage page, or show the form (again: 400 with the errors)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(
                organisers=form.cleaned_data["organisers"],
                windows=form.cleaned_data["windows"],
                data=form.service_data(),
            )
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, success)
            return redirect("events:manage", slug=saved.slug)
    status = 400 if form.errors else 200
    return render(request, "events/event_form.html", {"form": form, "event": event}, status=status)


@signed_in_view("GET", "HEAD", "POST")
def event_create_view(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_event(request.user):
        raise PermissionDenied
    roles = roles_of(request.user)
    form = EventForm(
        request.POST or None,
        initial={"organisers": list(roles.staff_cluster_ids)},
    )
    return _event_form_response(
        request,
        form,
        lambda **event: services.event_create(
            actor=request.user, slug=form.cleaned_data["slug"], **event
        ),
        success=_("The event has been created as a draft."),
    )


def _organised_event(request: HttpRequest, slug: str) -> Event:
    event = selectors.event_get(slug=slug, user=request.user)
    if not permissions.is_organiser(request.user, event):
        raise PermissionDenied
    return event


@signed_in_view("GET", "HEAD", "POST")
def event_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_event(request, slug)
    form = EventForm(request.POST or None, instance=event)
    return _event_form_response(
        request,
        form,
        lambda **changes: services.event_update(actor=request.user, event=event, **changes),
        success=_("The event has been saved."),
        event=event,
    )


@signed_in_view("GET", "HEAD")
def event_manage_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_event(request, slug)
    page = paginate(request, selectors.registrations_for_organisers(event=event), MANAGE_PER_PAGE)
    registrations = page.object_list
    for registration in registrations:
        registration.event = event
        registration.can_act = permissions.can_act_for(request.user, registration)
    context = {
        "event": event,
        "registrations": registrations,
        "page_obj": page,
        "windows": selectors.event_windows(event),
        "slot_count": event.slots.count(),
    }
    return render(request, "events/event_manage.html", context)


def _event_button(service: Callable[..., Any], success: str) -> Callable[..., HttpResponse]:
    """The organisers' button that calls `service(actor=..., event=...)`, back to the manage
    page with its outcome (`success` is a lazy translation, shown in the user's language)."""

    @signed_in_view("POST")
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        event = _organised_event(request, slug)
        call_service(request, lambda: service(actor=request.user, event=event), success=success)
        return redirect("events:manage", slug=event.slug)

    return view


event_publish_view = _event_button(
    services.event_publish, gettext_lazy("The event is published: members can register.")
)
event_close_view = _event_button(services.event_close, gettext_lazy("The event is closed."))


@signed_in_view("POST")
def registration_decide_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _organised_event(request, slug)
    registration = selectors.registration_get(event=event, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("Choose to approve or to decline."))
        return redirect("events:manage", slug=event.slug)
    call_service(
        request,
        lambda: services.registration_decide(
            actor=request.user, registration=registration, approve=decision == "approve"
        ),
        success=_("The registration has been decided."),
    )
    return redirect("events:manage", slug=event.slug)


# --- Registration --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def register_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get(slug=slug, user=request.user)
    roles = roles_of(request.user)
    if not roles.organization_ids:
        raise PermissionDenied
    if not services.registration_is_open(event):
        messages.error(request, _("Registration for this event is closed."))
        return redirect("events:detail", slug=event.slug)
    organizations = list(
        Organization.objects.filter(pk__in=roles.organization_ids, is_active=True).order_by("name")
    )
    if not organizations:
        raise PermissionDenied
    people = selectors.registrable_people(event=event, user=request.user)
    first = organizations[0]
    zone_name = default_time_zone(first.country, event.time_zone)
    slots = selectors.event_slots(event)
    form = RegistrationForm(
        request.POST or None,
        event=event,
        organizations=organizations,
        people_by_organization=people,
        opportunities=selectors.published_opportunities_of(organization_ids=roles.organization_ids),
        slots=slots,
        zone=event.zone,
        initial={
            "organization": first.pk,
            "people": [request.user.pk],
            "attendance": "in_person",
            "time_zone": zone_name,
            "slots": [slot.pk for slot in slots],
        },
    )
    return _registration_form_response(
        request,
        form,
        event,
        lambda **profile: services.registration_create(
            actor=request.user,
            event=event,
            organization=form.chosen_organization(),
            people=form.chosen_people(),
            **profile,
        ),
        success=_("Registered. You can now look for people to meet."),
    )


def _registration_form_response(
    request: HttpRequest, form, event: Event, save: Callable[..., Any], *, success: str, **context
) -> HttpResponse:
    """Save a valid POST through `save(data=..., areas=..., opportunities=..., slots=...)` and
    go back to the event, or show the form (again: 400 with the errors)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(
                data=form.service_data(),
                areas=form.cleaned_data["technology_areas"],
                opportunities=form.cleaned_data["opportunities"],
                slots=form.cleaned_data["slots"],
            )
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, success)
            return redirect("events:detail", slug=event.slug)
    context = {"form": form, "event": event, **context}
    status = 400 if form.errors else 200
    return render(request, "events/registration_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def registration_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_get(slug=slug, user=request.user)
    registration = selectors.registration_get(event=event, pk=pk)
    if not permissions.can_edit_registration(request.user, registration):
        raise Http404
    if registration.user_id != request.user.pk and needs_mfa_setup(request.user):
        return mfa_setup_redirect(request)
    form = ProfileForm(
        request.POST or None,
        event=event,
        opportunities=selectors.published_opportunities_of(
            organization_ids=[registration.organization_id]
        ),
        slots=selectors.event_slots(event),
        zone=registration.zone,
        initial=registration_initial(registration),
    )
    return _registration_form_response(
        request,
        form,
        event,
        lambda **profile: services.registration_update(
            actor=request.user, registration=registration, **profile
        ),
        success=_("Your event profile has been saved."),
        registration=registration,
    )


# --- Participants and requests ---------------------------------------------------------------


def _catalogue_access(
    request: HttpRequest, event: Event
) -> tuple[Registration | None, HttpResponse | None]:
    """Who the viewer acts as in the catalogue, or the response that stops them."""
    try:
        acting = _acting(request, event)
    except StaffNeedsTotp:
        return None, mfa_setup_redirect(request)
    if not permissions.can_view_participants(request.user, event, acting):
        if not request.user.is_authenticated:
            return None, redirect_to_login(request.get_full_path())
        raise PermissionDenied
    # Organisers reading a participants-only list without taking part: a staff privilege.
    if (
        acting is None
        and event.participant_visibility != ParticipantVisibility.PUBLIC
        and needs_mfa_setup(request.user)
    ):
        return None, mfa_setup_redirect(request)
    return acting, None


def _card_maker(
    event: Event, viewer: Registration | None, *, states: dict[int, str]
) -> Callable[..., list[dict[str, Any]]]:
    """What each participant card shows (events/includes/participant_cards.html), as a dict:
    a template reads a dict's keys at once, where on a model each step of
    `participant.organization.cluster.name` first fails a subscript. The labels of the
    organization's kind and country and of the attendance are looked up once a page (for all
    its lists of cards), not once a card; `is_cross_border`: of another country than the
    viewer."""
    url = _url_for_pk("events:participant", event.slug)
    kinds = {value: str(label) for value, label in OrganizationKind.choices}
    attendances = {value: str(label) for value, label in Attendance.choices}
    country_names = dict(country_choices())
    viewer_country = str(viewer.organization.country) if viewer else ""

    def cards(
        participants: list[Registration],
        *,
        can_request: Callable[[Registration], bool],
        reasons: dict[int, list[str]] | None = None,
    ) -> list[dict[str, Any]]:
        made = []
        for participant in participants:
            organization = participant.organization
            country = str(organization.country)
            made.append(
                {
                    "pk": participant.pk,
                    "url": url(participant.pk),
                    "person": str(participant.user),
                    "organization_name": organization.name,
                    "kind_label": kinds.get(organization.kind, organization.kind),
                    "country_name": country_names.get(country, country),
                    "is_cross_border": bool(viewer_country) and country != viewer_country,
                    "cluster_name": organization.cluster.name,
                    "attendance_label": attendances.get(
                        participant.attendance, participant.attendance
                    ),
                    "offer": participant.offer,
                    "seek": participant.seek,
                    "reasons": (reasons or {}).get(participant.pk, []),
                    "request_state": states.get(participant.pk, ""),
                    "can_request": can_request(participant),
                }
            )
        return made

    return cards


@require_safe
def participant_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get(slug=slug, user=request.user)
    acting, stop = _catalogue_access(request, event)
    if stop is not None:
        return stop
    filterset = selectors.participant_filterset(event=event, viewer=acting, filters=request.GET)
    page = paginate(request, selectors.participant_page_queryset(filterset), PARTICIPANTS_PER_PAGE)
    ids = [row.pk for row in page.object_list]
    page.object_list = selectors.participants_by_ids(event=event, ids=ids)
    states = selectors.request_states(viewer=acting)
    requests_open = acting is not None and services.requests_are_open(event)
    recommendations = selectors.participant_recommendations(event=event, viewer=acting)
    make_cards = _card_maker(event, acting, states=states)
    cards = make_cards(
        page.object_list,
        can_request=lambda participant: (
            requests_open and participant.organization_id != acting.organization_id
        ),
    )
    recommended_cards = make_cards(
        [item.registration for item in recommendations],
        can_request=lambda participant: requests_open,
        reasons={item.registration.pk: item.reason_texts for item in recommendations},
    )
    context = {
        "event": event,
        "acting": acting,
        "as_query": _as_query(request, acting),
        "filterset": filterset,
        "form": filterset.form,
        "page_obj": page,
        "participants": page.object_list,
        "cards": cards,
        "recommendations": recommendations,
        "recommended_cards": recommended_cards,
        "requests_open": requests_open,
        "requests_url": reverse("events:requests", args=[event.slug]),
    }
    return render(request, "events/participant_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def participant_detail_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant's event profile, with the form to request a meeting."""
    event = selectors.event_get(slug=slug, user=request.user)
    acting, stop = _catalogue_access(request, event)
    if stop is not None:
        return stop
    participant = selectors.registration_get(event=event, pk=pk)
    if participant.status != "approved" and not permissions.is_organiser(request.user, event):
        raise Http404
    form = MeetingRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if acting is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.meeting_request_create(
                    actor=request.user,
                    sender=acting,
                    recipient=participant,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                attach_error(form, error)
            else:
                messages.success(request, _("Your request has been sent."))
                return redirect(
                    reverse("events:requests", args=[slug]) + _as_query(request, acting)
                )
    states = selectors.request_states(viewer=acting)
    context = {
        "event": event,
        "acting": acting,
        "as_query": _as_query(request, acting),
        "participant": participant,
        "form": form,
        "state": states.get(participant.pk, ""),
        "requests_open": services.requests_are_open(event),
        "cross_border": acting is not None
        and str(acting.organization.country) != str(participant.organization.country),
    }
    status = 400 if form.errors else 200
    return render(request, "events/participant_detail.html", context, status=status)


def _acting_participant(request: HttpRequest, event: Event) -> Registration | HttpResponse:
    try:
        acting = _acting(request, event)
    except StaffNeedsTotp:
        return mfa_setup_redirect(request)
    if acting is None:
        raise Http404
    return acting


def participant_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of one participant (or of staff acting for one, `?as=`): the view gets the event
    and the registration acted for instead of the slug; others get a 404 (_acting_participant).
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
        event = selectors.event_get(slug=slug, user=request.user)
        acting = _acting_participant(request, event)
        if isinstance(acting, HttpResponse):
            return acting
        return view(request, event, acting, **kwargs)

    return wrapper


@login_required
@require_safe
@participant_view
def request_list_view(request: HttpRequest, event: Event, acting: Registration) -> HttpResponse:
    context = {
        "event": event,
        "acting": acting,
        "as_query": _as_query(request, acting),
        "received": list(selectors.requests_received(registration=acting)),
        "sent": list(selectors.requests_sent(registration=acting)),
        "zone": acting.zone,
    }
    return render(request, "events/request_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@participant_view
def request_detail_view(
    request: HttpRequest, event: Event, acting: Registration, pk: int
) -> HttpResponse:
    """One request: the recipient accepts (picking a time) or declines; the sender withdraws."""
    meeting_request = selectors.request_get(event=event, pk=pk)
    if acting.pk not in (meeting_request.sender_id, meeting_request.recipient_id):
        raise Http404
    is_recipient = acting.pk == meeting_request.recipient_id
    zones = (acting.zone, event.zone)
    answerable = is_recipient and meeting_request.status == RequestStatus.PENDING
    auto_scheduled = event.scheduling == SchedulingMode.AUTO
    slots = (
        selectors.free_slots_for_pair(
            event=event, a=meeting_request.sender, b=meeting_request.recipient
        )
        if answerable and not auto_scheduled
        else []
    )
    decision = request.POST.get("decision")
    if decision in ("accept", "decline") and not is_recipient:
        raise PermissionDenied
    accept_form = AcceptForm(
        request.POST if decision == "accept" else None, slots=slots, zones=zones
    )
    decline_form = DeclineForm(request.POST if decision == "decline" else None)
    back = reverse("events:requests", args=[event.slug]) + _as_query(request, acting)
    if request.method == "POST":
        try:
            if decision == "accept" and auto_scheduled:
                services.meeting_request_accept(actor=request.user, request=meeting_request)
                messages.success(
                    request, _("Accepted: the organisers' schedule will give the meeting a time.")
                )
                return redirect(back)
            if decision == "accept" and accept_form.is_valid():
                services.meeting_request_accept(
                    actor=request.user,
                    request=meeting_request,
                    slot=accept_form.cleaned_data["slot"],
                )
                messages.success(request, _("Accepted: the meeting is in both agendas."))
                agenda = reverse("events:agenda", args=[event.slug])
                return redirect(agenda + _as_query(request, acting))
            if decision == "decline" and decline_form.is_valid():
                services.meeting_request_decline(
                    actor=request.user,
                    request=meeting_request,
                    reason=decline_form.cleaned_data["reason"],
                    message=decline_form.cleaned_data["message"],
                )
                messages.success(request, _("Declined: the requester sees your reason."))
                return redirect(back)
            if decision == "withdraw":
                services.meeting_request_withdraw(actor=request.user, request=meeting_request)
                messages.success(request, _("Your request has been withdrawn."))
                return redirect(back)
            if decision not in ("accept", "decline"):
                messages.error(request, _("Choose to accept, decline or withdraw."))
        except ValidationError as error:
            attach_error(accept_form if decision == "accept" else decline_form, error)
    context = {
        "event": event,
        "acting": acting,
        "as_query": _as_query(request, acting),
        "as_id": acting.pk if _as_query(request, acting) else "",
        "meeting_request": meeting_request,
        "is_recipient": is_recipient,
        "answerable": answerable,
        "auto_scheduled": auto_scheduled,
        "accept_form": accept_form,
        "decline_form": decline_form,
        "zone": acting.zone,
    }
    status = 400 if accept_form.errors or decline_form.errors else 200
    return render(request, "events/request_detail.html", context, status=status)


# --- Agenda and calendar ---------------------------------------------------------------------


@login_required
@require_safe
@participant_view
def agenda_view(request: HttpRequest, event: Event, acting: Registration) -> HttpResponse:
    feed_url = request.build_absolute_uri(
        reverse("events:agenda_ics", args=[event.slug])
        + "?"
        + urlencode({"token": selectors.feed_token(acting)})
    )
    meetings = selectors.agenda(registration=acting)
    urls = {
        key: _url_for_pk(name, event.slug)
        for key, name in (
            ("profile", "events:participant"),
            ("ics", "events:meeting_ics"),
            ("outcome", "events:meeting_outcome"),
            ("feedback", "events:meeting_feedback"),
            ("cancel", "events:meeting_cancel"),
        )
    }
    # As {% blocktranslate %} would: the same msgid, the values escaped (translated once).
    with_text = _("With %(person)s (%(organization)s)")
    for meeting in meetings:
        counterpart = meeting.counterpart
        meeting.urls = {  # type: ignore[attr-defined]
            key: url(counterpart.pk if key == "profile" else meeting.pk)
            for key, url in urls.items()
        }
        meeting.with_text = mark_safe(  # type: ignore[attr-defined]  # noqa: S308  # nosec B308 B703
            with_text
            % {
                "person": conditional_escape(str(counterpart.user)),
                "organization": conditional_escape(counterpart.organization.name),
            }
        )
    context = {
        "event": event,
        "acting": acting,
        "as_query": _as_query(request, acting),
        "meetings": meetings,
        "zone": acting.zone,
        "feed_url": feed_url,
        "is_self": acting.user_id == request.user.pk,
        "now": timezone.now(),
    }
    return render(request, "events/agenda.html", context)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def agenda_feed_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The subscription feed: no login, the signed token in the link is the key."""
    registration = selectors.registration_by_feed_token(
        slug=slug, token=request.GET.get("token", "")
    )
    event = registration.event
    meetings = selectors.agenda_meetings(registration=registration, include_cancelled=True)
    content = calendar.agenda_feed_cached(
        registration,
        meetings,
        lambda: selectors.agenda_counterparts(registration=registration, meetings=meetings),
    )
    return _ics(content, f"{event.slug}.ics")


def _own_meeting(
    request: HttpRequest, slug: str, pk: int
) -> tuple[Registration, Meeting] | HttpResponse:
    """The participant acted for and their meeting (404 if they are neither of its sides), or
    the response that stops the request (see _acting_participant)."""
    event = selectors.event_get(slug=slug, user=request.user)
    acting = _acting_participant(request, event)
    if isinstance(acting, HttpResponse):
        return acting
    meeting = selectors.meeting_get(event=event, pk=pk)
    if acting.pk not in (meeting.request.sender_id, meeting.request.recipient_id):
        raise Http404
    return acting, meeting


@login_required
@require_safe
def meeting_ics_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = _own_meeting(request, slug, pk)
    if isinstance(found, HttpResponse):
        return found
    acting, meeting = found
    sender, recipient = meeting.request.sender, meeting.request.recipient
    meeting.counterpart = recipient if sender.pk == acting.pk else sender
    return _ics(calendar.meeting_calendar(meeting, acting), f"meeting-{meeting.pk}.ics")


@login_required
@require_POST
def meeting_cancel_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if request.POST.get("organiser") == "1":
        return _organiser_cancel(request, selectors.event_get(slug=slug, user=request.user), pk)
    found = _own_meeting(request, slug, pk)
    if isinstance(found, HttpResponse):
        return found
    acting, meeting = found
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.error(request, _("This meeting is not scheduled."))
    else:
        services.meeting_cancel(actor=request.user, meeting=meeting)
        messages.success(request, _("The meeting has been cancelled; the other side is told."))
    return redirect(reverse("events:agenda", args=[slug]) + _as_query(request, acting))


def _organiser_cancel(request: HttpRequest, event: Event, pk: int) -> HttpResponse:
    """A last-minute cancellation at the desk: the slot is freed and both sides are told."""
    if not permissions.is_organiser(request.user, event):
        raise PermissionDenied
    if needs_mfa_setup(request.user):
        return mfa_setup_redirect(request)
    meeting = selectors.meeting_get(event=event, pk=pk)
    call_service(
        request,
        lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
        success=_("The meeting has been cancelled; both sides are told."),
    )
    return redirect(_next_or(request, reverse("events:day", args=[event.slug])))


# --- The organisers' auto-scheduler ----------------------------------------------------------


@signed_in_view("GET", "HEAD", "POST")
def schedule_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest run's preview (nothing changes until it is published); run or unlock."""
    event = _organised_event(request, slug)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "run":
                run = autoschedule.schedule_run_start(actor=request.user, event=event)
                if run.status == RunStatus.QUEUED:
                    messages.success(
                        request, _("The auto-scheduler is running: reload this page in a minute.")
                    )
                else:
                    messages.success(request, _("The preview is ready: nothing is booked yet."))
            elif action == "unlock":
                count = autoschedule.meetings_unlock_all(actor=request.user, event=event)
                messages.success(
                    request,
                    _("%(count)d meetings unlocked: the next run may move them.")
                    % {"count": count},
                )
            else:
                messages.error(request, _("Choose to run the auto-scheduler or to unlock."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("events:schedule", slug=event.slug)
    run = autoschedule.latest_run(event)
    scheduled, unscheduled = selectors.schedule_preview(run=run) if run is not None else ([], [])
    context = {
        "event": event,
        "run": run,
        "scheduled": scheduled,
        "unscheduled": unscheduled,
        "reasons": UNSCHEDULED_REASONS,
        "can_publish": run is not None and run.status == RunStatus.DONE,
        "preview_rows": selectors.PREVIEW_ROWS,
    }
    return render(request, "events/schedule.html", context)


UNSCHEDULED_REASONS = {
    explain.NO_COMMON_TIME: _("No time when both are available"),
    explain.NO_TABLE: _("All tables are taken at their common times"),
    explain.BUSY: _("One of the two has another meeting at each common time"),
    explain.BUSY_OR_NO_TABLE: _("Other meetings or no table at each common time"),
}


@signed_in_view("POST")
def schedule_publish_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _organised_event(request, slug)
    run = event.schedule_runs.filter(pk=pk).first()
    if run is None:
        raise Http404
    run.event = event
    call_service(
        request,
        lambda: autoschedule.schedule_publish(actor=request.user, run=run),
        success=_("The schedule is published: every participant gets their agenda."),
    )
    return redirect("events:schedule", slug=event.slug)


@signed_in_view("POST")
def meeting_lock_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _organised_event(request, slug)
    meeting = selectors.meeting_get(event=event, pk=pk)
    locked = request.POST.get("locked") == "1"
    call_service(
        request,
        lambda: autoschedule.meeting_lock_set(actor=request.user, meeting=meeting, locked=locked),
    )
    return redirect(_next_or(request, reverse("events:day", args=[slug])))


def _next_or(request: HttpRequest, default: str) -> str:
    """Back to the page the form was on (only a path of this site)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


# --- On the day ------------------------------------------------------------------------------


@signed_in_view("GET", "HEAD")
def day_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The desk's printable list: the day's participants, their tables and times; check-in,
    held / no-show and cancellation."""
    event = _organised_event(request, slug)
    days = selectors.event_days(event)
    form = DayForm(request.GET)
    chosen = form.cleaned_data.get("date") if form.is_valid() else None
    if chosen not in days:
        today = timezone.localdate(timezone=event.zone)
        chosen = today if today in days else (days[0] if days else None)
    meetings = selectors.day_meetings(event=event, date=chosen) if chosen else []
    checked = selectors.checked_in(event=event)
    people = [
        {"registration": registration, "meetings": items, "check_in": checked.get(registration.pk)}
        for registration, items in selectors.day_participants(meetings=meetings)
    ]
    context = {
        "event": event,
        "days": days,
        "day": chosen,
        "meetings": meetings,
        "people": people,
        "now": timezone.now(),
        "here": request.get_full_path(),
    }
    return render(request, "events/day.html", context)


@signed_in_view("POST")
def check_in_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _organised_event(request, slug)
    registration = selectors.registration_get(event=event, pk=pk)
    attended = request.POST.get("attended", "1") == "1"
    call_service(
        request,
        lambda: services.registration_check_in(
            actor=request.user, registration=registration, attended=attended
        ),
    )
    return redirect(_next_or(request, reverse("events:day", args=[slug])))


@login_required
@require_POST
def meeting_outcome_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Held or no-show: the organisers (from the day's list) or either side (their agenda)."""
    event = selectors.event_get(slug=slug, user=request.user)
    meeting = selectors.meeting_get(event=event, pk=pk)
    organiser = permissions.is_organiser(request.user, event)
    if organiser and needs_mfa_setup(request.user):
        return mfa_setup_redirect(request)
    pair = (meeting.request.sender, meeting.request.recipient)
    if not organiser and not any(permissions.can_act_for(request.user, r) for r in pair):
        raise Http404
    outcome = request.POST.get("outcome", "")
    call_service(
        request,
        lambda: services.meeting_outcome_record(
            actor=request.user, meeting=meeting, outcome=outcome
        ),
        success=_("Recorded."),
    )
    return redirect(_next_or(request, reverse("events:agenda", args=[slug])))


# --- After the event -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_feedback_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One side answers: was the meeting useful, is a follow-up planned?"""
    found = _own_meeting(request, slug, pk)
    if isinstance(found, HttpResponse):
        return found
    acting, meeting = found
    event = meeting.event
    sender, recipient = meeting.request.sender, meeting.request.recipient
    meeting.counterpart = recipient if sender.pk == acting.pk else sender
    answered = selectors.feedback_of(meeting=meeting, registration=acting)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and answered is None and form.is_valid():
        try:
            services.meeting_feedback_give(
                actor=request.user,
                meeting=meeting,
                registration=acting,
                useful=form.cleaned_data["useful"] == "yes",
                follow_up_planned=form.cleaned_data["follow_up_planned"] == "yes",
            )
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("Thank you: the organisers have your answer."))
            return redirect(reverse("events:agenda", args=[slug]) + _as_query(request, acting))
    context = {
        "event": event,
        "acting": acting,
        "as_id": acting.pk if _as_query(request, acting) else "",
        "meeting": meeting,
        "zone": acting.zone,
        "answered": answered,
        "form": form,
    }
    return render(
        request, "events/meeting_feedback.html", context, status=400 if form.errors else 200
    )
