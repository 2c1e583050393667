"""Every write to a follow-up, each recorded as a FollowUpEvent and published as a domain event.

Rules: check who acts (PermissionDenied), lock the follow-up and check its stage
(ValidationError with one of the messages below, nothing changed), `full_clean()`, save, record
the event, then `publish("follow_up.changed", ...)` in the same transaction so that the
notifications written by its handlers commit or roll back with the change.
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import acting_user
from core.domain_events import publish
from core.locks import lock_and_reload
from opportunities.models import ExpressionOfInterest, InterestStatus, Opportunity
from partners.roles import roles_of

from . import permissions
from .models import (
    END_STAGES,
    RANK,
    AgreementType,
    FollowUp,
    FollowUpEvent,
    NoDealReason,
    OpportunityFeedback,
    PassReason,
    Side,
    Stage,
    ValueBand,
)

Action = FollowUpEvent.Action
Via = FollowUpEvent.Via

# Days after the introduction on which each side is asked how it is going.
NUDGE_DAYS = (30, 90, 180)
# Follow-ups nudged per transaction: the notifications of a batch are written in one INSERT.
NUDGE_BATCH = 500

MESSAGE_NOT_INTRODUCTION = _("Only an accepted introduction has a follow-up.")
MESSAGE_ENDED = _("This follow-up has ended. To change it, record a correction.")
MESSAGE_NOT_FORWARD = _(
    "The follow-up is already at this stage or further. To go back, record a correction."
)
MESSAGE_NOT_BACK = _("A correction goes back to an earlier stage.")
MESSAGE_BAD_STAGE = _("Choose a stage of the follow-up.")
MESSAGE_NEEDS_TYPE = _("Choose the type of agreement.")
MESSAGE_NEEDS_REASON = _("Choose why there was no deal.")
MESSAGE_NEEDS_COMMENT = _("Say in a few words what happened.")
MESSAGE_NOT_DISPUTABLE = _("Only an agreement recorded by the other side can be disputed.")
MESSAGE_ALREADY_DISPUTED = _("This agreement is already disputed.")
MESSAGE_NOT_DISPUTED = _("There is no dispute to settle.")
MESSAGE_ANSWER_USED = _("This answer has already been recorded.")
MESSAGE_BAD_REASON = _("Choose a reason.")
MESSAGE_FEEDBACK_OWN = _("You cannot give feedback on your own organization's opportunity.")
MESSAGE_FEEDBACK_DUPLICATE = _("%(organization)s has already given feedback on this opportunity.")
MESSAGE_FEEDBACK_OTHER = _("Say in a few words why you pass.")


def _clean(instance: Any, *relations: str) -> None:
    instance.full_clean(exclude=list(relations), validate_constraints=False)


@transaction.atomic
def follow_up_open(*, interest: ExpressionOfInterest) -> FollowUp:
    """The follow-up of an introduction, created at its first use. Locked for the caller."""
    if interest.status != InterestStatus.ACCEPTED:
        raise ValidationError(MESSAGE_NOT_INTRODUCTION, code="not_introduction")
    follow_up = FollowUp.objects.select_for_update().filter(interest=interest).first()
    if follow_up is not None:
        return follow_up
    follow_up = FollowUp(
        interest=interest,
        owner_organization_id=interest.opportunity.organization_id,
        interested_organization_id=interest.organization_id,
        introduced_at=interest.answered_at or timezone.now(),
    )
    try:
        with transaction.atomic():
            follow_up.save()
    except IntegrityError:
        # Opened by a concurrent request first: use that one.
        follow_up = FollowUp.objects.select_for_update().get(interest=interest)
    return follow_up


def _save_and_record(follow_up: FollowUp, **event: Any) -> FollowUp:
    """Validate and save the follow-up, then add the statement that changed it to its history."""
    _clean(follow_up, "interest", "owner_organization", "interested_organization")
    follow_up.save()
    _record(follow_up, **event)
    return follow_up


def _record(
    follow_up: FollowUp,
    *,
    actor: User | None,
    side: str,
    action: str,
    via: str,
    from_stage: str,
    **details: Any,
) -> FollowUpEvent:
    event = FollowUpEvent(
        follow_up=follow_up,
        actor=acting_user(actor),
        side=side,
        action=action,
        via=via,
        from_stage=from_stage,
        to_stage=follow_up.stage,
        **details,
    )
    _clean(event, "follow_up", "actor")
    event.save()
    publish("follow_up.changed", follow_up=follow_up, event=event)
    return event


def _side_or_deny(actor: User, follow_up: FollowUp) -> str:
    side = permissions.side_of(actor, follow_up)
    if side is None:
        raise PermissionDenied
    return side


def _validate_end(
    stage: str, *, agreement_type: str, value_band: str, no_deal_reason: str, comment: str
) -> None:
    if stage not in RANK:
        raise ValidationError({"stage": MESSAGE_BAD_STAGE})
    if stage == Stage.AGREEMENT and agreement_type not in AgreementType.values:
        raise ValidationError({"agreement_type": MESSAGE_NEEDS_TYPE})
    if value_band and value_band not in ValueBand.values:
        raise ValidationError({"value_band": MESSAGE_BAD_REASON})
    if stage == Stage.NO_DEAL:
        if no_deal_reason not in NoDealReason.values:
            raise ValidationError({"no_deal_reason": MESSAGE_NEEDS_REASON})
        if no_deal_reason == NoDealReason.OTHER and not comment:
            raise ValidationError({"comment": MESSAGE_NEEDS_COMMENT})


def _clear_end(follow_up: FollowUp) -> None:
    follow_up.agreement_type = follow_up.value_band = follow_up.agreement_side = ""
    follow_up.no_deal_reason = follow_up.dispute_comment = ""
    follow_up.agreement_date = follow_up.agreement_recorded_at = follow_up.disputed_at = None


def _advance(
    follow_up: FollowUp,
    *,
    actor: User | None,
    side: str,
    stage: str,
    via: str,
    agreement_type: str = "",
    value_band: str = "",
    agreement_date: datetime.date | None = None,
    no_deal_reason: str = "",
    comment: str = "",
    nudge: int | None = None,
    answer_key: str | None = None,
) -> FollowUp:
    comment = (comment or "").strip()
    _validate_end(
        stage,
        agreement_type=agreement_type,
        value_band=value_band,
        no_deal_reason=no_deal_reason,
        comment=comment,
    )
    from_stage = follow_up.stage
    details = {"comment": comment, "nudge": nudge, "answer_key": answer_key}
    if from_stage == Stage.AGREEMENT == stage and side != follow_up.agreement_side:
        # The other side states the same agreement: kept as its confirmation.
        _record(
            follow_up,
            actor=actor,
            side=side,
            action=Action.CONFIRMED,
            via=via,
            from_stage=from_stage,
            agreement_type=agreement_type,
            value_band=value_band,
            agreement_date=agreement_date,
            **details,
        )
        return follow_up
    if follow_up.is_ended:
        raise ValidationError(MESSAGE_ENDED, code="ended")
    if RANK[stage] <= RANK[from_stage]:
        raise ValidationError(MESSAGE_NOT_FORWARD, code="not_forward")
    follow_up.stage = stage
    if stage == Stage.AGREEMENT:
        follow_up.agreement_type = agreement_type
        follow_up.value_band = value_band
        follow_up.agreement_date = agreement_date
        follow_up.agreement_side = side
        follow_up.agreement_recorded_at = timezone.now()
    elif stage == Stage.NO_DEAL:
        follow_up.no_deal_reason = no_deal_reason
    return _save_and_record(
        follow_up,
        actor=actor,
        side=side,
        action=Action.ADVANCED,
        via=via,
        from_stage=from_stage,
        agreement_type=follow_up.agreement_type,
        value_band=follow_up.value_band,
        agreement_date=follow_up.agreement_date,
        no_deal_reason=follow_up.no_deal_reason,
        **details,
    )


@transaction.atomic
def follow_up_advance(
    *, actor: User, interest: ExpressionOfInterest, stage: str, **details: Any
) -> FollowUp:
    """Either side moves the follow-up forward (details: agreement_type, value_band,
    agreement_date, no_deal_reason, comment)."""
    follow_up = follow_up_open(interest=interest)
    side = _side_or_deny(actor, follow_up)
    return _advance(follow_up, actor=actor, side=side, stage=stage, via=Via.DASHBOARD, **details)


@transaction.atomic
def follow_up_meeting_held(
    *,
    meeting: Any,
    organization_ids: tuple[int, int],
    held_at: datetime.datetime,
    event_title: str,
) -> FollowUp:
    """A partnering meeting between two organizations was held (the `events` app says so).

    If they already have an introduction (an accepted interest, either way round), its
    follow-up moves to "meeting held" when it was not there yet. Otherwise the meeting gets a
    follow-up of its own (`source`), at "meeting held". Either way the step is recorded with
    `via=meeting`, so the cluster figures count the meeting once, from the events app.
    """
    first, second = organization_ids
    interest = (
        ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
        .filter(
            Q(organization_id=first, opportunity__organization_id=second)
            | Q(organization_id=second, opportunity__organization_id=first)
        )
        .select_related("opportunity")
        .order_by("answered_at", "pk")
        .first()
    )
    comment = str(_("Partnering meeting at %(event)s") % {"event": event_title})
    if interest is not None:
        follow_up = follow_up_open(interest=interest)
    else:
        source_type = ContentType.objects.get_for_model(meeting)
        existing = (
            FollowUp.objects.select_for_update()
            .filter(source_type=source_type, source_id=meeting.pk)
            .first()
        )
        if existing is not None:
            follow_up = existing
        else:
            follow_up = FollowUp(
                source_type=source_type,
                source_id=meeting.pk,
                owner_organization_id=first,
                interested_organization_id=second,
                introduced_at=held_at,
            )
            follow_up.save()
    if follow_up.is_ended or RANK[follow_up.stage] >= RANK[Stage.MEETING_HELD]:
        return follow_up
    return _advance(
        follow_up,
        actor=None,
        side=Side.SYSTEM,
        stage=Stage.MEETING_HELD,
        via=Via.MEETING,
        comment=comment,
    )


def answer_key(*, follow_up_id: int, recipient_id: int, nudge: int) -> str:
    return f"{follow_up_id}:{recipient_id}:{nudge}"


@transaction.atomic
def follow_up_answer(
    *, recipient: User, follow_up: FollowUp, nudge: int, answer: str, **details: Any
) -> FollowUp:
    """A one-click answer from a nudge e-mail: once per e-mail and recipient.

    `answer` is a stage or "stop" (no more reminders for the recipient's side).
    """
    lock_and_reload(follow_up)
    side = _side_or_deny(recipient, follow_up)
    key = answer_key(follow_up_id=follow_up.pk, recipient_id=recipient.pk, nudge=nudge)
    if FollowUpEvent.objects.filter(answer_key=key).exists():
        raise ValidationError(MESSAGE_ANSWER_USED, code="used")
    if answer == "stop":
        return _opt_out(follow_up, actor=recipient, side=side, nudge=nudge, answer_key=key)
    return _advance(
        follow_up,
        actor=recipient,
        side=side,
        stage=answer,
        via=Via.EMAIL,
        nudge=nudge,
        answer_key=key,
        **details,
    )


def _opt_out(
    follow_up: FollowUp, *, actor: User, side: str, nudge: int | None, answer_key: str | None
) -> FollowUp:
    if side == Side.OWNER:
        follow_up.owner_opted_out = True
    else:
        follow_up.interested_opted_out = True
    follow_up.save(update_fields=["owner_opted_out", "interested_opted_out", "updated_at"])
    _record(
        follow_up,
        actor=actor,
        side=side,
        action=Action.OPTED_OUT,
        via=Via.EMAIL if nudge else Via.DASHBOARD,
        from_stage=follow_up.stage,
        nudge=nudge,
        answer_key=answer_key,
    )
    return follow_up


@transaction.atomic
def follow_up_correct(
    *, actor: User, interest: ExpressionOfInterest, stage: str, comment: str
) -> FollowUp:
    """An explicit step back (a stage recorded by mistake), with the reason, in the history."""
    follow_up = follow_up_open(interest=interest)
    side = _side_or_deny(actor, follow_up)
    comment = (comment or "").strip()
    if stage not in RANK or stage in END_STAGES:
        raise ValidationError({"stage": MESSAGE_BAD_STAGE})
    from_stage = follow_up.stage
    if RANK[stage] >= RANK[from_stage]:
        raise ValidationError({"stage": MESSAGE_NOT_BACK})
    if not comment:
        raise ValidationError({"comment": MESSAGE_NEEDS_COMMENT})
    follow_up.stage = stage
    _clear_end(follow_up)
    return _save_and_record(
        follow_up,
        actor=actor,
        side=side,
        action=Action.CORRECTED,
        via=Via.DASHBOARD,
        from_stage=from_stage,
        comment=comment,
    )


@transaction.atomic
def follow_up_dispute(*, actor: User, interest: ExpressionOfInterest, comment: str) -> FollowUp:
    """The other side says no agreement was signed: the agreement still counts until the staff
    of both home clusters settle it."""
    follow_up = follow_up_open(interest=interest)
    side = _side_or_deny(actor, follow_up)
    comment = (comment or "").strip()
    if follow_up.stage != Stage.AGREEMENT or side == follow_up.agreement_side:
        raise ValidationError(MESSAGE_NOT_DISPUTABLE, code="not_disputable")
    if follow_up.is_disputed:
        raise ValidationError(MESSAGE_ALREADY_DISPUTED, code="disputed")
    if not comment:
        raise ValidationError({"comment": MESSAGE_NEEDS_COMMENT})
    follow_up.disputed_at = timezone.now()
    follow_up.dispute_comment = comment
    return _save_and_record(
        follow_up,
        actor=actor,
        side=side,
        action=Action.DISPUTED,
        via=Via.DASHBOARD,
        from_stage=follow_up.stage,
        comment=comment,
    )


@transaction.atomic
def follow_up_settle(
    *, actor: User, follow_up: FollowUp, agreement_stands: bool, comment: str
) -> FollowUp:
    """Staff of either home cluster settle a dispute: the agreement stands, or it is undone
    (the follow-up goes back to the stage before it)."""
    if not permissions.is_home_staff(actor, follow_up):
        raise PermissionDenied
    lock_and_reload(follow_up)
    if not follow_up.is_disputed:
        raise ValidationError(MESSAGE_NOT_DISPUTED, code="not_disputed")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": MESSAGE_NEEDS_COMMENT})
    from_stage = follow_up.stage
    if agreement_stands:
        follow_up.disputed_at = None
        follow_up.dispute_comment = ""
    else:
        before = (
            follow_up.events.filter(action=Action.ADVANCED, to_stage=Stage.AGREEMENT)
            .values_list("from_stage", flat=True)
            .first()
        )
        follow_up.stage = before or Stage.INTRODUCED
        _clear_end(follow_up)
    return _save_and_record(
        follow_up,
        actor=actor,
        side=Side.STAFF,
        action=Action.SETTLED,
        via=Via.STAFF,
        from_stage=from_stage,
        comment=comment,
    )


def due_nudge(introduced_at: datetime.datetime, now: datetime.datetime) -> int:
    """The latest nudge whose day has come (0 = none yet)."""
    return sum(1 for days in NUDGE_DAYS if introduced_at + datetime.timedelta(days=days) <= now)


def nudges_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send each introduction's due nudge, exactly once; returns how many follow-ups were nudged.

    A follow-up that missed a nudge (the task did not run) gets only the latest one due. One
    query finds what is due; then `NUDGE_BATCH` follow-ups at a time are claimed, recorded and
    notified in a fixed number of queries (`_nudge_batch`), each batch in its own transaction.
    """
    now = now or timezone.now()
    first_due = now - datetime.timedelta(days=NUDGE_DAYS[0])
    introductions = (
        ExpressionOfInterest.objects.filter(
            status=InterestStatus.ACCEPTED, answered_at__lte=first_due
        )
        .filter(
            Q(follow_up__isnull=True)
            | Q(
                follow_up__nudges_sent__lt=len(NUDGE_DAYS),
                follow_up__stage__in=[s for s in Stage.values if s not in END_STAGES],
            )
        )
        .exclude(follow_up__owner_opted_out=True, follow_up__interested_opted_out=True)
        .values_list("pk", "answered_at", "follow_up__nudges_sent")
        .order_by("pk")
    )
    due = []
    for interest_id, introduced_at, sent in introductions.iterator(chunk_size=5000):
        number = due_nudge(introduced_at, now) if introduced_at else 0
        if number > (sent or 0):
            due.append((interest_id, number))
    nudged = 0
    for start in range(0, len(due), NUDGE_BATCH):
        nudged += _nudge_batch(due[start : start + NUDGE_BATCH])
    return nudged


def follow_up_nudge(*, interest_id: int, number: int) -> bool:
    """Mark nudge `number` of one introduction as sent and publish it (the handlers write the
    e-mails); False if it was sent already or the follow-up has ended."""
    return _nudge_batch([(interest_id, number)]) == 1


@transaction.atomic
def _nudge_batch(due: list[tuple[int, int]]) -> int:
    """Nudge `number` of each (introduction, number) whose follow-up has not had it yet.

    The follow-ups not opened yet are opened in one INSERT (ON CONFLICT DO NOTHING: one opened
    concurrently is kept); the rest are locked in id order (two runs wait for each other
    instead of deadlocking) and their `nudges_sent` read under the lock: the guard against two
    runs sending the same nudge (the outbox's (recipient, event_key) is the second one).
    Publishes "follow_up.nudges_due" once for the batch, with each follow-up and its nudge's
    number (the notifications write every e-mail of the batch at once).
    """
    number_of = dict(due)
    now = timezone.now()
    unopened = ExpressionOfInterest.objects.filter(
        pk__in=number_of, status=InterestStatus.ACCEPTED, follow_up__isnull=True
    ).values_list("pk", "opportunity__organization_id", "organization_id", "answered_at")
    FollowUp.objects.bulk_create(
        [
            FollowUp(
                interest_id=interest_id,
                owner_organization_id=owner_id,
                interested_organization_id=interested_id,
                introduced_at=introduced_at or now,
            )
            for interest_id, owner_id, interested_id, introduced_at in unopened
        ],
        ignore_conflicts=True,
    )
    claimed = [
        follow_up
        for follow_up in FollowUp.objects.select_for_update()
        .filter(interest_id__in=number_of)
        .exclude(stage__in=END_STAGES)
        .order_by("pk")
        if follow_up.nudges_sent < number_of[follow_up.interest_id or 0]
    ]
    if not claimed:
        return 0
    by_number: dict[int, list[int]] = {}
    for follow_up in claimed:
        follow_up.nudges_sent = number_of[follow_up.interest_id or 0]
        follow_up.updated_at = now
        by_number.setdefault(follow_up.nudges_sent, []).append(follow_up.pk)
    for number, ids in by_number.items():
        FollowUp.objects.filter(pk__in=ids).update(nudges_sent=number, updated_at=now)
    FollowUpEvent.objects.bulk_create(
        FollowUpEvent(
            follow_up=follow_up,
            side=Side.SYSTEM,
            action=Action.NUDGED,
            via=Via.SYSTEM,
            from_stage=follow_up.stage,
            to_stage=follow_up.stage,
            nudge=follow_up.nudges_sent,
        )
        for follow_up in claimed
    )
    publish("follow_up.nudges_due", nudges=[(f, f.nudges_sent) for f in claimed])
    return len(claimed)


@transaction.atomic
def feedback_give(
    *,
    actor: User,
    opportunity: Opportunity,
    organization_id: int,
    reason: str,
    text: str = "",
    show_name: bool = False,
) -> OpportunityFeedback:
    """Pass on an opportunity with a reason; only the author's organization reads it."""
    roles = roles_of(actor)
    if not roles.is_member_of(organization_id):
        raise PermissionDenied
    if organization_id == opportunity.organization_id:
        raise ValidationError(MESSAGE_FEEDBACK_OWN, code="own")
    text = (text or "").strip()
    if reason not in PassReason.values:
        raise ValidationError({"reason": MESSAGE_BAD_REASON})
    if reason == PassReason.OTHER and not text:
        raise ValidationError({"text": MESSAGE_FEEDBACK_OTHER})
    feedback = OpportunityFeedback(
        opportunity=opportunity,
        organization_id=organization_id,
        author=actor,
        reason=reason,
        text=text,
        show_name=show_name,
    )
    _clean(feedback, "opportunity", "organization", "author")
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as error:
        name = feedback.organization.name
        raise ValidationError(
            MESSAGE_FEEDBACK_DUPLICATE, code="duplicate", params={"organization": name}
        ) from error
    publish("opportunity.feedback_given", feedback=feedback)
    return feedback
