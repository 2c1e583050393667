"""The organisers' auto-scheduler on an event: run it (a preview that changes nothing), publish
the result, lock and unlock meetings.

A run reads the event as it is: every accepted request is a meeting to place, in the future
slots where both people are available. Scheduled meetings that are locked (all published and
pair-chosen ones, until the organisers unlock them) and those already under way stay where
they are; unlocked ones may move. The solver (scheduling.solver) runs inline for a small
event and in the Celery worker for a large one, within the run's time limit; its result is
checked by the validator (scheduling.validate), which knows nothing of the solver, and the
independent upper bound (scheduling.bound) and the first-fit baseline are computed and logged
with every run.

Publishing checks the run against the event as it is then (a meeting booked, cancelled or an
availability changed since makes it stale: run again), books the new meetings, moves the
unlocked ones, locks them all and sends every participant their agenda through the outbox.
"""

import datetime
import logging
from dataclasses import dataclass

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.domain_events import publish

from . import permissions
from .models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingSource,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    RequestStatus,
    RunStatus,
    ScheduleRun,
    SchedulingMode,
    Slot,
)
from .scheduling import bound, explain, greedy, metrics, solver, validate
from .scheduling.instance import Instance, MeetingInfo, Schedule, SlotInfo
from .services import meets_in_person, video_url_for

logger = logging.getLogger(__name__)

# Up to this many meetings to place, the run is solved at once in the request; beyond, in
# the Celery worker (events.tasks.schedule_run_task).
INLINE_MEETINGS = 150
RUN_TASK = "events.tasks.schedule_run_task"
INLINE_TIME_LIMIT = 5
WORKER_TIME_LIMIT = 25
# A run still marked running after this long was stopped (worker lost): another may start.
RUN_STALE_AFTER = datetime.timedelta(minutes=10)

MESSAGE_NOT_AUTO = _("Meeting times at this event are chosen by the participants.")
MESSAGE_NOTHING = _("There are no accepted requests to schedule.")
MESSAGE_RUN_BUSY = _("The auto-scheduler is already running for this event.")
MESSAGE_NOT_PREVIEW = _("Only the latest finished run can be published.")
MESSAGE_STALE = _("Meetings or availability changed since this run. Run the auto-scheduler again.")
MESSAGE_OVER = _("The event's meeting times are over.")


@dataclass
class Basis:
    """The event as the scheduler sees it: the instance and the rows behind it."""

    instance: Instance
    requests: dict[int, MeetingRequest]  # the accepted requests, by id
    meetings: dict[int, Meeting]  # scheduled meetings, by request id
    slots: dict[int, Slot]

    @property
    def to_place(self) -> int:
        return sum(1 for meeting in self.instance.meetings if not meeting.is_fixed)


def read_basis(event: Event, now: datetime.datetime | None = None) -> Basis:
    now = now or timezone.now()
    slots = list(event.slots.order_by("starts_at"))
    zone = event.zone
    dates = sorted({slot.starts_at.astimezone(zone).date() for slot in slots})
    day_of = {date: index for index, date in enumerate(dates)}
    slot_infos = tuple(
        SlotInfo(slot.pk, day_of[slot.starts_at.astimezone(zone).date()]) for slot in slots
    )
    future = {slot.pk for slot in slots if slot.starts_at > now}
    approved = set(
        event.registrations.filter(status=RegistrationStatus.APPROVED).values_list("pk", flat=True)
    )
    availability: dict[int, set[int]] = {pk: set() for pk in approved}
    through = Registration.available_slots.through
    for registration_id, slot_id in through.objects.filter(
        registration_id__in=approved, slot_id__in=future
    ).values_list("registration_id", "slot_id"):
        availability[registration_id].add(slot_id)
    requests = {
        request.pk: request
        for request in MeetingRequest.objects.filter(
            event=event, status=RequestStatus.ACCEPTED
        ).select_related("sender", "recipient")
    }
    meetings = {
        meeting.request_id: meeting
        for meeting in Meeting.objects.filter(event=event).select_related("slot")
    }
    infos = []
    by_slot = {slot.pk: slot for slot in slots}
    for request in requests.values():
        meeting = meetings.get(request.pk)
        if meeting is not None and meeting.status != MeetingStatus.SCHEDULED:
            continue  # cancelled: it stays so
        if request.sender_id not in approved or request.recipient_id not in approved:
            continue
        in_person = meets_in_person(event, request.sender, request.recipient)
        fixed_slot = fixed_table = None
        if meeting is not None and (meeting.locked or meeting.slot_id not in future):
            fixed_slot, fixed_table = meeting.slot_id, meeting.table if in_person else None
        infos.append(
            MeetingInfo(
                request.pk,
                request.sender_id,
                request.recipient_id,
                in_person,
                fixed_slot,
                fixed_table,
            )
        )
    instance = Instance(
        slots=slot_infos,
        tables=event.tables if event.has_tables else 0,
        availability={pk: frozenset(slots) for pk, slots in availability.items()},
        meetings=tuple(sorted(infos, key=lambda info: info.id)),
    )
    scheduled = {
        request_id: meeting
        for request_id, meeting in meetings.items()
        if meeting.status == MeetingStatus.SCHEDULED
    }
    return Basis(instance=instance, requests=requests, meetings=scheduled, slots=by_slot)


