"""Reads for the event pages: each returns rows with their relations already loaded.

The pages have a fixed number of queries whatever the size of the event: lists are
paginated, the viewer's requests are read once into a map, recommendations come from one
annotated query.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.core import signing
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries

from accounts.models import User
from core.precompiled import PrecompiledQuery
from opportunities.models import Opportunity, OpportunityStatus
from partners.models import Membership
from partners.roles import roles_of

from . import permissions, reasons
from .filters import ParticipantFilter
from .models import (
    MEETING_PEOPLE,
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    RequestStatus,
    Slot,
)
from .services import meets_in_person

FEED_SALT = "events.agenda-feed"
RECOMMENDATIONS = 5


def _events() -> QuerySet[Event]:
    return Event.objects.prefetch_related("organisers")


def event_visible_queryset(*, user: User | AnonymousUser) -> QuerySet[Event]:
    """Published and closed events, and the drafts of the viewer's organising clusters (the
    queryset form of `permissions.can_view_event`)."""
    roles = roles_of(user)
    visible = ~Q(status=EventStatus.DRAFT)
    if roles.is_consortium_admin:
        visible = Q()
    elif roles.staff_cluster_ids:
        visible |= Q(organisers__in=roles.staff_cluster_ids)
    return _events().filter(pk__in=Event.objects.filter(visible).values("pk"))


def event_list(*, user: User | AnonymousUser) -> QuerySet[Event]:
    return (
        event_visible_queryset(user=user)
        .annotate(
            participant_count=Count("registrations", filter=Q(registrations__status="approved"))
        )
        .order_by("-starts_at", "pk")
    )


def event_get(*, slug: str, user: User | AnonymousUser) -> Event:
    event = _events().filter(slug=slug).first()
    return permissions.get_viewable_event(user, event)


def event_windows(event: Event) -> list:
    return list(event.windows.all())


def event_slots(event: Event) -> list[Slot]:
    return list(event.slots.order_by("starts_at"))


def _registrations(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event).select_related(
        "user", "organization", "organization__cluster"
    )


def _attach(registration: Registration | None, event: Event) -> Registration | None:
    # The event with its prefetched organisers, so permission checks cost no query.
    if registration is not None:
        registration.event = event
    return registration


def registration_of(*, event: Event, user: User | AnonymousUser) -> Registration | None:
    if not user.is_authenticated:
        return None
    return _attach(_registrations(event).filter(user=user).first(), event)


def acting_registration(
    *, event: Event, user: User | AnonymousUser, as_id: str | None
) -> Registration | None:
    """The registration the viewer acts as: their own, or (`?as=<id>`) a participant that
    organising staff may act for. An id they may not act for is a 404."""
    if not as_id:
        return registration_of(event=event, user=user)
    try:
        pk = int(as_id)
    except (TypeError, ValueError):
        raise Http404 from None
    registration = _attach(_registrations(event).filter(pk=pk).first(), event)
    if registration is None or not permissions.can_act_for(user, registration):
        raise Http404
    return registration


def registration_get(*, event: Event, pk: int) -> Registration:
    registration = _attach(
        _registrations(event)
        .prefetch_related("technology_areas", "opportunities")
        .filter(pk=pk)
        .first(),
        event,
    )
    if registration is None:
        raise Http404
    return registration


def registrations_for_organisers(*, event: Event) -> QuerySet[Registration]:
    return _registrations(event).order_by("status", "organization__name", "pk")


def registrable_people(*, event: Event, user: User) -> dict[int, list[User]]:
    """Per organization of the user: its active members not yet registered (one query)."""
    organization_ids = roles_of(user).organization_ids
    people: dict[int, list[User]] = {organization_id: [] for organization_id in organization_ids}
    memberships = (
        Membership.objects.filter(
            organization_id__in=organization_ids,
            organization__is_active=True,
            user__is_active=True,
        )
        .exclude(user_id__in=Registration.objects.filter(event=event).values("user_id"))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    for membership in memberships:
        people[membership.organization_id].append(membership.user)
    return people


def published_opportunities_of(*, organization_ids) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(
        organization_id__in=organization_ids, status=OpportunityStatus.PUBLISHED
    ).order_by("title")


# --- The participant catalogue ----------------------------------------------------------------


def participant_filterset(
    *, event: Event, viewer: Registration | None, filters
) -> ParticipantFilter:
    """The catalogue's filters over the approved participants, in catalogue order (by
    organization and last name). Its `qs` is for counting and paging: it orders by the names
    the registrations carry (an index scan of the event's rows: registration_catalogue_idx)
    and joins nothing unless a filter needs to; `participants_by_ids` reads the rows of a page.
    Each row carries `candidate_count`, the number of rows (`COUNT(*) OVER ()`): a page and its
    count are one query (`core.listing.paginate`)."""
    queryset = Registration.objects.filter(
        event=event, status=RegistrationStatus.APPROVED
    ).order_by("organization_name", "last_name", "pk")
    if viewer is not None:
        queryset = queryset.exclude(pk=viewer.pk)
    return ParticipantFilter(filters or None, queryset=queryset)


def participant_page_queryset(filterset: ParticipantFilter) -> QuerySet[Registration]:
    """The filtered catalogue for `paginate`: the primary keys only, each with the count of
    rows (computed before the page's LIMIT), so the page reads its count from its first row."""
    return filterset.qs.only("pk").annotate(candidate_count=Window(Count("pk")))


# What a participant card shows (events/includes/participant_cards.html): not the
# organization's and cluster's long texts and search vector, which made the rows ~2 kB wide
# (the recommendations sort and group them).
CARD_FIELDS = (
    "event_id",
    "user_id",
    "organization_id",
    "status",
    "attendance",
    "offer",
    "seek",
    "user__id",
    "user__first_name",
    "user__last_name",
    "user__email",
    "organization__id",
    "organization__name",
    "organization__kind",
    "organization__country",
    "organization__cluster_id",
    "organization__cluster__id",
    "organization__cluster__name",
)


def participants_by_ids(*, event: Event, ids: list[int]) -> list[Registration]:
    """A catalogue page's participants, in the order of `ids`, with their people,
    organizations and clusters (one query; a card shows no technology areas)."""
    if not ids:
        return []
    rows = {
        registration.pk: registration
        for registration in _registrations(event).filter(pk__in=ids).only(*CARD_FIELDS)
    }
    return [rows[pk] for pk in ids if pk in rows]


@dataclass
class Recommendation:
    registration: Registration
    shared_area_names: list[str] = field(default_factory=list)  # as stored, in area order
    other_country: str = ""

    @property
    def reasons(self) -> list[dict]:
        """As matching's reasons: a code and its parameters, rendered by the template."""
        items = []
        if self.shared_area_names:
            # As TechnologyArea.display_name.
            names = [gettext(name) for name in self.shared_area_names]
            items.append({"code": reasons.AREAS, "names": names})
        if self.other_country:
            items.append({"code": reasons.CROSS_BORDER, "country": self.other_country})
        return items

    @property
    def reason_texts(self) -> list[str]:
        return [reasons.render_reason(item) for item in self.reasons]


def _has_arrays() -> bool:
    return connection.vendor == "postgresql"


def participant_recommendations(
    *, event: Event, viewer: Registration | None, limit: int = RECOMMENDATIONS
) -> list[Recommendation]:
    """Participants of other organizations who share the viewer's technology areas, most
    shared first, other countries first (one query: the `limit * 4` best candidates are
    picked by counting the (registration, area) rows of the viewer's areas, then only their
    rows are joined to their people, organizations and clusters, with the names of the areas
    they share, in the areas' order, and only the `limit` best of them read). Grouping the
    joined card rows instead cost ~10 ms of planning and a sort per candidate on a large
    event."""
    if viewer is None:
        return []
    through = Registration.technology_areas.through
    viewer_areas = through.objects.filter(registration_id=viewer.pk).values("technologyarea_id")
    best = (
        through.objects.filter(
            technologyarea_id__in=viewer_areas,
            registration__event=event,
            registration__status=RegistrationStatus.APPROVED,
        )
        .exclude(registration__organization_id=viewer.organization_id)
        .values("registration_id", "registration__organization_name")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "registration__organization_name", "registration_id")
        .values("registration_id")[: limit * 4]
    )
    shared = through.objects.filter(technologyarea_id__in=viewer_areas).order_by(
        "technologyarea__position", "technologyarea__name"
    )
    queryset = _registrations(event).only(*CARD_FIELDS).filter(pk__in=best)
    own_country = str(viewer.organization.country)
    if _has_arrays():
        # Only the `limit` shown are read: the order below, in SQL.
        shared_names = shared.filter(registration_id=OuterRef("pk")).values("technologyarea__name")
        queryset = queryset.annotate(shared_names=ArraySubquery(shared_names)).order_by(
            Func(F("shared_names"), function="cardinality").desc(),
            ExpressionWrapper(Q(organization__country=own_country), output_field=BooleanField()),
            "organization_name",
            "pk",
        )[:limit]
    else:
        queryset = queryset.order_by("organization_name", "pk")
    candidates = list(queryset)
    names: dict[int, list[str]] = {
        candidate.pk: getattr(candidate, "shared_names", []) for candidate in candidates
    }
    if not _has_arrays():
        # No arrays (SQLite, the demo of `make run`): the names in a second query.
        for registration_id, name in shared.filter(registration_id__in=names).values_list(
            "registration_id", "technologyarea__name"
        ):
            names[registration_id].append(name)
    # Most shared first (one name per shared area), then other countries, then as read.
    candidates.sort(key=lambda r: (-len(names[r.pk]), str(r.organization.country) == own_country))
    recommendations = []
    for registration in candidates[:limit]:
        country = str(registration.organization.country)
        recommendations.append(
            Recommendation(
                registration=registration,
                shared_area_names=names[registration.pk],
                other_country=str(countries.name(country)) if country != own_country else "",
            )
        )
    return recommendations


def _live_requests(sender_id: int, recipient_id: int, now: datetime.datetime) -> QuerySet:
    """The requests sent by `sender_id` or received by `recipient_id` (the same registration)
    that still bind: pending and not expired, or accepted into a meeting still scheduled."""
    return (
        MeetingRequest.objects.filter(Q(sender_id=sender_id) | Q(recipient_id=recipient_id))
        .filter(
            Q(status=RequestStatus.PENDING, expires_at__gt=now)
            | Q(status=RequestStatus.ACCEPTED, meeting__status=MeetingStatus.SCHEDULED)
            | Q(status=RequestStatus.ACCEPTED, meeting__isnull=True)
        )
        .values_list("sender_id", "recipient_id", "status")
    )


# Read on every catalogue and participant page: its SQL compiled once (~1 ms of CPU a page).
LIVE_REQUESTS = PrecompiledQuery(
    _live_requests, -1, -2, datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
)


def request_states(*, viewer: Registration | None) -> dict[int, str]:
    """Per other registration: "sent", "received" or "meeting" with the viewer (one query)."""
    if viewer is None:
        return {}
    states: dict[int, str] = {}
    for sender_id, recipient_id, status in LIVE_REQUESTS.rows(viewer.pk, viewer.pk, timezone.now()):
        other = recipient_id if sender_id == viewer.pk else sender_id
        if status == RequestStatus.ACCEPTED:
            states[other] = "meeting"
        else:
            states.setdefault(other, "sent" if sender_id == viewer.pk else "received")
    return states


# --- Requests ---------------------------------------------------------------------------------


# Both people of a request with their organizations and clusters, as the pages show them.
REQUEST_SIDES = (
    "sender__user",
    "sender__organization__cluster",
    "recipient__user",
    "recipient__organization__cluster",
)


def _requests(event: Event) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(event=event).select_related(
        *REQUEST_SIDES, "answered_by", "created_by"
    )


def requests_received(*, registration: Registration) -> QuerySet[MeetingRequest]:
    return (
        _requests(registration.event)
        .filter(recipient=registration)
        .order_by("status", "expires_at", "pk")
    )


def requests_sent(*, registration: Registration) -> QuerySet[MeetingRequest]:
    return _requests(registration.event).filter(sender=registration).order_by("-created_at", "pk")


def request_get(*, event: Event, pk: int) -> MeetingRequest:
    request = _requests(event).filter(pk=pk).first()
    if request is None:
        raise Http404
    request.event = event
    request.sender.event = request.recipient.event = event
    return request


def free_slots_for_pair(
    *, event: Event, a: Registration, b: Registration, now: datetime.datetime | None = None
) -> list[Slot]:
    """Slots ahead in which both are available and neither is booked; for two in-person
    participants, only those with a table left (one query)."""
    now = now or timezone.now()
    through = Registration.available_slots.through
    slots = (
        Slot.objects.filter(event=event, starts_at__gt=now)
        .filter(Exists(through.objects.filter(slot_id=OuterRef("pk"), registration_id=a.pk)))
        .filter(Exists(through.objects.filter(slot_id=OuterRef("pk"), registration_id=b.pk)))
        .exclude(
            Exists(
                MeetingSeat.objects.filter(slot_id=OuterRef("pk"), registration_id__in=[a.pk, b.pk])
            )
        )
        .order_by("starts_at")
    )
    if meets_in_person(event, a, b):
        slots = slots.annotate(
            tables_used=Count(
                "meetings",
                filter=Q(meetings__status=MeetingStatus.SCHEDULED, meetings__table__isnull=False),
            )
        ).filter(tables_used__lt=event.tables)
    return list(slots)


# --- Agenda and calendar ---------------------------------------------------------------------


def _meetings(event: Event) -> QuerySet[Meeting]:
    return Meeting.objects.filter(event=event).select_related(
        "slot", *(f"request__{side}" for side in REQUEST_SIDES)
    )


def agenda(*, registration: Registration, include_cancelled: bool = False) -> list[Meeting]:
    """The participant's meetings in time order, each with `counterpart` set (two queries:
    `agenda_meetings` then `agenda_counterparts`)."""
    meetings = agenda_meetings(registration=registration, include_cancelled=include_cancelled)
    agenda_counterparts(registration=registration, meetings=meetings)
    return meetings


def agenda_meetings(
    *, registration: Registration, include_cancelled: bool = False
) -> list[Meeting]:
    """The participant's meetings in time order with their slots and requests (one query).

    Found through the participant's requests (an index on each side) and read with their slot
    and request only: one query joining both sides' people and organizations to every meeting
    of the event makes Postgres scan the organizations.
    """
    requests = MeetingRequest.objects.filter(Q(sender=registration) | Q(recipient=registration))
    meetings = Meeting.objects.filter(
        event=registration.event, request__in=requests.values("pk")
    ).select_related("slot", "request")
    if not include_cancelled:
        meetings = meetings.filter(status=MeetingStatus.SCHEDULED)
    return list(meetings.order_by("slot__starts_at", "pk"))


def agenda_counterparts(*, registration: Registration, meetings: list[Meeting]) -> None:
    """Set `counterpart` on each of the participant's `meetings`: the other side with their
    person and organization, read by id (one query, none without meetings)."""

    def other(request: MeetingRequest) -> int:
        return request.recipient_id if request.sender_id == registration.pk else request.sender_id

    people = {}
    if meetings:
        ids = {other(meeting.request) for meeting in meetings}
        # Their people and organizations: an agenda and a feed show no cluster.
        counterparts = Registration.objects.filter(event=registration.event, pk__in=ids)
        people = {
            person.pk: person for person in counterparts.select_related("user", "organization")
        }
    for meeting in meetings:
        meeting.event = registration.event
        request = meeting.request
        counterpart = people[other(request)]
        counterpart.event = registration.event
        if request.sender_id == registration.pk:
            request.sender, request.recipient = registration, counterpart
        else:
            request.sender, request.recipient = counterpart, registration
        meeting.counterpart = counterpart  # type: ignore[attr-defined]


def _acted_for(side: str, staff_cluster_ids) -> Q:
    """Meetings whose `side` ("sender"/"recipient") is of a cluster among `staff_cluster_ids`
    that organises the event."""
    cluster = f"request__{side}__organization__cluster_id"
    organises = Event.organisers.through.objects.filter(
        event_id=OuterRef("event_id"), cluster_id=OuterRef(cluster)
    )
    return Q(**{f"{cluster}__in": staff_cluster_ids}) & Q(Exists(organises))


def meeting_visible_queryset(*, user: User | AnonymousUser) -> QuerySet[Meeting]:
    """The meetings of the participants the user may act for (`permissions.can_act_for`: their
    own; as organising staff, their cluster's participants; every one for consortium admins):
    the agendas they may open."""
    roles = roles_of(user)
    meetings = Meeting.objects.select_related(
        "event", "slot", "request__sender__organization", "request__recipient__organization"
    )
    if roles.is_consortium_admin:
        return meetings
    if not roles.is_authenticated:
        return meetings.none()
    visible = Q(request__sender__user=user) | Q(request__recipient__user=user)
    if roles.staff_cluster_ids:
        staff = roles.staff_cluster_ids
        visible |= _acted_for("sender", staff) | _acted_for("recipient", staff)
    return meetings.filter(visible)


def meeting_get(*, event: Event, pk: int) -> Meeting:
    meeting = _meetings(event).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    meeting.event = event
    meeting.request.sender.event = meeting.request.recipient.event = event
    return meeting


def feed_token(registration: Registration) -> str:
    """The signed, login-free key of a participant's calendar feed."""
    return signing.dumps({"r": registration.pk, "k": registration.feed_key}, salt=FEED_SALT)


def registration_by_feed_token(*, slug: str, token: str) -> Registration:
    """The participant whose calendar feed of the event `slug` the signed token opens, with
    the event (one query; 404 for a bad token or another event's). A feed needs no more of
    them: it shows the counterparts."""
    try:
        data = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        raise Http404 from None
    if not isinstance(data, dict):
        raise Http404
    registration = (
        Registration.objects.select_related(
            "event", "user", "organization", "organization__cluster"
        )
        .filter(event__slug=slug, pk=int(data.get("r") or 0), feed_key=data.get("k") or "-")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


# --- The dashboard ---------------------------------------------------------------------------


# What the dashboard's section shows (events/includes/dashboard_section.html): a person is
# their name (User.__str__), an organization its name. Of five or six wide joined rows (the
# organizations' search documents, the events' descriptions), fewer columns for Django to
# compile and build, and for Postgres to read; the same rows.
_DASHBOARD_PERSON = ("user__first_name", "user__last_name", "user__email", "organization__name")
DASHBOARD_MEETING_COLUMNS = (
    "event__slug",
    "slot__starts_at",
    "slot__ends_at",
    *(
        f"request__{side}__{column}"
        for side in ("sender", "recipient")
        for column in ("user_id", "time_zone", *_DASHBOARD_PERSON)
    ),
)
DASHBOARD_REQUEST_COLUMNS = (
    "event__slug",
    "event__title",
    *(f"sender__{column}" for column in _DASHBOARD_PERSON),
)


def upcoming_meetings_for_user(*, user: User, limit: int = 5) -> list[Meeting]:
    """The person's next meetings across events, with the counterpart (one query)."""
    meetings = list(
        Meeting.objects.filter(
            Q(request__sender__user=user) | Q(request__recipient__user=user),
            status=MeetingStatus.SCHEDULED,
            slot__ends_at__gt=timezone.now(),
        )
        .select_related(*MEETING_PEOPLE)
        .only(*DASHBOARD_MEETING_COLUMNS)
        .order_by("slot__starts_at", "pk")[:limit]
    )
    for meeting in meetings:
        sender, recipient = meeting.request.sender, meeting.request.recipient
        mine = sender if sender.user_id == user.pk else recipient
        meeting.counterpart = recipient if mine is sender else sender  # type: ignore[attr-defined]
        meeting.own_registration = mine  # type: ignore[attr-defined]
    return meetings


def dashboard_partnering_for_user(
    *, user: User, limit: int = 5
) -> tuple[list[Meeting], list[MeetingRequest]]:
    """The dashboard's partnering section: the person's next meetings and the requests to answer.

    Both are a registration's, so a person registered for no event (most members, most of
    the time) costs one indexed check instead of the two reads, whose compiling alone was
    ~3 ms a dashboard; a registered one costs three queries.
    """
    if not Registration.objects.filter(user=user).exists():
        return [], []
    return (
        upcoming_meetings_for_user(user=user, limit=limit),
        requests_to_answer_for_user(user=user, limit=limit),
    )


def requests_to_answer_for_user(*, user: User, limit: int = 5) -> list[MeetingRequest]:
    return list(
        MeetingRequest.objects.filter(
            recipient__user=user,
            status=RequestStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("event", "sender__user", "sender__organization")
        .only(*DASHBOARD_REQUEST_COLUMNS)
        .order_by("expires_at", "pk")[:limit]
    )


# --- The organisers' auto-scheduler, the day, the answers afterwards --------------------------

PREVIEW_ROWS = 200


@dataclass
class PreviewRow:
    request: MeetingRequest
    slot: Slot | None = None
    table: int | None = None
    reason: str = ""
    moved: bool = False


def schedule_preview(
    *, run, limit: int = PREVIEW_ROWS
) -> tuple[list[PreviewRow], list[PreviewRow]]:
    """A run's scheduled and unscheduled meetings, the first `limit` of each (three queries)."""
    scheduled = run.assignments[:limit]
    unscheduled = run.unscheduled[:limit]
    ids = [row[0] for row in scheduled] + [row[0] for row in unscheduled]
    meeting_requests = {
        request.pk: request
        for request in _requests(run.event).filter(pk__in=ids).select_related("meeting")
    }
    slots = {slot.pk: slot for slot in Slot.objects.filter(pk__in={row[1] for row in scheduled})}
    placed = []
    for request_id, slot_id, table in scheduled:
        request = meeting_requests.get(request_id)
        if request is None:
            continue
        meeting = getattr(request, "meeting", None)
        moved = meeting is not None and meeting.slot_id != slot_id
        placed.append(PreviewRow(request, slots.get(slot_id), table, moved=moved))
    placed.sort(
        key=lambda row: (row.slot.starts_at if row.slot else timezone.now(), row.table or 0)
    )
    left = [
        PreviewRow(meeting_requests[request_id], reason=reason)
        for request_id, reason in unscheduled
        if request_id in meeting_requests
    ]
    return placed, left


def event_days(event: Event) -> list[datetime.date]:
    return sorted({slot.starts_at.astimezone(event.zone).date() for slot in event.slots.all()})


def day_meetings(*, event: Event, date: datetime.date) -> list[Meeting]:
    """The day's scheduled meetings (event time) with both sides, in time and table order."""
    zone = event.zone
    start = datetime.datetime.combine(date, datetime.time.min, tzinfo=zone)
    end = start + datetime.timedelta(days=1)
    meetings = list(
        _meetings(event)
        .filter(status=MeetingStatus.SCHEDULED, slot__starts_at__gte=start, slot__starts_at__lt=end)
        .select_related("outcome_by")
        .order_by("slot__starts_at", "table", "pk")
    )
    for meeting in meetings:
        meeting.event = event
    return meetings


def day_participants(*, meetings: list[Meeting]) -> list[tuple[Registration, list[Meeting]]]:
    """Everyone with a meeting that day, by organization and name, with their meetings."""
    people: dict[int, tuple[Registration, list[Meeting]]] = {}
    for meeting in meetings:
        for registration in (meeting.request.sender, meeting.request.recipient):
            people.setdefault(registration.pk, (registration, []))[1].append(meeting)
    return sorted(
        people.values(),
        key=lambda item: (item[0].organization.name, item[0].user.last_name, item[0].pk),
    )


def checked_in(*, event: Event) -> dict[int, Registration]:
    return {
        registration.pk: registration
        for registration in Registration.objects.filter(
            event=event, checked_in_at__isnull=False
        ).select_related("checked_in_by")
    }


def feedback_of(*, meeting: Meeting, registration: Registration):
    return meeting.feedback.filter(registration=registration).first()
