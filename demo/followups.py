"""Demo follow-ups: the introductions of the demo marketplace in every follow-up state (some
agreements disputed, some corrected), nudges already sent, and feedback from members passing
on opportunities. Through the services, then dated like the introductions they follow."""

import datetime
import random

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from followups import services
from followups.models import (
    RANK,
    AgreementType,
    FollowUp,
    FollowUpEvent,
    NoDealReason,
    PassReason,
    Stage,
    ValueBand,
)
from opportunities.models import ExpressionOfInterest, InterestStatus, Opportunity
from opportunities.models import OpportunityStatus as Status
from partners.models import Membership

from .data import load

# The stages an introduction passes through on its way to `target` (none for "introduced").
PATH = [Stage.IN_CONTACT, Stage.MEETING_HELD, Stage.NDA_SIGNED, Stage.PROPOSAL]


def _steps(target: str) -> list[str]:
    if target == Stage.INTRODUCED:
        return []
    if target in (Stage.AGREEMENT, Stage.NO_DEAL):
        return [*PATH, target]
    return [stage for stage in PATH if RANK[stage] <= RANK[target]]


def _weighted(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=count)


def _speaker(interest: ExpressionOfInterest, *, owner_side: bool):
    """Who speaks for a side: the people of the introduction, else any member."""
    person = interest.answered_by if owner_side else interest.author
    if person is not None:
        return person
    organization_id = (
        interest.opportunity.organization_id if owner_side else interest.organization_id
    )
    membership = Membership.objects.filter(organization_id=organization_id).first()
    return membership.user if membership else None


def _follow(rng: random.Random, texts: dict, interest: ExpressionOfInterest, target: str) -> None:
    owner, interested = _speaker(interest, owner_side=True), _speaker(interest, owner_side=False)
    if owner is None or interested is None:
        return
    # A partnering meeting held at the demo's past event may have moved it already.
    reached = FollowUp.objects.filter(interest=interest).values_list("stage", flat=True).first()
    for stage in _steps(target):
        if reached is not None and RANK[stage] <= RANK[reached]:
            continue
        actor = owner if rng.random() < 0.5 else interested
        details = {"comment": texts["comments"].get(stage, "") if rng.random() < 0.5 else ""}
        if stage == Stage.AGREEMENT:
            details.update(
                agreement_type=rng.choice(AgreementType.values),
                value_band=rng.choice(["", *ValueBand.values]),
            )
        elif stage == Stage.NO_DEAL:
            details.update(no_deal_reason=rng.choice(NoDealReason.values))
            if details["no_deal_reason"] == NoDealReason.OTHER:
                details["comment"] = texts["comments"][Stage.NO_DEAL]
        services.follow_up_advance(actor=actor, interest=interest, stage=stage, **details)
    follow_up = FollowUp.objects.filter(interest=interest).first()
    if follow_up is None:
        return
    if target == Stage.NDA_SIGNED and rng.random() < 0.2:
        services.follow_up_correct(
            actor=owner, interest=interest, stage=Stage.MEETING_HELD, comment=texts["corrections"]
        )
    if target == Stage.AGREEMENT and rng.random() < 0.15:
        other = interested if follow_up.agreement_side == "owner" else owner
        services.follow_up_dispute(actor=other, interest=interest, comment=texts["dispute"])
    _date(rng, follow_up)


def _date(rng: random.Random, follow_up: FollowUp) -> None:
    """Spread the statements between the introduction and today, in their order."""
    now = timezone.now()
    moment = follow_up.introduced_at
    for event in follow_up.events.order_by("pk"):
        room = max((now - moment).total_seconds() / 3, 3600)
        moment = min(moment + datetime.timedelta(seconds=rng.uniform(600, room)), now)
        FollowUpEvent.objects.filter(pk=event.pk).update(created_at=moment)
    values = {"nudges_sent": services.due_nudge(follow_up.introduced_at, now)}
    if follow_up.stage == Stage.AGREEMENT:
        values["agreement_recorded_at"] = moment
        values["agreement_date"] = moment.date()
    if follow_up.disputed_at:
        values["disputed_at"] = moment
    FollowUp.objects.filter(pk=follow_up.pk).update(**values)


def _feedback(rng: random.Random, texts: dict) -> int:
    """Members of organizations that showed no interest pass on some published opportunities."""
    given = 0
    published = list(Opportunity.objects.filter(status=Status.PUBLISHED).order_by("pk")[:120])
    memberships = list(Membership.objects.select_related("user").order_by("pk")[:200])
    for opportunity in published:
        if rng.random() < 0.5 or not memberships:
            continue
        for membership in rng.sample(memberships, k=min(3, len(memberships))):
            if membership.organization_id == opportunity.organization_id:
                continue
            if ExpressionOfInterest.objects.filter(
                opportunity=opportunity, organization_id=membership.organization_id
            ).exists():
                continue
            reason = rng.choice(PassReason.values)
            text = rng.choice(texts["feedback_texts"]) if reason == PassReason.OTHER else ""
            if text == "" and rng.random() < 0.3:
                text = rng.choice(texts["feedback_texts"])
            try:
                services.feedback_give(
                    actor=membership.user,
                    opportunity=opportunity,
                    organization_id=membership.organization_id,
                    reason=reason,
                    text=text,
                    show_name=rng.random() < 0.3,
                )
            except ValidationError:
                continue  # that organization already passed on it
            given += 1
    return given


def seed(*, rng: random.Random) -> str:
    local = random.Random(rng.randrange(2**32))
    # The follow-ups the demo's events made (held meetings) are not the demo's follow-ups.
    if FollowUpEvent.objects.exclude(via=FollowUpEvent.Via.MEETING).exists():
        return "demo follow-ups already there"
    texts = load("followups")
    introductions = list(
        ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
        .filter(~Q(answered_at=None))
        .select_related("opportunity", "answered_by", "author")
        .order_by("pk")
    )
    targets = _weighted(local, texts["stages"], len(introductions))
    # Every state appears: the first introductions take each stage in turn.
    targets[: len(Stage.values)] = Stage.values[: len(introductions)]
    for interest, target in zip(introductions, targets, strict=True):
        _follow(local, texts, interest, target)
    feedback = _feedback(local, texts)
    counts = dict.fromkeys(Stage.values, 0)
    # Of these introductions only (the events' held meetings have follow-ups of their own).
    followed = FollowUp.objects.filter(interest__in=[interest.pk for interest in introductions])
    for stage in followed.values_list("stage", flat=True):
        counts[stage] += 1
    counts[Stage.INTRODUCED] += len(introductions) - sum(counts.values())
    summary = ", ".join(f"{count} {stage}" for stage, count in counts.items())
    return f"follow-ups: {summary}; {feedback} feedback"