def _check_organiser(actor: User, event: Event) -> None:
    if not permissions.is_organiser(actor, event):
        raise PermissionDenied


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def schedule_run_start(*, actor: User, event: Event) -> ScheduleRun:
    """Start a run: solved here for a small event, queued for the worker for a large one."""
    _check_organiser(actor, event)
    _lock_event(event)
    if event.scheduling != SchedulingMode.AUTO:
        raise ValidationError(MESSAGE_NOT_AUTO, code="not_auto")
    now = timezone.now()
    if event.ends_at is None or event.ends_at <= now:
        raise ValidationError(MESSAGE_OVER, code="over")
    if event.schedule_runs.filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING], created_at__gt=now - RUN_STALE_AFTER
    ).exists():
        raise ValidationError(MESSAGE_RUN_BUSY, code="busy")
    basis = read_basis(event, now)
    if not basis.to_place:
        raise ValidationError(MESSAGE_NOTHING, code="nothing")
    inline = basis.to_place <= INLINE_MEETINGS
    run = ScheduleRun.objects.create(
        event=event,
        created_by=actor,
        time_limit=INLINE_TIME_LIMIT if inline else WORKER_TIME_LIMIT,
    )
    if inline:
        _execute(run, basis)
    else:
        # By name: the task module imports this one.
        transaction.on_commit(lambda: current_app.tasks[RUN_TASK].delay(run.pk))
    publish("schedule.run", run=run, actor=actor)
    return run


def schedule_run_execute(*, run_id: int) -> ScheduleRun | None:
    """The worker's side: solve a queued run (once; a second delivery finds it taken)."""
    with transaction.atomic():
        run = (
            ScheduleRun.objects.select_for_update(skip_locked=True)
            .filter(pk=run_id, status=RunStatus.QUEUED)
            .select_related("event")
            .first()
        )
        if run is None:
            return None
        run.status = RunStatus.RUNNING
        run.save(update_fields=["status"])
    basis = read_basis(run.event)
    with transaction.atomic():
        _execute(run, basis)
    return run


def _execute(run: ScheduleRun, basis: Basis) -> None:
    instance = basis.instance
    result = solver.solve(instance, time_limit=run.time_limit)
    upper = bound.upper_bound(instance)
    baseline = greedy.first_fit(instance)
    problems = validate.problems(instance, result.schedule)
    gaps = metrics.idle_gaps(instance, result.schedule)
    baseline_gaps = metrics.idle_gaps(instance, baseline)
    reasons = explain.unscheduled_reasons(instance, result.schedule)
    moved = sum(
        1
        for request_id, (slot, _table) in result.schedule.assignments.items()
        if request_id in basis.meetings and basis.meetings[request_id].slot_id != slot
    )
    run.figures = {
        "accepted": len(instance.meetings),
        "scheduled": result.schedule.count,
        "unscheduled": len(reasons),
        "locked": upper.locked,
        "new": sum(1 for rid in result.schedule.assignments if rid not in basis.meetings),
        "moved": moved,
        "upper_bound": upper.value,
        "bound_by_slots": upper.locked + upper.by_slots,
        "bound_by_people": upper.locked + upper.by_people,
        "share_of_bound": round(result.schedule.count / upper.value, 4) if upper.value else 1,
        "first_fit": baseline.count,
        "mean_idle_gap": round(gaps.mean, 2),
        "first_fit_mean_idle_gap": round(baseline_gaps.mean, 2),
        "solver_status": result.status,
        "seconds": round(result.seconds, 2),
    }
    run.assignments = [
        [request_id, slot, table]
        for request_id, (slot, table) in sorted(result.schedule.assignments.items())
    ]
    run.unscheduled = sorted([request_id, reason] for request_id, reason in reasons.items())
    run.problems = problems
    run.status = RunStatus.FAILED if problems else RunStatus.DONE
    run.finished_at = timezone.now()
    run.save()
    logger.info(
        "auto-scheduler: event %s run %s: %s of %s scheduled, upper bound %s (%.1f%%), "
        "first fit %s, mean idle gap %s (first fit %s), %s s, %s, %d problems",
        run.event_id,
        run.pk,
        result.schedule.count,
        len(instance.meetings),
        upper.value,
        100 * run.figures["share_of_bound"],
        baseline.count,
        run.figures["mean_idle_gap"],
        run.figures["first_fit_mean_idle_gap"],
        run.figures["seconds"],
        result.status,
        len(problems),
    )


def latest_run(event: Event) -> ScheduleRun | None:
    return event.schedule_runs.order_by("-created_at", "-pk").first()


@transaction.atomic
def schedule_publish(*, actor: User, run: ScheduleRun) -> ScheduleRun:
    event = run.event
    _check_organiser(actor, event)
    _lock_event(event)
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    run.event = event
    newest = latest_run(event)
    if run.status != RunStatus.DONE or newest is None or newest.pk != run.pk:
        raise ValidationError(MESSAGE_NOT_PREVIEW, code="not_preview")
    now = timezone.now()
    basis = read_basis(event, now)
    known = {meeting.id for meeting in basis.instance.meetings}
    schedule = Schedule({request_id: (slot, table) for request_id, slot, table in run.assignments})
    if set(schedule.assignments) - known or validate.problems(basis.instance, schedule):
        raise ValidationError(MESSAGE_STALE, code="stale")
    counts = _apply(actor, event, basis, schedule, now)
    run.status, run.published_at, run.published_by = RunStatus.PUBLISHED, now, actor
    run.figures = {**run.figures, **{f"published_{key}": n for key, n in counts.items()}}
    run.save(update_fields=["status", "published_at", "published_by", "figures"])
    event.schedule_runs.filter(status=RunStatus.DONE).exclude(pk=run.pk).update(
        status=RunStatus.SUPERSEDED
    )
    publish("schedule.published", event=event, run=run, actor=actor)
    return run


def _apply(actor, event, basis: Basis, schedule: Schedule, now) -> dict[str, int]:
    """Book new meetings, move the unlocked ones, cancel unlocked ones left out; lock all."""
    moving = []
    for request_id, meeting in basis.meetings.items():
        if meeting.locked or meeting.slot.starts_at <= now:
            continue
        target = schedule.assignments.get(request_id)
        if target != (meeting.slot_id, meeting.table):
            moving.append(meeting)
    # Free the moving meetings' seats and tables first, so that two of them may swap.
    MeetingSeat.objects.filter(meeting__in=moving).delete()
    Meeting.objects.filter(pk__in=[m.pk for m in moving]).update(table=None)
    moved = cancelled = created = 0
    for meeting in moving:
        target = schedule.assignments.get(meeting.request_id)
        request = basis.requests[meeting.request_id]
        meeting.event, meeting.request = event, request
        if target is None:
            meeting.status, meeting.cancelled_at, meeting.cancelled_by = (
                MeetingStatus.CANCELLED,
                now,
                actor,
            )
            meeting.sequence += 1
            meeting.save()
            publish("meeting.cancelled", meeting=meeting, actor=None)
            cancelled += 1
            continue
        meeting.slot = basis.slots[target[0]]
        meeting.table = target[1]
        meeting.sequence += 1
        meeting.reminded_day_before_at = meeting.reminded_soon_at = None
        meeting.save()
        _seat(meeting, request)
        moved += 1
    for request_id, (slot_id, table) in schedule.assignments.items():
        if request_id in basis.meetings:
            continue
        request = basis.requests[request_id]
        meeting = Meeting(
            event=event,
            request=request,
            slot=basis.slots[slot_id],
            table=table,
            source=MeetingSource.ORGANISERS,
            scheduled_by=actor,
        )
        meeting.full_clean(exclude=["event", "request", "slot", "scheduled_by", "video_url"])
        meeting.save()
        if table is None:
            meeting.video_url = video_url_for(event, meeting)
            meeting.save(update_fields=["video_url"])
        _seat(meeting, request)
        publish("meeting.scheduled", meeting=meeting, actor=actor)
        created += 1
    Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED, locked=False).update(
        locked=True
    )
    return {"created": created, "moved": moved, "cancelled": cancelled}


def _seat(meeting: Meeting, request: MeetingRequest) -> None:
    MeetingSeat.objects.bulk_create(
        MeetingSeat(meeting=meeting, registration_id=registration_id, slot=meeting.slot)
        for registration_id in (request.sender_id, request.recipient_id)
    )


@transaction.atomic
def meeting_lock_set(*, actor: User, meeting: Meeting, locked: bool) -> Meeting:
    """Unlocked, a meeting may move when the organisers run the auto-scheduler again."""
    _check_organiser(actor, meeting.event)
    meeting = Meeting.objects.select_for_update().select_related("event").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("This meeting is not scheduled."), code="not_scheduled")
    meeting.locked = locked
    meeting.save(update_fields=["locked", "updated_at"])
    return meeting


@transaction.atomic
def meetings_unlock_all(*, actor: User, event: Event) -> int:
    _check_organiser(actor, event)
    _lock_event(event)
    return Meeting.objects.filter(
        event=event,
        status=MeetingStatus.SCHEDULED,
        locked=True,
        slot__starts_at__gt=timezone.now(),
    ).update(locked=False)
